package dev.switchyard.server.api;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.usage.UsageQueries;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * The ledger's reports, for admin keys only: OpenRouter's {@code GET /api/v1/activity} and the admin query
 * {@code GET /api/v1/admin/usage}.
 */
public final class LedgerRoutes {

    private final Handler<RoutingContext> adminOnly;
    private final ActivityEndpoint activity;
    private final AdminUsageEndpoint usage;

    /**
     * @param adminOnly the guard that lets only admin keys through
     * @param queries the rollups
     * @param clock for default periods
     */
    public LedgerRoutes(Handler<RoutingContext> adminOnly, UsageQueries queries, WallClock clock) {
        this.adminOnly = Objects.requireNonNull(adminOnly, "adminOnly");
        this.activity = new ActivityEndpoint(queries, clock);
        this.usage = new AdminUsageEndpoint(queries, clock);
    }

    public void mount(Router router) {
        router.get("/api/v1/activity").handler(adminOnly).handler(activity);
        router.get("/api/v1/admin/usage").handler(adminOnly).handler(usage);
    }
}
