package dev.switchyard.bench.jmh;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.CachedKeyDirectory;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.accounts.local.LocalBudgetLedger;
import dev.switchyard.core.accounts.local.LocalRateLimiter;
import dev.switchyard.core.admission.Admission;
import dev.switchyard.core.admission.Authentication;
import dev.switchyard.core.admission.Budgeting;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.answer.ReplayStream;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ModelResolver;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.ClientChannel;
import dev.switchyard.core.pipeline.Deadlines;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.InboundRequest;
import dev.switchyard.core.pipeline.Interceptor;
import dev.switchyard.core.pipeline.ModelResolution;
import dev.switchyard.core.pipeline.Pipeline;
import dev.switchyard.core.pipeline.Presented;
import dev.switchyard.core.pipeline.Router;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.HealthRegistry;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.routing.RoutingControls;
import dev.switchyard.core.routing.RoutingPolicy;
import dev.switchyard.core.routing.LocalStickySessions;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.store.jdbc.JdbcAccountStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request through the request ring and back, in process, with and without the accounts stages: the cost that
 * authentication (a cached key, hashed and compared), allow-lists and rate limits (a key and its workspace) and a
 * budget (reserve, meter the answer, settle) add per request. The router is replaced by a stage that answers at once
 * with a one-delta answer, and the client channel discards what it is given, so what is left is the rings, the
 * answer's way back and the edge.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccountsPipelineBenchmark {

    /** {@code off}: model resolution only; {@code keyed}: authentication, resolution, admission and budgets. */
    @Param({"off", "keyed"})
    public String accounts;

    private Vertx vertx;
    private JdbcAccountStore store;
    private Path dir;
    private Pipeline pipeline;
    private Presented presented;
    private long clock = 1_764_500_000_000L;

    private static final Catalog CATALOG = new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
            providers: {a: {base_url: "http://a/v1", api_key: k}}
            models: {v/m: {max_output_tokens: 64, endpoints: [{provider: a, upstream_model: m,
                     pricing: {prompt: '1', completion: '2'}}]}}
            """));

    @Setup
    public void setUp() throws Exception {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("switchyard-bench-accounts");
        WallClock wall = () -> clock;
        store = JdbcAccountStore.sqlite(dir.resolve("switchyard.db"), wall);
        ApiKeys.Minted minted = new ApiKeys(new SecureRandom()).mint();
        Limits limits = new Limits(100_000_000, 1_000_000_000_000L, 1000, Set.of(), Set.of());
        Budget budget = new Budget(1_000_000 * Money.PICOS_PER_USD, Period.MONTHLY);
        store.updateWorkspace(new Workspace(Workspace.DEFAULT_ID, "Default", limits, Optional.of(budget),
                ProviderPreferences.NONE, false, Map.of(), 0));
        store.createKey(new ApiKey(minted.hash(), minted.label(), Workspace.DEFAULT_ID, "bench", KeyRole.INFERENCE,
                false, OptionalLong.empty(), limits, Optional.of(budget), ProviderPreferences.NONE, Map.of(), 0, 0));
        CachedKeyDirectory directory = new CachedKeyDirectory(vertx, store, () -> 0L, Duration.ofHours(1), 100);
        presented = new Presented(minted.secret(), "bench", "");
        List<Interceptor> ring = new ArrayList<>();
        boolean keyed = accounts.equals("keyed");
        if (keyed) {
            ring.add(new Authentication(directory, false, wall));
        }
        ring.add(new ModelResolution(new ModelResolver(CATALOG)));
        if (keyed) {
            ring.add(new Admission(new LocalRateLimiter(), wall));
            ring.add(new Budgeting(new LocalBudgetLedger(), wall, 1, 4096));
        }
        EndpointSpec endpoint = CATALOG.model("v/m").orElseThrow().endpoints().get(0);
        ring.add((exchange, chain) -> Future.succeededFuture(new Answer(endpoint, WireProtocol.OPENAI_CHAT, false,
                false, Map.of(), new ReplayStream(List.of(new Delta.WholeBytes(Buffer.buffer("{}"), 12)),
                Ending.completed(new Usage(20, 12, 0, 0, 0), "stop")))));
        pipeline = new Pipeline(ring, router(), List.of(record -> { }));
        // the first lookup of the key reads the store on a worker thread; every later one is a cache hit
        directory.lookup(minted.secret()).await();
    }

    private static Router router() {
        Ticker ticker = () -> 0L;
        RoutePlanner planner = new RoutePlanner(CATALOG, RoutingPolicy.NONE,
                new HealthRegistry(HealthConfig.DEFAULT, ticker), Set.of(WireProtocol.OPENAI_CHAT),
                new LocalStickySessions(ticker, 1, 10), () -> new SplittableRandom(1));
        return new Router(planner, Map.of(), List.of(), Deadlines.DEFAULT, RetryPolicy.DEFAULT,
                d -> Future.succeededFuture(), () -> new SplittableRandom(1));
    }

    @TearDown
    public void tearDown() throws Exception {
        store.close();
        vertx.close().await();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Exchange request() {
        clock += 1;
        Exchange exchange = new Exchange("gen-bench", "chat.completions", REQUEST, SINK, TICKER, clock);
        exchange.presented(presented);
        pipeline.execute(exchange);
        return exchange;
    }

    private static final Ticker TICKER = () -> 0L;

    private static final InboundRequest REQUEST = new InboundRequest() {
        private final Buffer body = Buffer.buffer(
                "{\"model\":\"v/m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        @Override public WireProtocol protocol() { return WireProtocol.OPENAI_CHAT; }
        @Override public String model() { return "v/m"; }
        @Override public boolean stream() { return false; }
        @Override public boolean clientWantsUsage() { return false; }
        @Override public Buffer body() { return body; }
        @Override public RoutingControls routing() {
            return new RoutingControls(List.of(), ProviderPreferences.NONE, "", Set.of(), false, 16, 4);
        }
        @Override public dev.switchyard.core.ir.ChatRequest ir() { throw new UnsupportedOperationException(); }
        @Override public dev.switchyard.core.ir.FrontDoorCodec frontDoor() {
            throw new UnsupportedOperationException();
        }
    };

    /** A client channel that discards what it is given. */
    private static final ClientChannel SINK = new ClientChannel() {
        @Override public WireProtocol protocol() { return WireProtocol.OPENAI_CHAT; }
        @Override public boolean committed() { return false; }
        @Override public boolean closed() { return false; }
        @Override public void onClose(Runnable action) { }
        @Override public void header(String name, String value) { }
        @Override public void beginStream() { }
        @Override public void write(Buffer chunk) { }
        @Override public boolean writeQueueFull() { return false; }
        @Override public void drainHandler(Runnable action) { }
        @Override public void endStream() { }
        @Override public void respond(int status, String contentType, Buffer body) { }
        @Override public void fail(GatewayError error) {
            throw new IllegalStateException("the benchmark request failed: " + error.getMessage());
        }
    };
}
