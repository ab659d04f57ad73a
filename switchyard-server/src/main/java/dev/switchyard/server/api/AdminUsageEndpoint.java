package dev.switchyard.server.api;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageQuery;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
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
        AdminReplies.parameters(ctx, () -> new Report(query(ctx), AdminReplies.wantsCsv(ctx))).ifPresent(r ->
                AdminReplies.answer(ctx, r.csv() ? AdminReplies.CSV : AdminReplies.JSON, () -> {
                    var rows = queries.usage(r.query());
                    return r.csv() ? UsageReport.csv(r.query(), rows) : UsageReport.json(r.query(), rows);
                }));
    }

    private record Report(UsageQuery query, boolean csv) {
    }

    private UsageQuery query(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        try {
            return UsageParams.query(params::get, params::getAll, clock.epochMillis());
        } catch (BadParameter e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadParameter("to", e.getMessage());
        }
    }
}
