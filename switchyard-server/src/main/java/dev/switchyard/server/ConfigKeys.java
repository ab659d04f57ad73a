package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every key the configuration file may hold, at every level, so that a typo anywhere ({@code server: {prot: 8095}})
 * is an error that names the key and suggests the closest known one, instead of a setting that silently does nothing.
 * Values are checked where they are bound ({@link ConfigLoader}, the catalog loader); this class only knows names.
 */
final class ConfigKeys {

    /** The shape of one node of the configuration. */
    private sealed interface Shape permits Fields, MapOf, ListOf, AnyValue {
    }

    /**
     * A mapping with these keys. {@code scalarAllowed}: a plain value may stand in its place (an {@code api_keys}
     * entry may be a string or {@code {key, weight}}).
     */
    private record Fields(Map<String, Shape> fields, boolean scalarAllowed) implements Shape {
    }

    /** A mapping whose keys are names chosen by the operator (provider ids, model ids), each value of one shape. */
    private record MapOf(Shape value) implements Shape {
    }

    /** A list whose items have one shape. */
    private record ListOf(Shape item) implements Shape {
    }

    /** Anything: checked by whoever binds it. */
    private record AnyValue() implements Shape {
    }

    private static final Shape ANY = new AnyValue();

    private static final Shape PROVIDER_PREFERENCES = fields("order", "allow_fallbacks", "require_parameters",
            "data_collection", "zdr", "enforce_distillable_text", "only", "ignore", "quantizations", "sort",
            "max_price", "preferred_min_throughput", "preferred_max_latency");

    private static final Shape PRICING = fields("prompt", "completion", "cache_read", "cache_write", "request",
            "as_of", "source");

    private static final Shape ENDPOINT = fields(ordered("provider", ANY, "upstream_model", ANY, "pricing", PRICING,
            "quantization", ANY, "context_length", ANY, "max_output_tokens", ANY, "weight", ANY), false);

    private static final Shape PROVIDER = fields(ordered("name", ANY, "protocol", ANY, "base_url", ANY, "auth", ANY,
            "api_key_env", ANY, "api_key", ANY, "api_keys", new ListOf(fields(ordered("key", ANY, "weight", ANY), true)),
            "enabled", ANY, "headers", new MapOf(ANY), "country", ANY,
            "data_policy", fields("trains_on_prompts", "retains_prompts", "zero_data_retention")), false);

    private static final Shape MODEL = fields(ordered("name", ANY, "canonical_slug", ANY, "description", ANY,
            "vendor", ANY, "origin", ANY, "open_weights", ANY, "license", ANY, "created", ANY, "context_length", ANY,
            "max_output_tokens", ANY, "input_modalities", ANY, "output_modalities", ANY, "tokenizer", ANY,
            "supported_parameters", ANY, "endpoints", new ListOf(ENDPOINT)), false);

    private static final Shape ROUTING = fields(ordered(
            "defaults", fields(ordered("provider", PROVIDER_PREFERENCES), false),
            "models", new MapOf(fields(ordered("provider", PROVIDER_PREFERENCES), false)),
            "retries", fields("max_attempts", "max_rounds", "backoff_ms", "max_backoff_ms"),
            "health", fields("ewma_alpha", "failure_threshold", "open_ms", "half_open_probes", "default_cooldown_ms",
                    "max_cooldown_ms", "max_ejection_percent", "fail_fast"),
            "hedge", fields("after_ms", "after_percentile", "min_samples", "max_hedges"),
            "sticky", fields("idle_ttl_ms", "max_sessions")), false);

