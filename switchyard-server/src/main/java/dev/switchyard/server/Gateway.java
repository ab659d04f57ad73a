package dev.switchyard.server;

import com.fasterxml.jackson.core.JsonFactory;
import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.CachedKeyDirectory;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelResolver;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.pipeline.AttemptInterceptor;
import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.pipeline.Interceptor;
import dev.switchyard.core.pipeline.ModelResolution;
import dev.switchyard.core.pipeline.Pipeline;
import dev.switchyard.core.pipeline.ProviderAdapter;
import dev.switchyard.core.pipeline.Router;
import dev.switchyard.core.pipeline.Scheduler;
import dev.switchyard.core.routing.HealthRegistry;
import dev.switchyard.core.routing.HealthTracking;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.routing.StickySessions;
import dev.switchyard.core.usage.LedgerRetention;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.core.usage.LedgerStatus;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageWriter;
import dev.switchyard.core.usage.journal.JournaledLedger;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.gemini.GeminiCodec;
import dev.switchyard.providers.openai.OpenAiCompatibleAdapter;
import dev.switchyard.providers.upstream.TranslatingAdapter;
import dev.switchyard.providers.upstream.UpstreamClient;
import dev.switchyard.server.admin.AdminRoutes;
import dev.switchyard.server.api.LedgerRoutes;
import dev.switchyard.server.frontdoor.DoorErrorFormats;
import dev.switchyard.server.http.ConnectionBudget;
import dev.switchyard.server.http.HttpEdge;
import dev.switchyard.server.observe.AccessLogListener;
import dev.switchyard.server.observe.JournalMetrics;
import dev.switchyard.server.observe.JournalStart;
import dev.switchyard.server.observe.MetricsListener;
import dev.switchyard.server.observe.UsageLedgerListener;
import dev.switchyard.store.jdbc.JdbcAccountStore;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Switchyard: the catalog, the accounts, the pipeline, the usage ledger, metrics, and the HTTP edge on
 * one HTTP server per event loop. Each feature brings its routes as a {@link RouteModule}. {@link #start} blocks
 * until the port is bound; {@link #close} drains the ledger and stops.
 */
public final class Gateway implements AutoCloseable {

    /** Sent upstream as the user agent and reported by {@code /health}. */
    public static final String VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Vertx vertx;
    private final Catalog catalog;
    private final JdbcUsageStore store;
    private final UsageWriter writer;
    /** The write-ahead journal in front of the store; empty when {@code ledger.journal.enabled} is false. */
    private final Optional<JournaledLedger> journaled;
    private final AccountsWiring accounts;
    private final PrometheusMeterRegistry registry;
    private final HttpClient upstreamClient;
    private final AtomicInteger boundPort = new AtomicInteger();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Gateway(GatewayConfig config) {
        this.config = config;
        this.catalog = new CatalogLoader(config.env()).load(config.catalogOverlay());
        this.store = JdbcUsageStore.sqlite(config.dataDir().resolve("switchyard.db"));
        this.writer = new UsageWriter(store, config.usageQueueCapacity(), config.usageBatchSize());
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.gauge("switchyard.usage.queue.pending", writer, UsageWriter::pending);
        registry.gauge("switchyard.usage.dropped", writer, w -> (double) w.dropped());
        try {
            this.journaled = config.ledgerJournal().enabled()
                    ? Optional.of(JournaledLedger.open(config.ledgerJournal().settings(config.dataDir()), store,
                            config.usageBatchSize()))
                    : Optional.empty();
        } catch (RuntimeException e) {
            writer.close();
            store.close();
            throw e;
        }
        journaled.ifPresent(j -> JournalMetrics.register(registry, j));
        this.vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)
                .setEventLoopPoolSize(eventLoops())).build();
        this.upstreamClient = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false)
                        .setVerifyHost(true).setMaxInitialLineLength(16 * 1024),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerHost()).setMaxWaitQueueSize(-1));
        try {
            this.accounts = new AccountsWiring(config, vertx,
                    JdbcAccountStore.sqlite(config.dataDir().resolve("switchyard.db"), config.wallClock()), store);
        } catch (RuntimeException e) {
            vertx.close().await(); // its event-loop threads would keep the process alive
            journaled.ifPresent(JournaledLedger::close);
            writer.close();
            store.close();
            throw e;
        }
    }

    /** Starts a gateway and waits until it listens. Never call on an event loop. */
    public static Gateway start(GatewayConfig config) {
        Gateway g = new Gateway(config);
        try {
            g.listen();
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    private static int eventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private void listen() {
        ModelResolver resolver = new ModelResolver(catalog);
        HealthRegistry health = new HealthRegistry(config.health(), config.ticker());
        RoutePlanner planner = new RoutePlanner(catalog, config.routingPolicy(), health,
                Set.of(WireProtocol.OPENAI_CHAT, WireProtocol.ANTHROPIC_MESSAGES, WireProtocol.GEMINI),
                new StickySessions(config.ticker(), config.stickyIdleTtl().toNanos(), config.stickyMaxSessions()),
                ThreadLocalRandom::current);
        AdminRoutes admin = accounts.adminRoutes();
        LedgerRoutes ledger = new LedgerRoutes(admin.guard(), store, config.wallClock());
        List<RouteModule> modules = List.of(
                new InferenceRoutes(config, pipeline(resolver, planner)),
                new CatalogRoutes(catalog, resolver, planner, store, accounts.callerAccess()),
                admin::mount,
                ledger::mount,
                new OpsRoutes(catalog, journaled.<LedgerStatus>map(j -> j).orElse(writer), journaled, registry));
        closeables.add(new LedgerRetention(store, config.ledgerRetentionDays(), config.wallClock(),
                LedgerRetention.DEFAULT_BATCH_ROWS).start(Duration.ofHours(1)));
        ConnectionBudget connections = new ConnectionBudget(config.edge());
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
                HttpEdge edge = new HttpEdge(vertx, config.edge(), connections, DoorErrorFormats::body);
                router.route().handler(edge); // first: connection hygiene and cross-site checks (docs/security.md)
                for (RouteModule m : modules) {
                    m.mount(router);
                }
                edge.server(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                                .setTcpNoDelay(true).setCompressionSupported(false).setIdleTimeout(0), router)
                        .listen()
                        .onSuccess(s -> {
                            boundPort.set(s.actualPort());
                            started.complete();
                        })
                        .onFailure(started::fail);
            }
        }, new DeploymentOptions().setInstances(eventLoops())).await();
        LOG.info(StartupSummary.describe(VERSION, config.host(), port(), config.dataDir().resolve("switchyard.db"),
                catalog, authMode()));
    }

    private String authMode() {
        if (!config.accounts().enabled()) {
            return "accounts OFF: anyone who reaches the port is served";
        }
        if (accounts.directory().hasInferenceKeys()) {
            return "API keys required";
        }
        return dev.switchyard.server.http.HostCheck.isLoopback(config.host())
                ? "no API keys yet: serving loopback callers without a key until the first is created"
                + " (./switchyard keys create)"
                : "no API keys yet: every call is refused until one is created (./switchyard keys create)";
    }

    /** The request ring: who is calling, which model, may it, can it pay; then the router. */
    private Pipeline pipeline(ModelResolver resolver, RoutePlanner planner) {
        JsonFactory upstreamJson = Json.limitedFactory(256, config.maxUpstreamResponseBytes());
        UpstreamClient upstream = new UpstreamClient(vertx, upstreamClient, upstreamJson,
                config.maxUpstreamResponseBytes(), config.maxSseEventBytes(), "switchyard/" + VERSION);
        Map<WireProtocol, ProviderAdapter> adapters = Map.of(
                WireProtocol.OPENAI_CHAT, new OpenAiCompatibleAdapter(upstream),
                WireProtocol.ANTHROPIC_MESSAGES, new TranslatingAdapter(upstream, new AnthropicCodec(upstream.json())),
                WireProtocol.GEMINI, new TranslatingAdapter(upstream, new GeminiCodec(upstream.json())));
        Router modelRouter = new Router(planner, adapters,
                attemptRing(), config.deadlines(), config.retry(), Scheduler.vertx(vertx),
                ThreadLocalRandom::current);
        List<Interceptor> ring = new ArrayList<>(accounts.beforeResolution());
        ring.add(new ModelResolution(resolver));
        ring.addAll(accounts.afterResolution());
        return new Pipeline(ring, modelRouter, listeners());
    }

    /** Around each provider call: health first; innermost, the journal's note that the request reached it. */
    private List<AttemptInterceptor> attemptRing() {
        List<AttemptInterceptor> ring = new ArrayList<>(List.of(new HealthTracking()));
        if (config.ledger()) {
            journaled.ifPresent(j -> ring.add(new JournalStart(j)));
        }
        return ring;
    }

    private List<ExchangeListener> listeners() {
        List<ExchangeListener> listeners = new ArrayList<>();
        if (config.ledger()) {
            listeners.add(new UsageLedgerListener(journaled.<Predicate<UsageRecord>>map(j -> j::finished)
                    .orElse(writer::submit)));
        }
        if (config.metrics()) {
            listeners.add(new MetricsListener(registry));
        }
        if (config.accessLog()) {
            AccessLogListener accessLog = new AccessLogListener();
            closeables.add(accessLog);
            listeners.add(accessLog);
        }
        return listeners;
    }

    /** The port the gateway listens on. */
    public int port() {
        return boundPort.get();
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The ledger store (for tests and tools). */
    public UsageStore store() {
        return store;
    }

    /** Workspaces and keys (for tests and tools). */
    public AccountStore accounts() {
        return accounts.store();
    }

    /** Finds callers by their secret; the inference side authenticates through it. */
    public CachedKeyDirectory keyDirectory() {
        return accounts.directory();
    }

    /** The budget ledger (package-private: for tests that check nothing stays reserved). */
    dev.switchyard.core.accounts.local.LocalBudgetLedger budgets() {
        return accounts.budgets();
    }

    /** The rate limiter (package-private: for tests). */
    dev.switchyard.core.accounts.local.LocalRateLimiter limiter() {
        return accounts.limiter();
    }

    public UsageWriter usageWriter() {
        return writer;
    }

    /** Stops accepting requests, flushes the ledger and releases everything. */
    @Override
    public void close() {
        try {
            vertx.close().await();
        } finally {
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("error while closing {}", c, e);
                }
            }
            journaled.ifPresent(JournaledLedger::close);
            writer.close();
            store.close();
            accounts.close();
        }
    }
}
