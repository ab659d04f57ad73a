package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.EnvInterpolator;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.HedgePolicy;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.core.routing.RoutingPolicy;
import dev.switchyard.redis.OutagePolicy;
import dev.switchyard.store.jdbc.PostgresDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a {@code switchyard.yaml} into a {@link GatewayConfig.Builder}. String values may use {@code ${VAR}} and
 * {@code ${VAR:-default}}. Unknown keys are an error at every level, with the closest known key suggested
 * ({@link ConfigKeys}), and a value of the wrong type names its key, so a typo cannot silently change nothing.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Applies the file's settings to the builder. A missing, unreadable, malformed or invalid file is an
     * {@link IllegalArgumentException} whose message names the file and, for syntax errors, the line and column.
     */
    public static GatewayConfig.Builder apply(GatewayConfig.Builder b, Path file, Map<String, String> env) {
        JsonNode root = ConfigText.read(file);
        try {
            return apply(b, root, env);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException("config " + file + ": "
                    + (m != null && m.startsWith("config: ") ? m.substring("config: ".length()) : m), e);
        }
    }

    /**
     * The HTTP edge's settings under {@code server}: {@code header_timeout_ms}, {@code body_timeout_ms},
     * {@code idle_timeout_ms}, {@code max_connections}, {@code reserved_connections}, {@code cors.allowed_origins}
     * and {@code allowed_hosts} (lists, or comma-separated strings). See docs/security.md.
     */
    private static void edge(GatewayConfig.Builder b, JsonNode server) {
        dev.switchyard.server.http.EdgeSettings e = b.edge();
        if (server.has("header_timeout_ms")) e = e.withHeaderTimeout(Duration.ofMillis(number(server, "header_timeout_ms")));
        if (server.has("body_timeout_ms")) e = e.withBodyTimeout(Duration.ofMillis(number(server, "body_timeout_ms")));
        if (server.has("idle_timeout_ms")) e = e.withIdleTimeout(Duration.ofMillis(number(server, "idle_timeout_ms")));
        if (server.has("max_connections") || server.has("reserved_connections")) {
            e = e.withConnections(server.has("max_connections") ? (int) number(server, "max_connections") : e.maxConnections(),
                    server.has("reserved_connections") ? (int) number(server, "reserved_connections") : e.reservedConnections());
        }
        if (server.path("cors").has("allowed_origins")) e = e.withAllowedOrigins(list(server.path("cors").get("allowed_origins")));
        if (server.has("allowed_hosts")) e = e.withAllowedHosts(list(server.get("allowed_hosts")));
        if (server.has("max_inflight_body_bytes")) e = e.withMaxInflightBodyBytes(number(server, "max_inflight_body_bytes"));
        if (server.has("tls")) {
            e = e.withTls(new dev.switchyard.server.http.TlsSettings(server.path("tls").path("cert").asText(""),
                    server.path("tls").path("key").asText("")));
        }
        b.edge(e);
    }

    private static long number(JsonNode section, String key) {
        String v = section.get(key).asText().trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("server." + key + ": '" + v + "' (expected: a whole number)");
        }
    }

    private static java.util.List<String> list(JsonNode node) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText().trim()));
        } else if (!node.isNull()) {
            for (String s : node.asText().split(",")) {
                if (!s.isBlank()) out.add(s.trim());
            }
        }
        return out;
    }

    /** Applies an already parsed configuration tree. */
    public static GatewayConfig.Builder apply(GatewayConfig.Builder b, JsonNode root, Map<String, String> env) {
        ConfigKeys.check(root);
        Values server = new Values("server", new EnvInterpolator(env).interpolate(root.path("server").deepCopy()));
        server.text("host").ifPresent(b::host);
        server.integer("port").ifPresent(p -> b.port((int) p));
        server.text("data_dir").ifPresent(d -> b.dataDir(Path.of(d)));
        edge(b, new EnvInterpolator(env).interpolate(root.path("server").deepCopy()));
        Values limits = new Values("limits", root.path("limits"));
        limits.integer("max_body_bytes").ifPresent(b::maxBodyBytes);
        limits.integer("max_json_depth").ifPresent(b::maxJsonDepth);
        limits.integer("max_upstream_response_bytes").ifPresent(b::maxUpstreamResponseBytes);
        limits.integer("max_sse_event_bytes").ifPresent(b::maxSseEventBytes);
        Values timeouts = new Values("timeouts", root.path("timeouts"));
        for (String name : new String[] {"connect", "first_byte", "idle", "total", "request", "body"}) {
            timeouts.integer(name + "_ms").ifPresent(ms -> b.deadline(name, Duration.ofMillis(ms)));
        }
        new Values("upstream", root.path("upstream")).integer("max_connections_per_host")
                .ifPresent(b::maxConnectionsPerHost);
        Values usage = new Values("usage", root.path("usage"));
        usage.integer("queue_capacity").ifPresent(b::usageQueueCapacity);
        usage.integer("batch_size").ifPresent(b::usageBatchSize);
        usage.bool("ledger").ifPresent(b::ledger);
        Values log = new Values("log", root.path("log"));
        log.bool("access").ifPresent(b::accessLog);
        log.text("format").ifPresent(f -> b.accessLogFormat(dev.switchyard.server.observe.AccessLogFormat.parse(f)));
        server.integer("drain_ms").ifPresent(ms -> b.drainTimeout(Duration.ofMillis(ms)));
        new Values("ledger", root.path("ledger")).integer("retention_days").ifPresent(b::ledgerRetentionDays);
        journal(b, new Values("ledger.journal", root.path("ledger").path("journal")));
        new Values("metrics", root.path("metrics")).bool("enabled").ifPresent(b::metrics);
        new Values("catalog", new EnvInterpolator(env).interpolate(root.path("catalog").deepCopy())).text("overlay")
                .filter(f -> !f.isBlank()).ifPresent(f -> b.catalogOverlayFile(Path.of(f)));
        accounts(b, new Values("accounts", root.path("accounts")));
        redis(b, new Values("redis", root.path("redis")));
        store(b, root, env);
        routing(b, root.path("routing"));
        ObjectNode overlay = JsonNodeFactory.instance.objectNode();
        for (String section : new String[] {"providers", "models", "aliases"}) {
            if (root.has(section) && !root.get(section).isNull()) {
                overlay.set(section, root.get(section).deepCopy());
            }
        }
        return b.catalogOverlay(overlay).env(env);
    }

    /** {@code ledger.journal}: each key present replaces one setting of the default. */
    private static void journal(GatewayConfig.Builder b, Values j) {
        JournalConfig c = b.ledgerJournal();
        Optional<Boolean> enabled = j.bool("enabled");
        if (enabled.isPresent()) {
            c = c.withEnabled(enabled.get());
        }
        Optional<String> dir = j.text("dir");
        if (dir.isPresent()) {
            c = c.withDir(Path.of(dir.get()));
        }
        OptionalLong sync = j.integer("sync_interval_ms");
        if (sync.isPresent()) {
            c = c.withSyncInterval(Duration.ofMillis(sync.getAsLong()));
        }
        OptionalLong segment = j.integer("segment_bytes");
        if (segment.isPresent()) {
            c = c.withSegmentBytes(segment.getAsLong());
        }
        OptionalLong max = j.integer("max_bytes");
        if (max.isPresent()) {
            c = c.withMaxBytes(max.getAsLong());
        }
        Optional<String> whenFull = j.text("when_full");
        if (whenFull.isPresent()) {
            c = c.withWhenFull(dev.switchyard.core.usage.journal.WhenFull.parse(whenFull.get()));
        }
        b.ledgerJournal(c);
    }

    private static void accounts(GatewayConfig.Builder b, Values a) {
        if (a.absent()) {
            return;
        }
        AccountsConfig d = b.accounts();
        b.accounts(new AccountsConfig(a.bool("enabled").orElse(d.enabled()),
                Duration.ofMillis(a.integer("key_cache_ttl_ms").orElse(d.keyCacheTtl().toMillis())),
                (int) a.integer("max_unknown_keys").orElse(d.maxUnknownKeys()),
                (int) a.integer("budget_prompt_bytes_per_token").orElse(d.promptBytesPerToken()),
                a.integer("budget_default_max_output_tokens").orElse(d.defaultMaxOutputTokens())));
    }

    private static void store(GatewayConfig.Builder b, JsonNode root, Map<String, String> env) {
        String kind = root.path("store").isMissingNode() || root.path("store").isNull() ? "sqlite"
                : root.path("store").asText();
        Values pg = new Values("postgres", root.path("postgres"));
        switch (kind) {
            case "sqlite" -> {
                if (!pg.absent()) {
                    throw new IllegalArgumentException("config: a postgres section is given but store is sqlite"
                            + " (set store: postgres to use it)");
                }
                b.store(StoreConfig.SQLITE);
            }
            case "postgres" -> {
                String url = pg.text("url").orElseThrow(() -> new IllegalArgumentException(
                        "config: store: postgres needs postgres.url (jdbc:postgresql://host:port/database)"));
                String passwordEnv = pg.text("password_env").orElse("SWITCHYARD_POSTGRES_PASSWORD");
                b.store(new StoreConfig(Optional.of(new PostgresDatabase(url, pg.text("user").orElse("switchyard"),
                        env.getOrDefault(passwordEnv, ""), (int) pg.integer("pool_size").orElse(16)))));
            }
            default -> throw new IllegalArgumentException("config: store: '" + kind
                    + "' (expected: sqlite or postgres)");
        }
    }

    private static void redis(GatewayConfig.Builder b, Values r) {
        if (r.absent()) {
            return;
        }
        RedisConfig d = b.redis();
        b.redis(new RedisConfig(r.text("url").or(d::url), (int) r.integer("pool_size").orElse(d.poolSize()),
                r.integer("call_timeout_ms").orElse(d.callTimeoutMillis()),
                r.integer("lease_ms").orElse(d.leaseMillis()), r.integer("backoff_ms").orElse(d.backoffMillis()),
                r.text("outage").map(OutagePolicy::parse).orElse(d.outage()),
                r.bool("cluster_hash_tags").orElse(d.clusterHashTags()),
                r.integer("health_sync_ms").orElse(d.healthSyncMillis())));
    }

    private static void routing(GatewayConfig.Builder b, JsonNode r) {
        if (r.isMissingNode() || r.isNull()) {
            return;
        }
        ProviderPreferences global = preferences(r.path("defaults").get("provider"), "routing.defaults.provider");
        Map<String, ProviderPreferences> perModel = new LinkedHashMap<>();
        r.path("models").properties().forEach(e -> perModel.put(e.getKey(),
                preferences(e.getValue().get("provider"), "routing.models." + e.getKey() + ".provider")));
        b.routingPolicy(new RoutingPolicy(global, perModel));
        Values retries = new Values("routing.retries", r.path("retries"));
        RetryPolicy d = RetryPolicy.DEFAULT;
        b.retry(new RetryPolicy((int) retries.integer("max_attempts").orElse(d.maxAttempts()),
                (int) retries.integer("max_rounds").orElse(d.maxRounds()),
                Duration.ofMillis(retries.integer("backoff_ms").orElse(d.baseBackoff().toMillis())),
                Duration.ofMillis(retries.integer("max_backoff_ms").orElse(d.maxBackoff().toMillis()))));
        Values h = new Values("routing.health", r.path("health"));
        HealthConfig hd = HealthConfig.DEFAULT;
        b.health(HealthConfig.builder()
                .ewmaAlpha(h.decimal("ewma_alpha").orElse(hd.ewmaAlpha()))
                .failureThreshold((int) h.integer("failure_threshold").orElse(hd.failureThreshold()))
                .openDuration(Duration.ofMillis(h.integer("open_ms").orElse(hd.openDuration().toMillis())))
                .halfOpenProbes((int) h.integer("half_open_probes").orElse(hd.halfOpenProbes()))
                .defaultCooldown(Duration.ofMillis(h.integer("default_cooldown_ms")
                        .orElse(hd.defaultCooldown().toMillis())))
                .maxCooldown(Duration.ofMillis(h.integer("max_cooldown_ms").orElse(hd.maxCooldown().toMillis())))
                .maxEjectionPercent((int) h.integer("max_ejection_percent").orElse((long) hd.maxEjectionPercent()))
                .failFast(h.bool("fail_fast").orElse(hd.failFast()))
                .build());
        Values hedge = new Values("routing.hedge", r.path("hedge"));
        HedgePolicy off = HedgePolicy.OFF;
        b.hedge(new HedgePolicy((int) hedge.integer("max_hedges").orElse((long) off.maxHedges()),
                Duration.ofMillis(hedge.integer("after_ms").orElse(0L)),
                hedge.decimal("after_percentile").orElse(off.afterPercentile()),
                hedge.integer("min_samples").orElse(off.minSamples())));
        Values sticky = new Values("routing.sticky", r.path("sticky"));
        sticky.integer("idle_ttl_ms").ifPresent(ms -> b.stickyIdleTtl(Duration.ofMillis(ms)));
        sticky.integer("max_sessions").ifPresent(b::stickyMaxSessions);
    }

    /** OpenRouter's {@code provider} object, read by the request parser; its refusals name the config key. */
    private static ProviderPreferences preferences(JsonNode n, String where) {
        try {
            return ProviderPreferences.fromJson(n);
        } catch (GatewayError e) {
            throw new IllegalArgumentException("config: " + where + ": " + e.getMessage(), e);
        }
    }
}
