package dev.switchyard.bench.jmh;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.BudgetDecision;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetLedger.ScopedBudget;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.RateDecision;
import dev.switchyard.core.accounts.RateLimiter;
import dev.switchyard.core.accounts.RateLimiter.ScopedLimits;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.accounts.local.LocalBudgetLedger;
import dev.switchyard.core.accounts.local.LocalRateLimiter;
import dev.switchyard.core.usage.Money;
import dev.switchyard.redis.OutagePolicy;
import dev.switchyard.redis.Reachability;
import dev.switchyard.redis.RedisBudgetLedger;
import dev.switchyard.redis.RedisRateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.embedded.RedisServer;

/**
 * What a request's limit and budget checks cost when replicas share them through Redis, against the in-process
 * engines: one request is an admission (requests/min, tokens/min and a concurrency slot, on the key and its workspace),
 * a budget reservation (key and workspace), and their two settles, exactly the calls the request ring makes.
 *
 * <ul>
 *   <li>{@link #oneInFlight}: one request at a time; the score is what a request waits for (admit, then reserve: two
 *       round trips with Redis), the settles are sent as the answer ends and not waited for, as in the gateway;</li>
 *   <li>{@link #saturated}: 64 requests in flight at once, each waiting for all four calls; the score is the time per
 *       request at saturation, and each iteration prints the CPU time per request of this JVM (the gateway's side:
 *       the Redis client, the scripts' arguments, the decisions) and of the Redis server process.</li>
 * </ul>
 * Redis is the embedded-redis jar's server (6.2) on loopback, with AOF ({@code appendfsync everysec}) as
 * docs/scale-out.md recommends unless {@code aof=false}. Limits and budget are far above what the run uses, so every request is admitted.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SharedAccountsBenchmark {

    static final int IN_FLIGHT = 64;

    /** {@code local}: the in-process engines; {@code redis}: the shared ones. */
    @Param({"local", "redis"})
    public String engine;

    /** Whether Redis keeps an append-only file ({@code appendfsync everysec}), as docs/scale-out.md recommends. */
    @Param({"true"})
    public boolean aof;

    private Vertx vertx;
    private io.vertx.core.Context context;
    private RedisServer server;
    private Redis client;
    private Path dir;
    private RateLimiter limiter;
    private BudgetLedger budgets;
    private final AtomicLong requests = new AtomicLong();
    private long cpuAtStart;
    private long redisCpuAtStart;
    private long requestsAtStart;
    private long redisPid = -1;

    private static final List<ScopedLimits> LIMITS = List.of(
            new ScopedLimits(Scope.key("bench-key"), new Limits(1_000_000_000, 1_000_000_000_000L, 1_000_000,
                    Set.of(), Set.of())),
            new ScopedLimits(Scope.workspace("bench-ws"), new Limits(1_000_000_000, 1_000_000_000_000L, 1_000_000,
                    Set.of(), Set.of())));
    private static final Budget BUDGET = new Budget(1_000_000_000 * Money.PICOS_PER_USD, Period.MONTHLY);
    private static final List<ScopedBudget> BUDGETS = List.of(new ScopedBudget(Scope.key("bench-key"), BUDGET),
            new ScopedBudget(Scope.workspace("bench-ws"), BUDGET));
    private static final long CEILING_PICOS = 2_000_000;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        context = vertx.getOrCreateContext();
        WallClock wall = System::currentTimeMillis;
        if (engine.equals("redis")) {
            dir = Files.createTempDirectory("switchyard-redis-bench");
            int port = freePort();
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                    .setting("appendonly " + (aof ? "yes" : "no")).setting("appendfsync everysec")
                    .setting("dir " + dir).build();
            server.start();
            redisPid = ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("")
                    .contains("redis-server")).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            client = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port)
                    .setMaxPoolSize(8).setMaxPoolWaiting(100_000));
            // a generous call timeout: this measures what a call costs, not an outage on a machine shared with
            // other work, whose stalls must not turn into failed calls
            RedisRateLimiter.Settings settings = new RedisRateLimiter.Settings("bench", 60_000, 60_000,
                    OutagePolicy.FAIL_CLOSED, true);
            Reachability reach = new Reachability(wall, 1_000);
            var api = io.vertx.redis.client.RedisAPI.api(client);
            api.ping(List.of()).await(60, TimeUnit.SECONDS); // the pool's first connection, before any timing
            limiter = new RedisRateLimiter(api, wall, settings, reach);
            budgets = new RedisBudgetLedger(api, wall, settings, reach);
        } else {
            limiter = new LocalRateLimiter();
            budgets = new LocalBudgetLedger();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        vertx.close().await();
        if (server != null) {
            server.stop();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Setup(Level.Iteration)
    public void markCpu() {
        cpuAtStart = processCpuNanos();
        redisCpuAtStart = redisCpuNanos();
        requestsAtStart = requests.get();
    }

    @TearDown(Level.Iteration)
    public void reportCpu() {
        long n = requests.get() - requestsAtStart;
        if (n > 0) {
            System.out.printf("%n  [%s] %d requests: CPU per request %.2f us (this JVM)%s%n", engine, n,
                    (processCpuNanos() - cpuAtStart) / 1000.0 / n, redisPid < 0 ? ""
                            : String.format(", %.2f us (redis-server)", (redisCpuNanos() - redisCpuAtStart) / 1000.0 / n));
        }
    }

    /** The checks one request waits for, one request at a time; its settles are not waited for. */
    @Benchmark
    public Object oneInFlight() throws Exception {
        requests.incrementAndGet();
        return onEventLoop(() -> {
            long now = System.currentTimeMillis();
            return limiter.admit(LIMITS, 4_000, now).compose(d -> {
                RateDecision.Admitted admitted = (RateDecision.Admitted) d;
                return budgets.reserve(BUDGETS, CEILING_PICOS, now).map(b -> {
                    limiter.settle(admitted, 1_200, now);
                    budgets.settle((BudgetDecision.Reserved) b, CEILING_PICOS / 3, now);
                    return b;
                });
            });
        });
    }

    /** 64 requests in flight at once, each with all four calls; the score is per request. */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object saturated() throws Exception {
        requests.addAndGet(IN_FLIGHT);
        return onEventLoop(() -> {
            long now = System.currentTimeMillis();
            List<Future<Void>> all = new ArrayList<>(IN_FLIGHT);
            for (int i = 0; i < IN_FLIGHT; i++) {
                all.add(limiter.admit(LIMITS, 4_000, now).compose(d -> {
                    RateDecision.Admitted admitted = (RateDecision.Admitted) d;
                    return budgets.reserve(BUDGETS, CEILING_PICOS, now).compose(b -> Future.join(
                            limiter.settle(admitted, 1_200, now),
                            budgets.settle((BudgetDecision.Reserved) b, CEILING_PICOS / 3, now)).<Void>mapEmpty());
                }));
            }
            return Future.all(all);
        });
    }

    /**
     * Runs the calls on one event loop, as the gateway's request ring does (a Vert.x client called from a plain
     * thread would make a new context per call), and waits for them on the benchmark's thread.
     */
    private <T> T onEventLoop(java.util.function.Supplier<Future<T>> calls) throws Exception {
        java.util.concurrent.CompletableFuture<T> done = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> calls.get().onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete(ar.result());
            } else {
                done.completeExceptionally(ar.cause());
            }
        }));
        return done.get();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long redisCpuNanos() {
        if (redisPid < 0) {
            return 0;
        }
        return ProcessHandle.of(redisPid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
