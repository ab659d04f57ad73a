package dev.switchyard.server.api;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.server.openai.OpenAiErrors;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code GET /api/v1/admin/usage}: usage from the rollups, grouped by any of key, workspace, model, vendor, origin,
 * provider and app, sliced by hour, day or not at all, over {@code [from, to)} with optional filters, as JSON or CSV
 * ({@code format=csv} or {@code Accept: text/csv}). Parameters are described in docs/usage-analytics.md. An admin
 * endpoint: the admin-key guard is mounted in front of it. The rollups are read on a worker thread.
 */
public final class AdminUsageEndpoint implements Handler<RoutingContext> {

    private final UsageQueries queries;
    private final WallClock clock;

    public AdminUsageEndpoint(UsageQueries queries, WallClock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handle(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        UsageQuery query;
        boolean csv;
        try {
            query = UsageParams.query(params::get, params::getAll, clock.epochMillis());
            csv = wantsCsv(params.get("format"), ctx.request().getHeader("accept"));
        } catch (BadParameter e) {
            error(ctx, GatewayError.invalidRequest(e.getMessage(), e.param()));
            return;
        } catch (IllegalArgumentException e) {
            error(ctx, GatewayError.invalidRequest(e.getMessage(), "to"));
            return;
        }
        ctx.vertx().executeBlocking(() -> {
            var rows = queries.usage(query);
            return csv ? UsageReport.csv(query, rows) : UsageReport.json(query, rows);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, GatewayError.builder(ErrorKind.SERVER, "usage store unavailable").build());
            } else {
                ctx.response().putHeader("content-type", csv ? "text/csv; charset=utf-8" : "application/json")
                        .end(ar.result());
            }
        });
    }

    static boolean wantsCsv(String format, String accept) {
        if (format != null) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new BadParameter("format", "invalid 'format': '" + format
                        + "' (expected: json or csv)");
            };
        }
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    static void error(RoutingContext ctx, GatewayError e) {
        ctx.response().setStatusCode(e.status()).putHeader("content-type", "application/json").end(OpenAiErrors.body(e));
    }
}
