package dev.switchyard.server;

import com.fasterxml.jackson.core.JsonFactory;
import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.CachedKeyDirectory;
import dev.switchyard.core.catalog.Catalog;
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
import dev.switchyard.server.console.ConsoleRoutes;
import dev.switchyard.server.frontdoor.DoorErrorFormats;
import dev.switchyard.server.http.ConnectionBudget;
import dev.switchyard.server.http.HttpEdge;
import dev.switchyard.server.http.InflightBodies;
import dev.switchyard.server.observe.AccessLogListener;
import dev.switchyard.server.observe.JournalMetrics;
import dev.switchyard.server.observe.JournalStart;
import dev.switchyard.server.observe.MetricsListener;
import dev.switchyard.server.observe.UsageLedgerListener;
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
    private final java.util.concurrent.atomic.AtomicReference<Generation> current =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final List<Door> doors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final ConfigSource reloadSource;
    private HealthRegistry health;
    private StickySessions sticky;
    private List<ExchangeListener> listeners;
    private AdminRoutes admin;
    private LedgerRoutes ledger;
    private Readiness readiness;
    private final JdbcUsageStore store;
    private final UsageWriter writer;
    /** The write-ahead journal in front of the store; empty when {@code ledger.journal.enabled} is false. */
    private final Optional<JournaledLedger> journaled;
    private final AccountsWiring accounts;
    private final PrometheusMeterRegistry registry;
    private final HttpClient upstreamClient;
    private final AtomicInteger boundPort = new AtomicInteger();
    private final List<String> routeTable = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Gateway(GatewayConfig config, ConfigSource reloadSource) {
        this.config = config;
        this.reloadSource = reloadSource;
        Catalog catalog = CatalogFiles.load(config);
        this.current.set(new Generation(catalog, config.routingPolicy(), List.of()));
        this.store = config.store().openLedger(config.dataDir());
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
                    config.store().openAccounts(config.dataDir(), config.wallClock()), store);
        } catch (RuntimeException e) {
            vertx.close().await(); // its event-loop threads would keep the process alive
            journaled.ifPresent(JournaledLedger::close);
            writer.close();
            store.close();
            throw e;
        }
    }

    /**
     * What a running gateway reloads from (on SIGHUP or {@code POST /api/v1/admin/reload}): the configuration as it
     * now reads, e.g. the file again.
     */
    @FunctionalInterface
    public interface ConfigSource {
        /**
         * @throws IllegalArgumentException when the configuration is not valid; the running one stays
         */
        GatewayConfig load();
    }

    /** Starts a gateway and waits until it listens. Never call on an event loop. */
    public static Gateway start(GatewayConfig config) {
        return start(config, () -> config);
    }

    /**
     * Starts a gateway that reloads its catalog, prices, routing defaults and keys from {@code reloadSource}, and
     * waits until it listens. Never call on an event loop.
     */
    public static Gateway start(GatewayConfig config, ConfigSource reloadSource) {
        Gateway g = new Gateway(config, reloadSource);
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
        health = new HealthRegistry(config.health(), config.ticker());
        accounts.shared().shareHealth(vertx, health);
        sticky = accounts.shared().stickySessions(config.ticker(), config.stickyIdleTtl(), config.stickyMaxSessions());
        listeners = listeners();
        admin = accounts.adminRoutes();
        ledger = new LedgerRoutes(admin.guard(), store, config.wallClock());
        List<Readiness.Check> checks = new ArrayList<>(List.of(journaled.map(DependencyChecks::journal)
                .orElseGet(() -> DependencyChecks.writeQueue(writer, config.usageQueueCapacity()))));
        if (accounts.shared().shared()) {
            checks.add(DependencyChecks.redis(accounts.shared(), config.redis()));
        }
        readiness = new Readiness(lifecycle, checks);
        Generation first = current.get();
        current.set(generation(first.catalog(), first.routingPolicy()));
        closeables.add(new LedgerRetention(store, config.ledgerRetentionDays(), config.wallClock(),
                LedgerRetention.DEFAULT_BATCH_ROWS).start(Duration.ofHours(1)));
        ConnectionBudget connections = new ConnectionBudget(config.edge());
        InflightBodies inflightBodies = new InflightBodies(config.edge().maxInflightBodyBytes());
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                HttpEdge edge = new HttpEdge(vertx, config.edge(), connections, inflightBodies,
                        DoorErrorFormats::body);
                io.vertx.ext.web.Router first = router(vertx, edge, current.get());
                recordRoutes(first);
                Door door = new Door(edge, new java.util.concurrent.atomic.AtomicReference<>(first));
                // the server asks the door for its router on each request: a reload swaps it without touching
                // a connection, and a request already routed finishes on the generation it started on.
                // Strict thread mode: a connection's responses are written only from its own event loop (every
                // stage, relay and timer runs there; a shared store's answer is brought back first), so Vert.x
                // writes straight to the channel instead of through a multi-producer queue of its own, which
                // preallocates ~4.7 KB per connection (issue 14, memory per open stream; docs/benchmarks.md)
                edge.server(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                                .setTcpNoDelay(true).setCompressionSupported(false).setIdleTimeout(0)
                                .setStrictThreadMode(true),
                                request -> door.router().get().handle(request))
                        .listen()
                        .onSuccess(s -> {
                            boundPort.set(s.actualPort());
                            door.server = s;
                            doors.add(door);
                            started.complete();
                        })
                        .onFailure(started::fail);
            }
        }, new DeploymentOptions().setInstances(eventLoops())).await();
        LOG.info(StartupSummary.describe(VERSION, config.host(), port(), config.store().describe(config.dataDir()),
                current.get().catalog(), authMode()));
    }

    /** One event loop's server: its edge, and the router of the current generation. */
    private static final class Door {
        private final HttpEdge edge;
        private final java.util.concurrent.atomic.AtomicReference<io.vertx.ext.web.Router> router;
        private volatile io.vertx.core.http.HttpServer server;

        Door(HttpEdge edge, java.util.concurrent.atomic.AtomicReference<io.vertx.ext.web.Router> router) {
            this.edge = edge;
            this.router = router;
        }

        java.util.concurrent.atomic.AtomicReference<io.vertx.ext.web.Router> router() {
            return router;
        }
    }

    /**
     * What a reload replaces: the catalog (models, providers, prices) and the routing defaults, with the route
     * modules built on them. Health, sticky sessions, accounts, the ledger and metrics carry over.
     */
    private record Generation(Catalog catalog, dev.switchyard.core.routing.RoutingPolicy routingPolicy,
                              List<RouteModule> modules) {
    }

    private Generation generation(Catalog catalog, dev.switchyard.core.routing.RoutingPolicy policy) {
        ModelResolver resolver = new ModelResolver(catalog);
        RoutePlanner planner = new RoutePlanner(catalog, policy, health,
                Set.of(WireProtocol.OPENAI_CHAT, WireProtocol.ANTHROPIC_MESSAGES, WireProtocol.GEMINI), sticky,
                ThreadLocalRandom::current);
        List<RouteModule> modules = List.of(
                new InferenceRoutes(config, pipeline(resolver, planner)),
                new CatalogRoutes(catalog, resolver, planner, store, accounts.callerAccess()),
                admin::mount,
                ledger::mount,
                new ConsoleRoutes(admin.guard(), store, catalog, planner, config.wallClock()),
                new OpsRoutes(catalog, journaled.<LedgerStatus>map(j -> j).orElse(writer), journaled, registry,
                        readiness, admin.guard(), this::reloadForAdmin));
        return new Generation(catalog, policy, modules);
    }

    private static io.vertx.ext.web.Router router(Vertx vertx, HttpEdge edge, Generation generation) {
        io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
        router.route().handler(edge); // first: connection hygiene and cross-site checks (docs/security.md)
        for (RouteModule m : generation.modules()) {
            m.mount(router);
        }
        return router;
    }

    /**
     * Reloads the catalog (models, providers, prices), the routing defaults and the keys from the reload source,
     * without closing a connection: requests that have already started (streams included) finish with the prices
     * and routes they started with; the next ones see the new. Settings that need a restart (ports, data
     * directory, limits, timeouts) are not changed. Never call on an event loop.
     *
     * @return what is now served
     * @throws IllegalArgumentException when the new configuration is invalid; nothing changes then
     */
    public ReloadResult reload() {
        synchronized (current) {
            GatewayConfig fresh = reloadSource.load();
            Catalog catalog = CatalogFiles.load(fresh);
            Generation next = generation(catalog, fresh.routingPolicy());
            current.set(next);
            for (Door door : doors) {
                door.router().set(router(vertx, door.edge, next));
            }
            accounts.directory().invalidateAll();
            ReloadResult result = new ReloadResult(catalog.models().size(),
                    catalog.providers().stream().filter(p -> p.enabled()).count());
            LOG.info("reloaded: {} models, {} providers enabled", result.models(), result.providersEnabled());
            return result;
        }
    }

    /** What a reload left in service. */
    public record ReloadResult(int models, long providersEnabled) {
    }

    /** The admin call's reload: off the event loop, since it reads files and the store. */
    private io.vertx.core.Future<ReloadResult> reloadForAdmin() {
        return vertx.executeBlocking(this::reload, false);
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
                attemptRing(), config.deadlines(), config.retry(), config.hedge(),
                Scheduler.vertx(vertx),
                ThreadLocalRandom::current);
        List<Interceptor> ring = new ArrayList<>();
        if (config.ledger()) {
            journaled.ifPresent(j -> ring.add(j.gate())); // first: a full journal refuses before anything is spent
        }
        ring.addAll(accounts.beforeResolution());
        ring.add(new ModelResolution(resolver));
        ring.addAll(accounts.afterResolution());
        return new Pipeline(ring, modelRouter, listeners);
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
        java.util.Optional<dev.switchyard.server.observe.otel.Tracing> tracing =
                dev.switchyard.server.observe.otel.Tracing.fromEnv(config.env());
        tracing.ifPresent(t -> {
            closeables.add(t);
            listeners.add(new dev.switchyard.server.observe.otel.TracingListener(t));
        });
        if (config.accessLog()) {
            AccessLogListener accessLog = config.accessLogWriter()
                    .map(w -> new AccessLogListener(config.accessLogFormat(), w))
                    .orElseGet(() -> new AccessLogListener(config.accessLogFormat()));
            closeables.add(accessLog);
            listeners.add(accessLog);
        }
        return listeners;
    }

    /** The port the gateway listens on. */
    public int port() {
        return boundPort.get();
    }

    /**
     * Every route the HTTP server serves, as {@code METHOD /path} (a route for any method is {@code * /path}), in
     * mounting order; for tests that must cover each one (admin authorisation, docs/security.md).
     */
    public List<String> routes() {
        return List.copyOf(routeTable);
    }

    private synchronized void recordRoutes(io.vertx.ext.web.Router router) {
        if (!routeTable.isEmpty()) {
            return; // every event loop's router is the same
        }
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            if (r.getPath() == null) {
                continue; // the edge and the not-found handler, on every path
            }
            if (r.methods() == null || r.methods().isEmpty()) {
                routeTable.add("* " + r.getPath());
            } else {
                r.methods().forEach(m -> routeTable.add(m.name() + " " + r.getPath()));
            }
        }
    }

    /** The catalog now served (a reload replaces it). */
    public Catalog catalog() {
        return current.get().catalog();
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
    dev.switchyard.core.accounts.BudgetLedger budgets() {
        return accounts.budgets();
    }

    /** The rate limiter (package-private: for tests). */
    dev.switchyard.core.accounts.RateLimiter limiter() {
        return accounts.limiter();
    }

    public UsageWriter usageWriter() {
        return writer;
    }

    /**
     * Stops gracefully: readiness turns false, the servers stop accepting connections, requests in flight (streams
     * included) get up to {@code deadline} to finish, and then everything is closed as by {@link #close()}, the
     * ledger flushed. Never call on an event loop.
     *
     * @return whether every request in flight finished within the deadline
     */
    public boolean drainAndClose(Duration deadline) {
        lifecycle.draining();
        boolean clean = true;
        try {
            List<io.vertx.core.Future<Void>> stopping = new ArrayList<>();
            for (Door door : doors) {
                stopping.add(door.server.shutdown(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            }
            io.vertx.core.Future.join(stopping).await(deadline.toMillis() + 5_000,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            clean = false;
            LOG.warn("drain: requests still in flight after {} ms are cut", deadline.toMillis());
        } finally {
            close();
        }
        return clean;
    }

    /** Whether the gateway is stopping (readiness is false). */
    public boolean draining() {
        return lifecycle.isDraining();
    }

    /** Stops at once, cutting requests in flight, flushes the ledger and releases everything. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
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
