package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.Ticker;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Deadlines;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.InboundRequest;
import dev.switchyard.core.pipeline.Pipeline;
import dev.switchyard.server.http.BodyReader;
import dev.switchyard.server.http.ConnectionHygiene;
import dev.switchyard.server.http.HttpEdge;
import dev.switchyard.server.http.HttpClientChannel;
import dev.switchyard.server.http.PresentedHeaders;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every front door, top to bottom: a generation id on every response (also as OpenRouter's {@code x-generation-id}),
 * the body read within its limit, the door's {@link Decoder} turning it into an {@link InboundRequest}, the request's
 * own deadline headers, and the exchange run through the pipeline. A failure at any step reaches the client in the
 * door's own protocol through its {@link HttpClientChannel}, and is recorded in the ledger like any other answer.
 */
public final class FrontDoorEndpoint implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(FrontDoorEndpoint.class);
    /** How long past its whole-request deadline an unanswered request is ended by the edge. */
    private static final long REQUEST_GRACE_MILLIS = 2_000;

    /** Reads one door's request. */
    @FunctionalInterface
    public interface Decoder {
        /**
         * @throws GatewayError a 400 naming what is wrong with the request
         */
        InboundRequest decode(RoutingContext ctx, Buffer body);
    }

    /** Opens one door's channel back to the client. */
    @FunctionalInterface
    public interface Channels {
        /**
         * @param generationId the answer's id (for in-band error events that carry one)
         * @param model the model as the client named it, empty before the request was read
         */
        HttpClientChannel open(HttpServerResponse response, String generationId, String model);
    }

    private final String api;
    private final Channels channels;
    private final Decoder decoder;
    private final FrontDoorSettings settings;

    /**
     * @param api the ledger's name for this door, e.g. {@code chat.completions}, {@code messages}
     * @param channels the door's channel, which writes its errors
     * @param decoder reads the door's requests
     * @param settings what every door shares
     */
    public FrontDoorEndpoint(String api, Channels channels, Decoder decoder, FrontDoorSettings settings) {
        this.api = api;
        this.channels = channels;
        this.decoder = decoder;
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Ticker ticker = settings.ticker();
        long startNanos = ticker.nanos();
        long createdAt = settings.clock().epochMillis();
        String id = settings.generationIds().get();
        response.putHeader("x-switchyard-generation-id", id).putHeader("x-generation-id", id);
        BodyReader.read(request, settings.maxBodyBytes(), HttpEdge.bodyReservation(ctx)).onComplete(ar -> {
            Exchange exchange;
            try {
                if (ar.failed()) {
                    throw ar.cause() instanceof GatewayError g ? g
                            : GatewayError.builder(ErrorKind.INVALID_REQUEST, "could not read the request body").build();
                }
                InboundRequest inbound = decoder.decode(ctx, ar.result());
                exchange = new Exchange(id, api, inbound, channels.open(response, id, inbound.model()), ticker,
                        createdAt);
                exchange.client().onClose(exchange::cancel);
                exchange.presented(PresentedHeaders.read(request));
                String traceparent = request.getHeader("traceparent");
                if (traceparent != null) {
                    String tracestate = request.getHeader("tracestate");
                    exchange.traceContext(tracestate == null ? Map.of("traceparent", traceparent)
                            : Map.of("traceparent", traceparent, "tracestate", tracestate));
                }
                Deadlines narrowed = FrontDoorSettings.requestDeadlines(request, settings.deadlines());
                if (narrowed != settings.deadlines()) {
                    exchange.deadlines(narrowed);
                }
            } catch (GatewayError e) {
                if (e.kind() == ErrorKind.PAYLOAD_TOO_LARGE && request.version() != HttpVersion.HTTP_2) {
                    response.putHeader("connection", "close"); // HTTP/1.x: the rest of the body is not read
                }
                String model = ar.succeeded() ? RequestedModel.peek(settings.json().getFactory(), ar.result()) : "";
                settings.pipeline().reject(id, api, model, e, channels.open(response, id, model), createdAt,
                        TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - startNanos));
                return;
            }
            guard(ctx, exchange);
            settings.pipeline().execute(exchange);
        });
    }

    /**
     * The edge's last line of defence for the whole-request deadline: the pipeline enforces it around every provider
     * call, and this guard ends a request that is somehow still unanswered a grace period after it (504 before the
     * head, else the in-band error), logging it as the gateway fault it is. On a policed connection the guard is a
     * deadline checked by its event loop's connection sweep ({@link ConnectionHygiene}), so a request costs no timer;
     * elsewhere it is a timer cancelled when the request ends.
     */
    private void guard(RoutingContext ctx, Exchange exchange) {
        Duration deadline = exchange.deadlines().orElse(settings.deadlines()).request();
        HttpServerResponse response = ctx.response();
        Runnable onExpiry = () -> {
            if (!response.ended() && !response.closed()) {
                LOG.error("request {} outlived its whole-request deadline ({} ms) without an answer; ending it"
                        + " (served by {}, attempts {}, committed {})", exchange.id(), deadline.toMillis(),
                        exchange.servedBy().map(e -> e.tag()).orElse("none"), exchange.attempts(),
                        exchange.client().committed());
                exchange.client().fail(GatewayError.builder(ErrorKind.TIMEOUT, "the request exceeded its deadline of "
                        + deadline.toMillis() + " ms").code("request_deadline").build());
            }
        };
        Duration after = deadline.plusMillis(REQUEST_GRACE_MILLIS);
        ConnectionHygiene.Tracked connection = HttpEdge.connection(ctx).orElse(null);
        if (connection != null) {
            connection.guard(after, onExpiry);
            return;
        }
        long timer = ctx.vertx().setTimer(after.toMillis(), t -> onExpiry.run());
        ctx.addEndHandler(ar -> ctx.vertx().cancelTimer(timer)); // never response.endHandler: the context owns it
    }

    /** The trimmed {@code x-session-id} header, at most 256 characters; empty when absent. */
    public static String sessionHeader(HttpServerRequest request) {
        String v = request.getHeader("x-session-id");
        if (v == null || v.isBlank()) {
            return "";
        }
        String s = v.trim();
        return s.length() > 256 ? s.substring(0, 256) : s;
    }

    /**
     * Settings every front door shares.
     *
     * @param json a mapper whose factory carries the request parsing limits
     * @param generationIds where generation ids come from
     */
    public record FrontDoorSettings(Pipeline pipeline, ObjectMapper json, long maxBodyBytes, Ticker ticker,
                                    WallClock clock, Deadlines deadlines, Supplier<String> generationIds) {

        /**
         * The configured deadlines, narrowed by the request's {@code x-switchyard-first-token-timeout-ms},
         * {@code x-switchyard-total-timeout-ms} (per attempt) and {@code x-switchyard-request-timeout-ms} (the whole
         * request) headers; the same instance when none is set.
         *
         * @throws GatewayError a 400 when a header is not a positive number
         */
        public static Deadlines requestDeadlines(HttpServerRequest request, Deadlines configured) {
            long ttft = millisHeader(request, "x-switchyard-first-token-timeout-ms");
            long total = millisHeader(request, "x-switchyard-total-timeout-ms");
            long whole = millisHeader(request, "x-switchyard-request-timeout-ms");
            return ttft > 0 || total > 0 || whole > 0 ? configured.narrowedTo(ttft, total, whole) : configured;
        }

        private static long millisHeader(HttpServerRequest request, String name) {
            String v = request.getHeader(name);
            if (v == null || v.isBlank()) {
                return 0;
            }
            try {
                long ms = Long.parseLong(v.trim());
                if (ms <= 0) {
                    throw new NumberFormatException();
                }
                return ms;
            } catch (NumberFormatException e) {
                throw GatewayError.invalidRequest("header " + name + " must be a positive number of milliseconds",
                        name);
            }
        }
    }
}
