package dev.switchyard.server;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.RateLimiter;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.accounts.local.LocalBudgetLedger;
import dev.switchyard.core.accounts.local.LocalRateLimiter;
import dev.switchyard.core.routing.HealthRegistry;
import dev.switchyard.core.routing.LocalStickySessions;
import dev.switchyard.core.routing.StickySessions;
import dev.switchyard.redis.Reachability;
import dev.switchyard.redis.RedisBudgetLedger;
import dev.switchyard.redis.RedisHealthExchange;
import dev.switchyard.redis.RedisRateLimiter;
import dev.switchyard.redis.RedisStickySessions;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where this replica keeps its rate limits, budgets and sticky sessions: in process (one replica, exact), or in Redis,
 * shared by every replica, with leases renewed every third of their length while requests run here; and, with Redis,
 * how replicas tell each other which endpoints to avoid. That exchange runs every {@code redis.health_sync_ms} whatever
 * the traffic, so its outcome also keeps {@link #reachable()} (the readiness probe's Redis check) current: down within
 * an interval of Redis going away, up within an interval of its return.
 */
final class SharedState implements AutoCloseable {

    private final RateLimiter limiter;
    private final BudgetLedger budgets;
    private final Optional<Redis> client;
    private final Optional<Reachability> reachability;
    private final Runnable stopRenewal;
    private final Seeder seeder;
    private final HealthSharing healthSharing;
    private final StickyTable stickyTable;
    private volatile Runnable stopHealthSync = () -> { };

    /** How this replica keeps sticky sessions, given the routing settings. */
    @FunctionalInterface
    private interface StickyTable {
        StickySessions create(Ticker ticker, Duration idleTtl, int capacity);
    }

    /** How this replica starts telling the others about endpoint health (nothing without Redis). */
    @FunctionalInterface
    private interface HealthSharing {
        Runnable start(Vertx vertx, HealthRegistry registry);
    }

    @FunctionalInterface
    private interface Seeder {
        void seed(Scope scope, long periodStart, long spent);
    }

    private SharedState(RateLimiter limiter, BudgetLedger budgets, Optional<Redis> client,
                        Optional<Reachability> reachability, Runnable stopRenewal, Seeder seeder,
                        HealthSharing healthSharing, StickyTable stickyTable) {
        this.limiter = limiter;
        this.budgets = budgets;
        this.client = client;
        this.reachability = reachability;
        this.stopRenewal = stopRenewal;
        this.seeder = seeder;
        this.healthSharing = healthSharing;
        this.stickyTable = stickyTable;
    }

    /** One process: the in-process engines. */
    static SharedState inProcess() {
        LocalBudgetLedger budgets = new LocalBudgetLedger();
        return new SharedState(new LocalRateLimiter(), budgets, Optional.empty(), Optional.empty(), () -> { },
                budgets::seed, (vertx, registry) -> () -> { },
                (ticker, idleTtl, capacity) -> new LocalStickySessions(ticker, idleTtl.toNanos(), capacity));
    }

    /** Replicas: the Redis engines, and a timer renewing this replica's leases. */
    static SharedState redis(Vertx vertx, RedisConfig config, WallClock clock) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.url().orElseThrow())
                .setMaxPoolSize(config.poolSize()).setMaxPoolWaiting(100_000));
        RedisAPI api = RedisAPI.api(client);
        Reachability reach = new Reachability(clock, config.backoffMillis());
        String replicaId = UUID.randomUUID().toString();
        RedisRateLimiter.Settings settings = new RedisRateLimiter.Settings(replicaId,
                config.leaseMillis(), config.callTimeoutMillis(), config.outage(), config.clusterHashTags());
        RedisRateLimiter limiter = new RedisRateLimiter(api, clock, settings, reach);
        RedisBudgetLedger budgets = new RedisBudgetLedger(api, clock, settings, reach);
        long timer = vertx.setPeriodic(config.leaseMillis() / 3, id -> {
            limiter.renewLeases();
            budgets.renewLeases();
        });
        return new SharedState(limiter, budgets, Optional.of(client), Optional.of(reach),
                () -> vertx.cancelTimer(timer), (scope, start, spent) -> await(budgets.seed(scope, start, spent),
                        config.redactedUrl()), (v, registry) -> {
                    RedisHealthExchange exchange = new RedisHealthExchange(api, clock, registry, replicaId,
                            config.callTimeoutMillis());
                    // the sync is also readiness's look at Redis: without it, /health/ready would know only what
                    // the last request found, stale in both directions while no limited request comes
                    long sync = v.setPeriodic(config.healthSyncMillis(), id -> exchange.sync().onComplete(ar -> {
                        if (ar.succeeded()) {
                            reach.succeeded();
                        } else {
                            reach.suspect(ar.cause()); // down for readiness; requests still try, and back off
                            // only when their own call fails
                        }
                    }));
                    return () -> v.cancelTimer(sync);
                }, (ticker, idleTtl, capacity) -> new RedisStickySessions(api, clock, ticker, idleTtl, capacity, reach,
                        config.callTimeoutMillis(), config.clusterHashTags()));
    }

    /**
     * The sticky-session table: this replica's own, or with Redis the one all replicas share (one round trip per
     * request with a session).
     *
     * @param ticker monotonic time (the in-process table)
     * @param idleTtl how long a session's entry lives without use
     * @param capacity the most entries the in-process table keeps
     */
    StickySessions stickySessions(Ticker ticker, Duration idleTtl, int capacity) {
        return stickyTable.create(ticker, idleTtl, capacity);
    }

    /**
     * Starts telling the other replicas which endpoints this one's breakers and cooldowns keep out, and applying what
     * they tell, once per {@code redis.health_sync_ms}; nothing without Redis.
     */
    void shareHealth(Vertx vertx, HealthRegistry registry) {
        stopHealthSync = healthSharing.start(vertx, registry);
    }

    RateLimiter limiter() {
        return limiter;
    }

    BudgetLedger budgets() {
        return budgets;
    }

    /** Gives a budgeted scope its spend this period from the durable ledger. Blocking: start-up only. */
    void seed(Scope scope, long periodStart, long spent) {
        seeder.seed(scope, periodStart, spent);
    }

    /** Whether Redis is in use. */
    boolean shared() {
        return client.isPresent();
    }

    /** Whether the shared store answered the last call (true when there is none). */
    boolean reachable() {
        return reachability.map(Reachability::up).orElse(true);
    }

    /** The last error seen talking to the shared store, empty if none. */
    String lastError() {
        return reachability.map(Reachability::lastError).orElse("");
    }

    @Override
    public void close() {
        stopRenewal.run();
        stopHealthSync.run();
        client.ifPresent(Redis::close);
    }

    private static void await(io.vertx.core.Future<?> f, String where) {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Redis at " + where + " to seed budgets: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding budgets", e);
        }
    }
}
