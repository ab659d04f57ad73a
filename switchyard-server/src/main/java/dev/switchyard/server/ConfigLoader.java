package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.EnvInterpolator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.core.routing.RoutingPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code switchyard.yaml} into a {@link GatewayConfig.Builder}. String values may use {@code ${VAR}} and
 * {@code ${VAR:-default}}. Unknown top-level sections are an error, so a typo cannot silently change nothing.
 */
public final class ConfigLoader {

    private static final Set<String> SECTIONS = Set.of("server", "limits", "timeouts", "upstream", "usage", "ledger", "accounts", "log",
            "routing", "metrics", "providers", "models", "aliases");

    private ConfigLoader() {
    }

    /** Applies the YAML file's settings to the builder. */
    public static GatewayConfig.Builder apply(GatewayConfig.Builder b, Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return apply(b, CatalogLoader.parseYaml(text), env);
    }

    private static void accounts(GatewayConfig.Builder b, JsonNode a) {
        if (a.isMissingNode()) {
            return;
        }
        AccountsConfig d = b.accounts();
        b.accounts(new AccountsConfig(a.path("enabled").asBoolean(d.enabled()),
                Duration.ofMillis(a.path("key_cache_ttl_ms").asLong(d.keyCacheTtl().toMillis())),
                a.path("max_unknown_keys").asInt(d.maxUnknownKeys()),
                a.path("budget_prompt_bytes_per_token").asInt(d.promptBytesPerToken()),
                a.path("budget_default_max_output_tokens").asLong(d.defaultMaxOutputTokens())));
    }

    private static void routing(GatewayConfig.Builder b, JsonNode r) {
        if (r.isMissingNode()) {
            return;
        }
        ProviderPreferences global = ProviderPreferences.fromJson(r.path("defaults").get("provider"));
        Map<String, ProviderPreferences> perModel = new LinkedHashMap<>();
        r.path("models").properties().forEach(e -> perModel.put(e.getKey(),
                ProviderPreferences.fromJson(e.getValue().get("provider"))));
        b.routingPolicy(new RoutingPolicy(global, perModel));
        JsonNode retries = r.path("retries");
        RetryPolicy d = RetryPolicy.DEFAULT;
        b.retry(new RetryPolicy(retries.path("max_attempts").asInt(d.maxAttempts()),
                retries.path("max_rounds").asInt(d.maxRounds()),
                Duration.ofMillis(retries.path("backoff_ms").asLong(d.baseBackoff().toMillis())),
                Duration.ofMillis(retries.path("max_backoff_ms").asLong(d.maxBackoff().toMillis()))));
        JsonNode h = r.path("health");
        HealthConfig hd = HealthConfig.DEFAULT;
        b.health(HealthConfig.builder()
                .ewmaAlpha(h.path("ewma_alpha").asDouble(hd.ewmaAlpha()))
                .failureThreshold(h.path("failure_threshold").asInt(hd.failureThreshold()))
                .openDuration(Duration.ofMillis(h.path("open_ms").asLong(hd.openDuration().toMillis())))
                .halfOpenProbes(h.path("half_open_probes").asInt(hd.halfOpenProbes()))
                .defaultCooldown(Duration.ofMillis(h.path("default_cooldown_ms").asLong(hd.defaultCooldown().toMillis())))
                .maxCooldown(Duration.ofMillis(h.path("max_cooldown_ms").asLong(hd.maxCooldown().toMillis())))
                .build());
        JsonNode sticky = r.path("sticky");
        if (sticky.has("idle_ttl_ms")) b.stickyIdleTtl(Duration.ofMillis(sticky.get("idle_ttl_ms").asLong()));
        if (sticky.has("max_sessions")) b.stickyMaxSessions(sticky.get("max_sessions").asLong());
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
        if (!root.isObject()) {
            throw new IllegalArgumentException("config: expected a mapping at the top level");
        }
        root.properties().forEach(e -> {
            if (!SECTIONS.contains(e.getKey())) {
                throw new IllegalArgumentException("config: unknown section '" + e.getKey() + "' (expected one of "
                        + SECTIONS + ")");
            }
        });
        JsonNode server = new EnvInterpolator(env).interpolate(root.path("server").deepCopy());
        if (server.has("host")) b.host(server.get("host").asText());
        if (server.has("port")) b.port(Integer.parseInt(server.get("port").asText()));
        if (server.has("data_dir")) b.dataDir(Path.of(server.get("data_dir").asText()));
        edge(b, server);
        JsonNode limits = root.path("limits");
        if (limits.has("max_body_bytes")) b.maxBodyBytes(limits.get("max_body_bytes").asLong());
        if (limits.has("max_json_depth")) b.maxJsonDepth(limits.get("max_json_depth").asLong());
        if (limits.has("max_upstream_response_bytes")) b.maxUpstreamResponseBytes(limits.get("max_upstream_response_bytes").asLong());
        if (limits.has("max_sse_event_bytes")) b.maxSseEventBytes(limits.get("max_sse_event_bytes").asLong());
        JsonNode timeouts = root.path("timeouts");
        for (String name : new String[] {"connect", "first_byte", "idle", "total"}) {
            if (timeouts.has(name + "_ms")) {
                b.deadline(name, Duration.ofMillis(timeouts.get(name + "_ms").asLong()));
            }
        }
        JsonNode upstream = root.path("upstream");
        if (upstream.has("max_connections_per_host")) b.maxConnectionsPerHost(upstream.get("max_connections_per_host").asLong());
        JsonNode usage = root.path("usage");
        if (usage.has("queue_capacity")) b.usageQueueCapacity(usage.get("queue_capacity").asLong());
        if (usage.has("batch_size")) b.usageBatchSize(usage.get("batch_size").asLong());
        if (root.path("log").has("access")) b.accessLog(root.path("log").get("access").asBoolean());
        if (usage.has("ledger")) b.ledger(usage.get("ledger").asBoolean());
        if (root.path("ledger").has("retention_days")) b.ledgerRetentionDays(root.path("ledger").get("retention_days").asLong());
        if (root.path("metrics").has("enabled")) b.metrics(root.path("metrics").get("enabled").asBoolean());
        accounts(b, root.path("accounts"));
        routing(b, root.path("routing"));
        ObjectNode overlay = JsonNodeFactory.instance.objectNode();
        for (String section : new String[] {"providers", "models", "aliases"}) {
            if (root.has(section)) {
                overlay.set(section, root.get(section).deepCopy());
            }
        }
        return b.catalogOverlay(overlay).env(env);
    }
}
