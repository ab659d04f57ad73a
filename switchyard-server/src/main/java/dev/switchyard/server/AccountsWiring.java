package dev.switchyard.server;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.CachedKeyDirectory;
import dev.switchyard.core.accounts.RateLimiter;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.admission.Admission;
import dev.switchyard.core.admission.Authentication;
import dev.switchyard.core.admission.Budgeting;
import dev.switchyard.core.pipeline.Interceptor;
import dev.switchyard.core.usage.SpendHistory;
import dev.switchyard.server.admin.AccountService;
import dev.switchyard.server.admin.AdminRoutes;
import dev.switchyard.server.admin.CallerAccess;
import dev.switchyard.server.admin.DirectoryInvalidation;
import dev.switchyard.server.http.HostCheck;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The accounts of one gateway process: the key store and its directory, the rate limiter and the budget ledger
 * (in process, or shared by replicas through Redis: {@link SharedState}), the request-ring stages that use them, and
 * the management routes.
 *
 * <p>At start-up every budget finds its place again: each budgeted key and workspace is seeded with what the
 * ledger's rollups say it spent in its current period, so a restart neither forgets spend nor counts it twice.
 */
final class AccountsWiring implements AutoCloseable {

    private final GatewayConfig config;
    private final AccountStore store;
    private final CachedKeyDirectory directory;
    private final SharedState shared;
    private final SpendHistory spend;
    private final boolean loopback;

    AccountsWiring(GatewayConfig config, Vertx vertx, AccountStore store, SpendHistory spend) {
        this.config = config;
        this.store = store;
        this.spend = spend;
        this.loopback = HostCheck.isLoopback(config.host());
        try {
            if (!config.accounts().enabled() && !loopback) {
                throw new IllegalArgumentException("accounts.enabled: false serves anyone who can reach the port, so"
                        + " it is only allowed on a loopback address (server.host is " + config.host() + ")");
            }
            this.directory = new CachedKeyDirectory(vertx, store, Ticker.system(), config.accounts().keyCacheTtl(),
                    config.accounts().maxUnknownKeys());
            this.shared = config.redis().enabled() ? SharedState.redis(vertx, config.redis(), config.wallClock())
                    : SharedState.inProcess();
            seedBudgets(config.wallClock());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Each budgeted scope's spend this period, from the ledger. Blocking: called before the gateway listens. */
    private void seedBudgets(WallClock clock) {
        long now = clock.epochMillis();
        for (Workspace w : store.workspaces()) {
            seed(Scope.workspace(w.id()), w.budget(), now);
        }
        for (ApiKey k : store.keys()) {
            seed(Scope.key(k.hash()), k.budget(), now);
        }
    }

    private void seed(Scope scope, Optional<Budget> budget, long now) {
        if (budget.isPresent()) {
            long start = budget.get().reset().startOf(now);
            shared.seed(scope, start, spend.spentSince(scope, start));
        }
    }

    /** The stages before model resolution (who is calling). */
    List<Interceptor> beforeResolution() {
        if (!config.accounts().enabled()) {
            return List.of();
        }
        return List.of(new Authentication(directory, loopback, config.wallClock()));
    }

    /** The stages after model resolution (allow-lists, rate limits, budgets). */
    List<Interceptor> afterResolution() {
        if (!config.accounts().enabled()) {
            return List.of();
        }
        return List.of(new Admission(shared.limiter(), config.wallClock()), new Budgeting(shared.budgets(),
                config.wallClock(),
                config.accounts().promptBytesPerToken(), config.accounts().defaultMaxOutputTokens()));
    }

    /** The management API, whose changes reach the key directory at once. */
    AdminRoutes adminRoutes() {
        AccountService service = new AccountService(store, new SecureRandom(), config.wallClock(),
                new DirectoryInvalidation(directory));
        return new AdminRoutes(service, directory, shared.budgets(), spend, config.wallClock());
    }

    BudgetLedger budgets() {
        return shared.budgets();
    }

    RateLimiter limiter() {
        return shared.limiter();
    }

    /** Where limits and budgets are kept, for readiness. */
    SharedState shared() {
        return shared;
    }

    /** Who may read per-caller data outside the inference doors. */
    CallerAccess callerAccess() {
        return new CallerAccess(directory, config.wallClock(), loopback || !config.accounts().enabled());
    }

    CachedKeyDirectory directory() {
        return directory;
    }

    AccountStore store() {
        return store;
    }

    @Override
    public void close() {
        shared.close();
        store.close();
    }
}