    /** The top level: one section per concern. */
    private static final Fields ROOT = new Fields(ordered(
            "server", fields(ordered("host", ANY, "port", ANY, "data_dir", ANY, "header_timeout_ms", ANY,
                    "body_timeout_ms", ANY, "idle_timeout_ms", ANY, "max_connections", ANY, "reserved_connections", ANY,
                    "max_inflight_body_bytes", ANY, "tls", fields("cert", "key"),
                    "allowed_hosts", ANY, "cors", fields("allowed_origins"), "drain_ms", ANY), false),
            "limits", fields("max_body_bytes", "max_json_depth", "max_upstream_response_bytes", "max_sse_event_bytes"),
            "timeouts", fields("connect_ms", "first_byte_ms", "idle_ms", "total_ms", "request_ms",
                    "body_ms"),
            "upstream", fields("max_connections_per_host"),
            "usage", fields("queue_capacity", "batch_size", "ledger"),
            "ledger", fields(ordered("retention_days", ANY, "journal", fields("enabled", "dir", "sync_interval_ms",
                    "segment_bytes", "max_bytes", "when_full")), false),
            "accounts", fields("enabled", "key_cache_ttl_ms", "max_unknown_keys", "budget_prompt_bytes_per_token",
                    "budget_default_max_output_tokens"),
            "store", ANY,
            "postgres", fields("url", "user", "password_env", "pool_size"),
            "redis", fields("url", "pool_size", "call_timeout_ms", "lease_ms", "backoff_ms", "outage",
                    "cluster_hash_tags", "health_sync_ms"),
            "log", fields("access", "format"),
            "routing", ROUTING,
            "metrics", fields("enabled"),
            "catalog", fields("overlay"),
            "providers", new MapOf(PROVIDER),
            "models", new MapOf(MODEL),
            "aliases", new MapOf(ANY)), false);

    private ConfigKeys() {
    }

    /** The top-level section names. */
    static Set<String> sections() {
        return ROOT.fields().keySet();
    }

    /**
     * Throws {@link IllegalArgumentException} naming the first unknown key, with its dotted path and the closest
     * known key, e.g. {@code config: unknown key 'server.prot' (did you mean 'server.port'?)}.
     */
    static void check(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("config: expected a mapping of sections at the top level, found "
                    + kind(root));
        }
        root.properties().forEach(e -> {
            if (!ROOT.fields().containsKey(e.getKey())) {
                throw new IllegalArgumentException("config: unknown section '" + e.getKey() + "' "
                        + hint("", e.getKey(), ROOT.fields().keySet()));
            }
            check(e.getValue(), ROOT.fields().get(e.getKey()), e.getKey());
        });
    }

    private static void check(JsonNode node, Shape shape, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return; // null removes an entry, or leaves the default
        }
        switch (shape) {
            case Fields f -> {
                if (!node.isObject()) {
                    if (f.scalarAllowed() && node.isValueNode()) {
                        return;
                    }
                    throw new IllegalArgumentException("config: " + path + ": expected a mapping of "
                            + String.join(", ", f.fields().keySet()) + ", found " + kind(node));
                }
                node.properties().forEach(e -> {
                    Shape child = f.fields().get(e.getKey());
                    if (child == null) {
                        throw new IllegalArgumentException("config: unknown key '" + path + "." + e.getKey() + "' "
                                + hint(path + ".", e.getKey(), f.fields().keySet()));
                    }
                    check(e.getValue(), child, path + "." + e.getKey());
                });
            }
            case MapOf m -> {
                if (!node.isObject()) {
                    throw new IllegalArgumentException("config: " + path + ": expected a mapping, found " + kind(node));
                }
                node.properties().forEach(e -> check(e.getValue(), m.value(), path + "." + e.getKey()));
            }
            case ListOf l -> {
                if (!node.isArray()) {
                    throw new IllegalArgumentException("config: " + path + ": expected a list, found " + kind(node));
                }
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), l.item(), path + "[" + i + "]");
                }
            }
            case AnyValue a -> {
            }
        }
    }

    private static String hint(String prefix, String typed, Set<String> known) {
        return Suggestions.closest(typed, known)
                .map(s -> "(did you mean '" + prefix + s + "'?)")
                .orElse("(expected one of: " + String.join(", ", known) + ")");
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "'" + node.asText() + "'";
    }

    private static Shape fields(String... names) {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, ANY);
        }
        return new Fields(m, false);
    }

    private static Shape fields(Map<String, Shape> fields, boolean scalarAllowed) {
        return new Fields(fields, scalarAllowed);
    }

    /** A map that keeps the order given, so "expected one of" lists keys as the documentation does. */
    private static Map<String, Shape> ordered(Object... pairs) {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Shape) pairs[i + 1]);
        }
        return m;
    }
}
