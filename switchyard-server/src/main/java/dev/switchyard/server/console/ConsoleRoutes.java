package dev.switchyard.server.console;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.server.RouteModule;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin web console ({@code /console/}, and {@code GET /} leads there) and the admin API it reads:
 * {@code /api/v1/admin/overview}, {@code /rankings}, {@code /requests}, {@code /requests/{id}}, {@code /endpoints}.
 * The files are public; every data route is behind the admin-key guard. See docs/console.md.
 */
public final class ConsoleRoutes implements RouteModule {

    private final Handler<RoutingContext> adminOnly;
    private final ConsoleAssets assets = new ConsoleAssets();
    private final ConsoleApi api;

    /**
     * @param adminOnly the guard that lets only admin keys through
     * @param store the ledger and its rollups
     * @param catalog models, their vendors and openness
     * @param planner every model's endpoints with their live health
     * @param clock the present, for default periods
     */
    public ConsoleRoutes(Handler<RoutingContext> adminOnly, JdbcUsageStore store, Catalog catalog,
                         RoutePlanner planner, WallClock clock) {
        this.adminOnly = adminOnly;
        this.api = new ConsoleApi(store, store, store, store, catalog, planner, clock);
    }

    @Override
    public void mount(Router router) {
        router.get("/").handler(ConsoleAssets::redirect);
        router.get("/console/*").handler(assets); // also matches "/console", which it redirects
        router.get("/api/v1/admin/overview").handler(adminOnly).handler(api::overview);
        router.get("/api/v1/admin/rankings").handler(adminOnly).handler(api::rankings);
        router.get("/api/v1/admin/requests").handler(adminOnly).handler(api::requests);
        router.get("/api/v1/admin/requests/:id").handler(adminOnly).handler(api::request);
        router.get("/api/v1/admin/endpoints").handler(adminOnly).handler(api::endpoints);
    }
}
