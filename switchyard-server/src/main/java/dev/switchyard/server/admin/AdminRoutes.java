package dev.switchyard.server.admin;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.KeyDirectory;
import dev.switchyard.core.usage.SpendHistory;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Mounts the management API ({@code /api/v1/keys…}, {@code /api/v1/workspaces…}, admin keys only) and the calling
 * key's own record ({@code GET /api/v1/key}, {@code GET /v1/key}) on a router. Handlers are shared by every event
 * loop; store work runs on worker threads.
 */
public final class AdminRoutes {

    /** The largest management request body accepted. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final AdminAuth auth;
    private final KeysApi keys;
    private final WorkspacesApi workspaces;
    private final KeyInfoEndpoint keyInfo;

    /**
     * @param accounts the management operations (built with the directory's invalidation as its {@link AccountChanges})
     * @param directory how bearer keys are authenticated
     * @param ledger answers {@code limit_remaining}
     * @param spend answers {@code usage*} of {@code GET /api/v1/key}
     * @param clock expiry and timestamps
     */
    public AdminRoutes(AccountService accounts, KeyDirectory directory, BudgetLedger ledger, SpendHistory spend,
                       WallClock clock) {
        AccountViews views = new AccountViews(ledger);
        this.auth = new AdminAuth(directory, clock);
        this.keys = new KeysApi(accounts, views, clock);
        this.workspaces = new WorkspacesApi(accounts, views, clock);
        this.keyInfo = new KeyInfoEndpoint(directory, views, spend, clock);
    }

    /** The guard that lets only admin keys through, for other admin routes (the ledger's reports). */
    public AdminAuth guard() {
        return auth;
    }

    /** Adds the routes; call once per router. */
    public void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.get("/api/v1/key").handler(keyInfo);
        router.get("/v1/key").handler(keyInfo);
        router.get("/api/v1/keys").handler(auth).handler(keys::list);
        router.post("/api/v1/keys").handler(body).handler(auth).handler(keys::create);
        router.get("/api/v1/keys/:hash").handler(auth).handler(keys::get);
        router.patch("/api/v1/keys/:hash").handler(body).handler(auth).handler(keys::update);
        router.delete("/api/v1/keys/:hash").handler(auth).handler(keys::delete);
        router.get("/api/v1/workspaces").handler(auth).handler(workspaces::list);
        router.post("/api/v1/workspaces").handler(body).handler(auth).handler(workspaces::create);
        router.get("/api/v1/workspaces/:id").handler(auth).handler(workspaces::get);
        router.patch("/api/v1/workspaces/:id").handler(body).handler(auth).handler(workspaces::update);
        router.delete("/api/v1/workspaces/:id").handler(auth).handler(workspaces::delete);
    }
}
