package dev.switchyard.server.api;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.server.openai.OpenAiErrors;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * How the admin API's report routes answer, one way for all of them (the usage report, activity, and the console's
 * overview, rankings and requests explorer): parameters are read on the event loop and a {@link BadParameter} is a
 * 400 naming the parameter; the store is read on a worker thread and its failure is a 500; every error is in the
 * admin API's (OpenAI-shaped) envelope; a report is JSON or, where offered, CSV ({@code format=csv|json}, else an
 * {@code Accept} naming {@code text/csv}).
 */
public final class AdminReplies {

    /** The content type of a CSV report. */
    public static final String CSV = "text/csv; charset=utf-8";
    /** The content type of a JSON report. */
    public static final String JSON = "application/json";

    private AdminReplies() {
    }

    /**
     * The request's parameters as {@code read} makes them, or empty when one cannot be read: the 400 naming it has
     * then been sent.
     */
    public static <T> Optional<T> parameters(RoutingContext ctx, Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (BadParameter e) {
            error(ctx, GatewayError.invalidRequest(e.getMessage(), e.param()));
            return Optional.empty();
        }
    }

    /**
     * Runs {@code work} (store reads) on a worker thread and answers with its text; a {@link BadParameter} it throws is a
     * 400, any other failure a 500 that says the store is unavailable (its cause is not the client's business).
     */
    public static void answer(RoutingContext ctx, String contentType, Callable<String> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause() instanceof BadParameter b ? GatewayError.invalidRequest(b.getMessage(), b.param())
                        : GatewayError.builder(ErrorKind.SERVER, "usage store unavailable").build());
            } else {
                ctx.response().putHeader("content-type", contentType).end(ar.result());
            }
        });
    }

    /** Whether the client asked for CSV: {@code format} decides, else the {@code Accept} header. */
    public static boolean wantsCsv(RoutingContext ctx) {
        String format = ctx.request().getParam("format");
        if (format != null) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new BadParameter("format", "invalid 'format': '" + format
                        + "' (expected: json or csv)");
            };
        }
        String accept = ctx.request().getHeader("accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    /** An error in the admin API's envelope, with its status. */
    public static void error(RoutingContext ctx, GatewayError e) {
        ctx.response().setStatusCode(e.status()).putHeader("content-type", JSON).end(OpenAiErrors.body(e));
    }
}
