package dev.switchyard.core.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.Sort;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON forms of the parts of keys and workspaces that are not plain columns: limits, routing defaults (OpenRouter's
 * {@code provider} object, read back by {@link ProviderPreferences#fromJson}) and metadata. The same shapes are stored
 * and served, so what an operator sends is what is kept and shown.
 */
public final class AccountJson {

    /** OpenRouter's metadata bounds. */
    public static final int MAX_METADATA_PAIRS = 16;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 512;

    private AccountJson() {
    }

    /** {@code {requests_per_minute, tokens_per_minute, max_concurrent, allowed_models, allowed_providers}}. */
    public static ObjectNode limits(Limits l) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("requests_per_minute", l.requestsPerMinute());
        o.put("tokens_per_minute", l.tokensPerMinute());
        o.put("max_concurrent", l.maxConcurrent());
        sortedArray(o.putArray("allowed_models"), l.allowedModels());
        sortedArray(o.putArray("allowed_providers"), l.allowedProviders());
        return o;
    }

    /** Reads what {@link #limits(Limits)} wrote; missing fields are no limit. */
    public static Limits readLimits(JsonNode n) {
        return new Limits(n.path("requests_per_minute").asLong(0), n.path("tokens_per_minute").asLong(0),
                n.path("max_concurrent").asInt(0), strings(n.path("allowed_models")),
                strings(n.path("allowed_providers")));
    }

    /**
     * OpenRouter's {@code provider} object for these preferences, with only the fields that differ from
     * {@link ProviderPreferences#NONE}; {@link ProviderPreferences#fromJson} reads it back to an equal value.
     */
    public static ObjectNode policy(ProviderPreferences p) {
        ObjectNode o = Json.mapper().createObjectNode();
        if (!p.order().isEmpty()) {
            p.order().forEach(o.putArray("order")::add);
        }
        if (!p.allowFallbacks()) {
            o.put("allow_fallbacks", false);
        }
        if (p.requireParameters()) {
            o.put("require_parameters", true);
        }
        if (p.denyDataCollection()) {
            o.put("data_collection", "deny");
        }
        if (p.zdr()) {
            o.put("zdr", true);
        }
        p.only().ifPresent(only -> only.forEach(o.putArray("only")::add));
        if (!p.ignore().isEmpty()) {
            p.ignore().forEach(o.putArray("ignore")::add);
        }
        p.quantizations().ifPresent(q -> q.forEach(o.putArray("quantizations")::add));
        if (p.sort() != Sort.NONE) {
            String by = p.sort().name().toLowerCase(Locale.ROOT);
            if (p.sortAcrossModels()) {
                o.putObject("sort").put("by", by).put("partition", "none");
            } else {
                o.put("sort", by);
            }
        }
        ObjectNode price = Json.mapper().createObjectNode();
        if (p.maxPromptPicos() != Long.MAX_VALUE) {
            price.put("prompt", BigDecimal.valueOf(p.maxPromptPicos(), 6).stripTrailingZeros());
        }
        if (p.maxCompletionPicos() != Long.MAX_VALUE) {
            price.put("completion", BigDecimal.valueOf(p.maxCompletionPicos(), 6).stripTrailingZeros());
        }
        if (p.maxRequestPicos() != Long.MAX_VALUE) {
            price.put("request", BigDecimal.valueOf(p.maxRequestPicos(), 12).stripTrailingZeros());
        }
        if (!price.isEmpty()) {
            o.set("max_price", price);
        }
        if (p.preferredMinThroughput() > 0) {
            o.put("preferred_min_throughput", p.preferredMinThroughput());
        }
        if (p.preferredMaxLatencySeconds() > 0) {
            o.put("preferred_max_latency", p.preferredMaxLatencySeconds());
        }
        return o;
    }

    /** A metadata object; keys sorted. */
    public static ObjectNode metadata(Map<String, String> metadata) {
        ObjectNode o = Json.mapper().createObjectNode();
        metadata.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey(), e.getValue()));
        return o;
    }

    /**
     * Reads a metadata object of string values within OpenRouter's bounds ({@value #MAX_METADATA_PAIRS} pairs, keys up
     * to {@value #MAX_METADATA_KEY} characters, values up to {@value #MAX_METADATA_VALUE}); a 400 naming
     * {@code field} otherwise. Null or missing is empty.
     */
    public static Map<String, String> readMetadata(JsonNode n, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull() || n.isMissingNode()) {
            return out;
        }
        if (!n.isObject()) {
            throw GatewayError.invalidRequest("'" + field + "' must be an object of strings", field);
        }
        if (n.size() > MAX_METADATA_PAIRS) {
            throw GatewayError.invalidRequest("'" + field + "' has " + n.size() + " pairs (expected: at most "
                    + MAX_METADATA_PAIRS + ")", field);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_METADATA_KEY) {
                throw GatewayError.invalidRequest("'" + field + "' key '" + e.getKey() + "' must be 1 to "
                        + MAX_METADATA_KEY + " characters", field);
            }
            if (!e.getValue().isTextual() || e.getValue().asText().length() > MAX_METADATA_VALUE) {
                throw GatewayError.invalidRequest("'" + field + "." + e.getKey() + "' must be a string of at most "
                        + MAX_METADATA_VALUE + " characters", field + "." + e.getKey());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static void sortedArray(ArrayNode a, Collection<String> values) {
        values.stream().sorted().forEach(a::add);
    }

    private static Set<String> strings(JsonNode a) {
        Set<String> out = new LinkedHashSet<>();
        a.forEach(v -> out.add(v.asText()));
        return out;
    }
}
