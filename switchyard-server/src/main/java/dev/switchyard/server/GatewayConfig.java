package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchyard.core.Ticker;
import dev.switchyard.core.pipeline.Deadlines;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.HedgePolicy;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.core.routing.RoutingPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link Gateway} needs to start, with every limit explicit. Build with {@link #builder()}; the
 * configuration file is read into one by {@link ConfigLoader}. See docs/configuration.md for each setting.
 */
public final class GatewayConfig {

    private final String host;
    private final int port;
    private final Path dataDir;
    private final long maxBodyBytes;
    private final int maxJsonDepth;
    private final int maxUpstreamResponseBytes;
    private final int maxSseEventBytes;
    private final Deadlines deadlines;
    private final int maxConnectionsPerHost;
    private final int usageQueueCapacity;
    private final int usageBatchSize;
    private final boolean accessLog;
    private final boolean ledger;
    private final int ledgerRetentionDays;
    private final JournalConfig ledgerJournal;
    private final AccountsConfig accounts;
    private final StoreConfig store;
    private final RedisConfig redis;
    private final boolean metrics;
    private final JsonNode catalogOverlay;
    private final java.util.Optional<Path> catalogOverlayFile;
    private final Map<String, String> env;
    private final RoutingPolicy routingPolicy;
    private final HealthConfig health;
    private final RetryPolicy retry;
    private final HedgePolicy hedge;
    private final Duration stickyIdleTtl;
    private final int stickyMaxSessions;
    private final Ticker ticker;
    private final dev.switchyard.core.WallClock wallClock;
    private final java.util.function.Supplier<String> generationIds;
    private final dev.switchyard.server.http.EdgeSettings edge;
    private final dev.switchyard.server.observe.AccessLogFormat accessLogFormat;
    private final java.util.Optional<java.io.Writer> accessLogWriter;
    private final Duration drainTimeout;

    private GatewayConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.maxBodyBytes = positive(b.maxBodyBytes, "limits.max_body_bytes");
        this.maxJsonDepth = (int) positive(b.maxJsonDepth, "limits.max_json_depth");
        this.maxUpstreamResponseBytes = (int) positive(b.maxUpstreamResponseBytes, "limits.max_upstream_response_bytes");
        this.maxSseEventBytes = (int) positive(b.maxSseEventBytes, "limits.max_sse_event_bytes");
        this.deadlines = b.deadlines;
        this.maxConnectionsPerHost = (int) positive(b.maxConnectionsPerHost, "upstream.max_connections_per_host");
        this.usageQueueCapacity = (int) positive(b.usageQueueCapacity, "usage.queue_capacity");
        this.usageBatchSize = (int) positive(b.usageBatchSize, "usage.batch_size");
        this.accessLog = b.accessLog;
        this.ledger = b.ledger;
        if (b.ledgerRetentionDays < 0 || b.ledgerRetentionDays > 36_500) {
            throw new IllegalArgumentException("ledger.retention_days: " + b.ledgerRetentionDays
                    + " (expected: 0..36500, 0 keeps raw records forever)");
        }
        this.ledgerRetentionDays = (int) b.ledgerRetentionDays;
        this.ledgerJournal = b.ledgerJournal;
        this.accounts = b.accounts;
        this.store = b.store;
        this.redis = b.redis;
        this.metrics = b.metrics;
        this.catalogOverlay = b.catalogOverlay;
        this.catalogOverlayFile = b.catalogOverlayFile;
        this.env = Map.copyOf(b.env);
        this.routingPolicy = b.routingPolicy;
        this.health = b.health;
        this.retry = b.retry;
        this.hedge = b.hedge;
        this.stickyIdleTtl = b.stickyIdleTtl;
        this.stickyMaxSessions = (int) positive(b.stickyMaxSessions, "routing.sticky.max_sessions");
        this.ticker = b.ticker;
        this.wallClock = b.wallClock;
        this.generationIds = b.generationIds;
        this.edge = b.edge.forServer(host, maxBodyBytes);
        this.accessLogFormat = b.accessLogFormat;
        this.accessLogWriter = b.accessLogWriter;
        if (b.drainTimeout.isNegative() || b.drainTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("server.drain_ms: " + b.drainTimeout.toMillis()
                    + " (expected: 0..3600000)");
        }
        this.drainTimeout = b.drainTimeout;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("server.port: " + port + " (expected: 0..65535)");
        }
    }

    private static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() { return host; }
    /** The port to listen on; 0 picks a free one. */
    public int port() { return port; }
    /** Where the embedded SQLite store lives. */
    public Path dataDir() { return dataDir; }
    /** Largest request body accepted; larger ones get 413. */
    public long maxBodyBytes() { return maxBodyBytes; }
    /** Deepest JSON nesting accepted in a request body. */
    public int maxJsonDepth() { return maxJsonDepth; }
    /** Largest non-streamed response accepted from a provider. */
    public int maxUpstreamResponseBytes() { return maxUpstreamResponseBytes; }
    /** Largest single SSE event accepted from a provider. */
    public int maxSseEventBytes() { return maxSseEventBytes; }
    /** Upstream time limits. */
    public Deadlines deadlines() { return deadlines; }
    /**
     * Pooled HTTP/1.1 connections per upstream host. A streamed answer holds its connection for its whole life, so this
     * is also how many requests to one provider can be in flight at once; more wait for a connection.
     */
    public int maxConnectionsPerHost() { return maxConnectionsPerHost; }
    /** Usage records that may wait to be written before new ones are dropped. */
    public int usageQueueCapacity() { return usageQueueCapacity; }
    /** Usage records per store transaction. */
    public int usageBatchSize() { return usageBatchSize; }
    /** Whether one log line is written per request. */
    public boolean accessLog() { return accessLog; }
    /** The access log's line format: key=value text or one JSON object per line. */
    public dev.switchyard.server.observe.AccessLogFormat accessLogFormat() { return accessLogFormat; }
    /** Where access log lines go instead of standard error (tests). */
    public java.util.Optional<java.io.Writer> accessLogWriter() { return accessLogWriter; }
    /**
     * How long a stopping gateway lets requests in flight finish (streams included) after it stops accepting new
     * ones; what is still open then is cut. 0 stops at once.
     */
    public Duration drainTimeout() { return drainTimeout; }
    /** Whether usage records are written to the ledger (off only to measure its cost). */
    public boolean ledger() { return ledger; }
    /** Days raw ledger records are kept (rollups are kept forever); 0 keeps them forever. */
    public int ledgerRetentionDays() { return ledgerRetentionDays; }
    /** The ledger's write-ahead journal ({@code ledger.journal}). */
    public JournalConfig ledgerJournal() { return ledgerJournal; }
    /** Keys, limits and budgets. */
    public AccountsConfig accounts() { return accounts; }
    /** Where keys, workspaces and the ledger live. */
    public StoreConfig store() { return store; }
    /** Shared state for replicas; {@link RedisConfig#NONE} keeps it in process. */
    public RedisConfig redis() { return redis; }
    /** Whether Prometheus metrics are collected (off only to measure their cost). */
    public boolean metrics() { return metrics; }
    /** The operator's providers, models and aliases, merged over the bundled catalog. */
    public JsonNode catalogOverlay() { return catalogOverlay; }
    /**
     * The synced catalog overlay that {@code switchyard catalog sync} writes and the gateway loads between the bundled
     * catalog and the configuration: {@code catalog.overlay}, else {@code <data-dir>/catalog-overlay.yaml}.
     */
    public Path catalogOverlayFile() { return catalogOverlayFile.orElse(dataDir.resolve("catalog-overlay.yaml")); }
    /** The environment used for API keys and {@code ${VAR}} interpolation. */
    public Map<String, String> env() { return env; }
    /** The operator's routing defaults. */
    public RoutingPolicy routingPolicy() { return routingPolicy; }
    /** Endpoint health tuning. */
    public HealthConfig health() { return health; }
    /** Attempts and backoff. */
    /** When to hedge a slow attempt (off unless configured). */
    public HedgePolicy hedge() { return hedge; }
    public RetryPolicy retry() { return retry; }
    /** How long a sticky session lasts without use. */
    public Duration stickyIdleTtl() { return stickyIdleTtl; }
    /** How many sticky sessions are remembered. */
    public int stickyMaxSessions() { return stickyMaxSessions; }
    /** The clock for health and stickiness (a fake one in tests). */
    public Ticker ticker() { return ticker; }

    /** The wall clock stamped on answers and ledger rows (a fixed one in golden tests). */
    public dev.switchyard.core.WallClock wallClock() { return wallClock; }

    /** Where generation ids come from (a counter in golden tests). */
    public java.util.function.Supplier<String> generationIds() { return generationIds; }

    /** The HTTP edge's defences: client timeouts, connection limits, origins and hosts (docs/security.md). */
    public dev.switchyard.server.http.EdgeSettings edge() { return edge; }

    /** Builder for {@link GatewayConfig}; every setting has a default suited to one machine. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataDir = Path.of("data");
        private long maxBodyBytes = 10L * 1024 * 1024;
        private long maxJsonDepth = 64;
        private long maxUpstreamResponseBytes = 64L * 1024 * 1024;
        private long maxSseEventBytes = 8L * 1024 * 1024;
        private Deadlines deadlines = Deadlines.DEFAULT;
        private long maxConnectionsPerHost = 16_384;
        private long usageQueueCapacity = 65_536;
        private long usageBatchSize = 512;
        private boolean accessLog = true;
        private boolean ledger = true;
        private long ledgerRetentionDays = 90;
        private JournalConfig ledgerJournal = JournalConfig.DEFAULT;
        private AccountsConfig accounts = AccountsConfig.DEFAULT;
        private StoreConfig store = StoreConfig.SQLITE;
        private RedisConfig redis = RedisConfig.NONE;
        private boolean metrics = true;
        private JsonNode catalogOverlay = JsonNodeFactory.instance.objectNode();
        private java.util.Optional<Path> catalogOverlayFile = java.util.Optional.empty();
        private Map<String, String> env = System.getenv();
        private RoutingPolicy routingPolicy = RoutingPolicy.NONE;
        private HealthConfig health = HealthConfig.DEFAULT;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private HedgePolicy hedge = HedgePolicy.OFF;
        private Duration stickyIdleTtl = Duration.ofMinutes(10);
        private long stickyMaxSessions = 100_000;
        private Ticker ticker = Ticker.system();
        private dev.switchyard.core.WallClock wallClock = dev.switchyard.core.WallClock.system();
        private java.util.function.Supplier<String> generationIds = dev.switchyard.server.http.GenerationIds::next;
        private dev.switchyard.server.http.EdgeSettings edge = dev.switchyard.server.http.EdgeSettings.DEFAULT;
        private dev.switchyard.server.observe.AccessLogFormat accessLogFormat =
                dev.switchyard.server.observe.AccessLogFormat.TEXT;
        private java.util.Optional<java.io.Writer> accessLogWriter = java.util.Optional.empty();
        private Duration drainTimeout = Duration.ofSeconds(30);

        public Builder host(String v) { host = Objects.requireNonNull(v, "host"); return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder dataDir(Path v) { dataDir = Objects.requireNonNull(v, "dataDir"); return this; }
        public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
        public Builder maxJsonDepth(long v) { maxJsonDepth = v; return this; }
        public Builder maxUpstreamResponseBytes(long v) { maxUpstreamResponseBytes = v; return this; }
        public Builder maxSseEventBytes(long v) { maxSseEventBytes = v; return this; }
        public Builder deadlines(Deadlines v) { deadlines = Objects.requireNonNull(v, "deadlines"); return this; }
        public Builder maxConnectionsPerHost(long v) { maxConnectionsPerHost = v; return this; }
        public Builder usageQueueCapacity(long v) { usageQueueCapacity = v; return this; }
        public Builder usageBatchSize(long v) { usageBatchSize = v; return this; }
        public Builder accessLog(boolean v) { accessLog = v; return this; }
        public Builder accessLogFormat(dev.switchyard.server.observe.AccessLogFormat v) { accessLogFormat = Objects.requireNonNull(v, "accessLogFormat"); return this; }
        /** Sends access log lines to {@code v} instead of standard error. */
        public Builder accessLogWriter(java.io.Writer v) { accessLogWriter = java.util.Optional.of(v); return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = Objects.requireNonNull(v, "drainTimeout"); return this; }
        public Builder ledger(boolean v) { ledger = v; return this; }
        public Builder ledgerRetentionDays(long v) { ledgerRetentionDays = v; return this; }
        public Builder ledgerJournal(JournalConfig v) { ledgerJournal = Objects.requireNonNull(v, "ledgerJournal"); return this; }
        /** Current journal settings, so one can be changed at a time. */
        public JournalConfig ledgerJournal() { return ledgerJournal; }
        public Builder accounts(AccountsConfig v) { accounts = Objects.requireNonNull(v, "accounts"); return this; }
        /** Current accounts settings, so one can be changed at a time. */
        public AccountsConfig accounts() { return accounts; }
        public Builder store(StoreConfig v) { store = Objects.requireNonNull(v, "store"); return this; }
        public Builder redis(RedisConfig v) { redis = Objects.requireNonNull(v, "redis"); return this; }
        /** Current Redis settings. */
        public RedisConfig redis() { return redis; }
        public Builder metrics(boolean v) { metrics = v; return this; }
        public Builder catalogOverlay(JsonNode v) { catalogOverlay = Objects.requireNonNull(v, "catalogOverlay"); return this; }
        /** The configuration's own providers, models and aliases so far, to be extended. */
        public JsonNode catalogOverlay() { return catalogOverlay; }
        /** The synced overlay's path ({@code catalog.overlay}); by default it is in the data directory. */
        public Builder catalogOverlayFile(Path v) { catalogOverlayFile = java.util.Optional.of(v); return this; }
        public Builder env(Map<String, String> v) { env = Objects.requireNonNull(v, "env"); return this; }
        public Builder routingPolicy(RoutingPolicy v) { routingPolicy = Objects.requireNonNull(v, "routingPolicy"); return this; }
        public Builder health(HealthConfig v) { health = Objects.requireNonNull(v, "health"); return this; }
        public Builder retry(RetryPolicy v) { retry = Objects.requireNonNull(v, "retry"); return this; }
        public Builder hedge(HedgePolicy v) { hedge = Objects.requireNonNull(v, "hedge"); return this; }
        public Builder stickyIdleTtl(Duration v) { stickyIdleTtl = Objects.requireNonNull(v, "stickyIdleTtl"); return this; }
        public Builder stickyMaxSessions(long v) { stickyMaxSessions = v; return this; }
        public Builder ticker(Ticker v) { ticker = Objects.requireNonNull(v, "ticker"); return this; }
        public Builder wallClock(dev.switchyard.core.WallClock v) { wallClock = Objects.requireNonNull(v, "wallClock"); return this; }
        public Builder generationIds(java.util.function.Supplier<String> v) { generationIds = Objects.requireNonNull(v, "generationIds"); return this; }
        /** The HTTP edge's defences (its bind host and body limit are taken from this builder). */
        public Builder edge(dev.switchyard.server.http.EdgeSettings v) { edge = Objects.requireNonNull(v, "edge"); return this; }
        /** Current edge settings, so one can be changed at a time. */
        public dev.switchyard.server.http.EdgeSettings edge() { return edge; }

        /** Current deadlines, so one can be changed at a time. */
        public Deadlines deadlines() { return deadlines; }

        /** Sets one deadline by name. */
        public Builder deadline(String name, Duration d) {
            Deadlines c = deadlines;
            deadlines = switch (name) {
                case "connect" -> new Deadlines(d, c.firstByte(), c.idle(), c.total(), c.request(), c.body());
                case "first_byte" -> new Deadlines(c.connect(), d, c.idle(), c.total(), c.request(), c.body());
                case "idle" -> new Deadlines(c.connect(), c.firstByte(), d, c.total(), c.request(), c.body());
                case "total" -> new Deadlines(c.connect(), c.firstByte(), c.idle(), d, c.request(), c.body());
                case "request" -> new Deadlines(c.connect(), c.firstByte(), c.idle(), c.total(), d, c.body());
                case "body" -> new Deadlines(c.connect(), c.firstByte(), c.idle(), c.total(), c.request(), d);
                default -> throw new IllegalArgumentException("timeouts: unknown deadline " + name);
            };
            return this;
        }

        public GatewayConfig build() {
            return new GatewayConfig(this);
        }
    }
}
