package dev.switchyard.server;

import com.fasterxml.jackson.core.JsonFactory;
import dev.switchyard.core.Ticker;
import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.CachedKeyDirectory;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelResolver;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.pipeline.ModelResolution;
import dev.switchyard.core.pipeline.Pipeline;
import dev.switchyard.core.pipeline.Router;
import dev.switchyard.core.pipeline.Scheduler;
import dev.switchyard.core.routing.HealthRegistry;
import dev.switchyard.core.routing.HealthTracking;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.routing.StickySessions;
import dev.switchyard.server.api.EndpointsEndpoint;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.core.usage.UsageWriter;
import dev.switchyard.providers.openai.ChatRequestScanner;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.pipeline.ProviderAdapter;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.gemini.GeminiCodec;
import dev.switchyard.providers.openai.OpenAiCompatibleAdapter;
import dev.switchyard.providers.responses.ResponsesCodec;
import dev.switchyard.providers.upstream.TranslatingAdapter;
import dev.switchyard.providers.upstream.UpstreamClient;
import dev.switchyard.server.frontdoor.AnthropicClientChannel;
import dev.switchyard.server.frontdoor.CountTokensEndpoint;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint.FrontDoorSettings;
import dev.switchyard.server.frontdoor.GeminiClientChannel;
import dev.switchyard.server.frontdoor.GeminiPaths;
import dev.switchyard.server.frontdoor.ResponsesClientChannel;
import dev.switchyard.server.frontdoor.TranslatedDecoder;
import dev.switchyard.server.openai.EmbeddingsDecoder;
import dev.switchyard.server.api.GenerationEndpoint;
import dev.switchyard.server.api.ModelsEndpoint;
import dev.switchyard.server.observe.AccessLogListener;
import dev.switchyard.server.observe.MetricsListener;
import dev.switchyard.server.observe.UsageLedgerListener;
import dev.switchyard.server.openai.ChatCompletionsDecoder;
import dev.switchyard.server.openai.OpenAiClientChannel;
import dev.switchyard.server.openai.OpenAiErrors;
import dev.switchyard.store.jdbc.JdbcAccountStore;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import dev.switchyard.server.admin.AccountService;
import dev.switchyard.server.admin.AdminRoutes;
import dev.switchyard.server.admin.DirectoryInvalidation;
import dev.switchyard.server.admin.NoSpendLedger;
import java.security.SecureRandom;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Switchyard: the catalog, the pipeline, the usage ledger, metrics, and the HTTP edge on one HTTP server
 * per event loop. {@link #start} blocks until the port is bound; {@link #close} drains the ledger and stops.
 */
public final class Gateway implements AutoCloseable {

    /** Sent upstream as the user agent and reported by {@code /health}. */
    public static final String VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Vertx vertx;
    private final Catalog catalog;
    private final JdbcUsageStore store;
    private final AccountStore accounts;
    private final CachedKeyDirectory keyDirectory;
    private final UsageWriter writer;
    private final PrometheusMeterRegistry registry;
    private final HttpClient upstreamClient;
    private final AtomicInteger boundPort = new AtomicInteger();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private dev.switchyard.core.usage.LedgerRetention retention;

    private Gateway(GatewayConfig config) {
        this.config = config;
        this.catalog = new CatalogLoader(config.env()).load(config.catalogOverlay());
        this.store = JdbcUsageStore.sqlite(config.dataDir().resolve("switchyard.db"));
        this.accounts = JdbcAccountStore.sqlite(config.dataDir().resolve("switchyard.db"), config.wallClock());
        this.writer = new UsageWriter(store, config.usageQueueCapacity(), config.usageBatchSize());
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.gauge("switchyard.usage.queue.pending", writer, UsageWriter::pending);
        registry.gauge("switchyard.usage.dropped", writer, w -> (double) w.dropped());
        this.vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)
                .setEventLoopPoolSize(eventLoops())).build();
        this.upstreamClient = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false)
                        .setVerifyHost(true).setMaxInitialLineLength(16 * 1024),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerHost()).setMaxWaitQueueSize(-1));
        this.keyDirectory = new CachedKeyDirectory(vertx, accounts, Ticker.system(), CachedKeyDirectory.DEFAULT_TTL,
                CachedKeyDirectory.DEFAULT_MAX_ABSENT);
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
        Pipeline pipeline = pipeline(resolver, planner);
        EndpointsEndpoint endpoints = new EndpointsEndpoint(resolver, planner);
        ChatRequestScanner scanner = new ChatRequestScanner(config.maxJsonDepth(), (int) config.maxBodyBytes());
        FrontDoorSettings doors = new FrontDoorSettings(pipeline,
                new ObjectMapper(Json.limitedFactory(config.maxJsonDepth(), (int) config.maxBodyBytes())),
                config.maxBodyBytes(), Ticker.system(), config.wallClock(), config.deadlines(), config.generationIds());
        FrontDoorEndpoint chat = new FrontDoorEndpoint(ChatCompletionsDecoder.API, OpenAiClientChannel::new,
                new ChatCompletionsDecoder(scanner), doors);
        ObjectMapper plain = Json.mapper();
        AnthropicCodec anthropic = new AnthropicCodec(plain);
        FrontDoorEndpoint messages = new FrontDoorEndpoint("messages", (r, id, m) -> new AnthropicClientChannel(r),
                new TranslatedDecoder(anthropic, doors.json(), TranslatedDecoder.BodyShaper.NONE), doors);
        CountTokensEndpoint countTokens = new CountTokensEndpoint(anthropic, doors.json(), config.maxBodyBytes());
        FrontDoorEndpoint responses = new FrontDoorEndpoint("responses", (r, id, m) -> new ResponsesClientChannel(r),
                new TranslatedDecoder(new ResponsesCodec(), doors.json(), TranslatedDecoder.BodyShaper.NONE), doors);
        FrontDoorEndpoint gemini = new FrontDoorEndpoint("generate_content", (r, id, m) -> new GeminiClientChannel(r),
                new TranslatedDecoder(new GeminiCodec(plain), doors.json(), GeminiPaths::shape), doors);
        FrontDoorEndpoint embeddings = new FrontDoorEndpoint(EmbeddingsDecoder.API, OpenAiClientChannel::new,
                new EmbeddingsDecoder(doors.json()), doors);
        ModelsEndpoint models = new ModelsEndpoint(catalog);
        GenerationEndpoint generation = new GenerationEndpoint(store);
        AdminRoutes admin = adminRoutes();
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
                router.post("/v1/chat/completions").handler(chat);
                router.post("/api/v1/chat/completions").handler(chat);
                for (String prefix : List.of("/v1", "/api/v1")) {
                    router.post(prefix + "/messages").handler(messages);
                    router.post(prefix + "/messages/count_tokens").handler(countTokens);
                    router.post(prefix + "/responses").handler(responses);
                    router.post(prefix + "/embeddings").handler(embeddings);
                }
                router.postWithRegex(GeminiPaths.ROUTE).handler(gemini);
                router.get("/v1/models").handler(models);
                router.get("/api/v1/models").handler(models);
                router.get("/v1/models/:author/:slug/endpoints").handler(endpoints);
                router.get("/api/v1/models/:author/:slug/endpoints").handler(endpoints);
                router.get("/v1/generation").handler(generation);
                router.get("/api/v1/generation").handler(generation);
                admin.mount(router);
                mountLedgerRoutes(router);
                router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                        .end(health()));
                router.get("/metrics").handler(ctx -> ctx.response()
                        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
                router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
                        .putHeader("content-type", "application/json")
                        .end(OpenAiErrors.body(GatewayError.builder(ErrorKind.NOT_FOUND,
                                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()).build())));
                vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                                .setTcpNoDelay(true).setCompressionSupported(false).setIdleTimeout(0))
                        .requestHandler(router)
                        .listen()
                        .onSuccess(s -> {
                            boundPort.set(s.actualPort());
                            started.complete();
                        })
                        .onFailure(started::fail);
            }
        }, new DeploymentOptions().setInstances(eventLoops())).await();
        LOG.info("Switchyard {} listening on http://{}:{} ({} models, {} providers enabled, store {})", VERSION,
                config.host(), port(), catalog.models().size(),
                catalog.providers().stream().filter(p -> p.enabled()).count(),
                config.dataDir().resolve("switchyard.db"));
    }

    /** The management API (admin keys only) and {@code GET /api/v1/key}; its changes reach the key directory at once. */
    private AdminRoutes adminRoutes() {
        AccountService service = new AccountService(accounts, new SecureRandom(), config.wallClock(),
                new DirectoryInvalidation(keyDirectory));
        // TODO(feat/ledger): the real BudgetLedger and the ledger's SpendHistory replace these placeholders
        return new AdminRoutes(service, keyDirectory, new NoSpendLedger(), (scope, sinceMillis) -> 0L,
                config.wallClock());
    }

    /**
     * The ledger's reports ({@code /api/v1/activity}, {@code /api/v1/admin/usage}); both are admin endpoints, so the
     * admin-key guard must be mounted before this. Also starts raw-record retention, once.
     */
    private void mountLedgerRoutes(io.vertx.ext.web.Router router) {
        router.get("/api/v1/activity").handler(new dev.switchyard.server.api.ActivityEndpoint(store, config.wallClock()));
        router.get("/api/v1/admin/usage").handler(
                new dev.switchyard.server.api.AdminUsageEndpoint(store, config.wallClock()));
        synchronized (closeables) {
            if (retention == null) {
                retention = new dev.switchyard.core.usage.LedgerRetention(store, config.ledgerRetentionDays(),
                        config.wallClock(), dev.switchyard.core.usage.LedgerRetention.DEFAULT_BATCH_ROWS)
                        .start(java.time.Duration.ofHours(1));
                closeables.add(retention);
            }
        }
    }

    private Pipeline pipeline(ModelResolver resolver, RoutePlanner planner) {
        JsonFactory upstreamJson = Json.limitedFactory(256, config.maxUpstreamResponseBytes());
        UpstreamClient upstream = new UpstreamClient(vertx, upstreamClient, upstreamJson,
                config.maxUpstreamResponseBytes(), config.maxSseEventBytes(), "switchyard/" + VERSION);
        Map<WireProtocol, ProviderAdapter> adapters = Map.of(
                WireProtocol.OPENAI_CHAT, new OpenAiCompatibleAdapter(upstream),
                WireProtocol.ANTHROPIC_MESSAGES, new TranslatingAdapter(upstream, new AnthropicCodec(upstream.json())),
                WireProtocol.GEMINI, new TranslatingAdapter(upstream, new GeminiCodec(upstream.json())));
        Router modelRouter = new Router(planner, adapters,
                List.of(new HealthTracking()), config.deadlines(), config.retry(), Scheduler.vertx(vertx));
        List<ExchangeListener> listeners = new ArrayList<>();
        if (config.ledger()) {
            listeners.add(new UsageLedgerListener(writer));
        }
        if (config.metrics()) {
            listeners.add(new MetricsListener(registry));
        }
        if (config.accessLog()) {
            AccessLogListener accessLog = new AccessLogListener();
            closeables.add(accessLog);
            listeners.add(accessLog);
        }
        return new Pipeline(List.of(new ModelResolution(resolver)), modelRouter, listeners);
    }

    private String health() {
        long enabled = catalog.providers().stream().filter(p -> p.enabled()).count();
        return "{\"status\":\"ok\",\"version\":\"" + VERSION + "\",\"models\":" + catalog.models().size()
                + ",\"providers_enabled\":" + enabled + ",\"usage\":{\"pending\":" + writer.pending()
                + ",\"written\":" + writer.written() + ",\"dropped\":" + writer.dropped() + "}}";
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
        return accounts;
    }

    /** Finds callers by their secret; the inference side authenticates through it. */
    public CachedKeyDirectory keyDirectory() {
        return keyDirectory;
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
            writer.close();
            store.close();
            accounts.close();
        }
    }
}
