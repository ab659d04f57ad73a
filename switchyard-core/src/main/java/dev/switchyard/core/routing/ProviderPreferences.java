package dev.switchyard.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.GatewayError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * OpenRouter's {@code provider} object: how a request (or an operator default) wants its endpoints filtered and
 * ordered. Every field has a neutral value that means "no preference", so layers combine with {@link PolicyMerge}.
 *
 * @param order providers to try first, in order; empty for none
 * @param allowFallbacks whether endpoints beyond the ordered (or first chosen) one may be tried
 * @param requireParameters only endpoints whose model supports every parameter in the request
 * @param denyDataCollection exclude providers that retain or train on prompts
 * @param zdr only zero-data-retention providers
 * @param only an allow-list of providers, absent for no restriction (present and empty allows nothing)
 * @param ignore a deny-list of providers
 * @param quantizations allowed quantizations, absent for any
 * @param sort an explicit ordering
 * @param sortAcrossModels OpenRouter's {@code partition: "none"}: sort the endpoints of all fallback models together
 * @param maxPromptPicos the highest prompt price per token accepted, {@link Long#MAX_VALUE} for no cap
 * @param maxCompletionPicos the highest completion price per token accepted
 * @param maxRequestPicos the highest per-request price accepted
 * @param preferredMinThroughput tokens per second (p50) below which an endpoint is tried later; 0 for none
 * @param preferredMaxLatencySeconds time to first token (p50) above which an endpoint is tried later; 0 for none
 */
public record ProviderPreferences(List<String> order, boolean allowFallbacks, boolean requireParameters,
                                  boolean denyDataCollection, boolean zdr, Optional<Set<String>> only,
                                  Set<String> ignore, Optional<Set<String>> quantizations, Sort sort,
                                  boolean sortAcrossModels, long maxPromptPicos, long maxCompletionPicos,
                                  long maxRequestPicos, double preferredMinThroughput,
                                  double preferredMaxLatencySeconds) {

    /** No preference at all. */
    public static final ProviderPreferences NONE = new ProviderPreferences(List.of(), true, false, false, false,
            Optional.empty(), Set.of(), Optional.empty(), Sort.NONE, false, Long.MAX_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE, 0, 0);

    public ProviderPreferences {
        order = List.copyOf(order);
        only = only.map(Set::copyOf);
        ignore = Set.copyOf(ignore);
        quantizations = quantizations.map(Set::copyOf);
        Objects.requireNonNull(sort, "sort");
    }

    /** A copy with another sort (used by the {@code :floor} and {@code :nitro} variants). */
    public ProviderPreferences withSort(Sort newSort) {
        return new ProviderPreferences(order, allowFallbacks, requireParameters, denyDataCollection, zdr, only, ignore,
                quantizations, newSort, sortAcrossModels, maxPromptPicos, maxCompletionPicos, maxRequestPicos,
                preferredMinThroughput, preferredMaxLatencySeconds);
    }

    /**
     * Reads OpenRouter's {@code provider} object. Unknown fields are ignored (OpenRouter adds them often); wrong types
     * are a 400 naming the field.
     */
    public static ProviderPreferences fromJson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return NONE;
        }
        if (!n.isObject()) {
            throw GatewayError.invalidRequest("'provider' must be an object", "provider");
        }
        Sort sort = Sort.NONE;
        boolean across = false;
        JsonNode s = n.get("sort");
        if (s != null && !s.isNull()) {
            JsonNode by = s.isObject() ? s.path("by") : s;
            try {
                sort = Sort.parse(by.asText());
            } catch (IllegalArgumentException e) {
                throw GatewayError.invalidRequest("'provider.sort' must be price, throughput or latency", "provider.sort");
            }
            across = s.isObject() && "none".equals(s.path("partition").asText("model"));
        }
        JsonNode price = n.path("max_price");
        return new ProviderPreferences(strings(n, "order"), bool(n, "allow_fallbacks", true),
                bool(n, "require_parameters", false), dataCollectionDenied(n), bool(n, "zdr", false),
                optionalSet(n, "only"), new LinkedHashSet<>(strings(n, "ignore")), optionalSet(n, "quantizations"),
                sort, across, cap(price, "prompt", 6, "USD per million tokens"), cap(price, "completion", 6, "USD per million tokens"),
                cap(price, "request", 12, "USD"),
                percentile50(n, "preferred_min_throughput"), percentile50(n, "preferred_max_latency"));
    }

    private static boolean dataCollectionDenied(JsonNode n) {
        JsonNode v = n.get("data_collection");
        if (v == null || v.isNull()) {
            return false;
        }
        return switch (v.asText().toLowerCase(Locale.ROOT)) {
            case "deny" -> true;
            case "allow" -> false;
            default -> throw GatewayError.invalidRequest("'provider.data_collection' must be allow or deny",
                    "provider.data_collection");
        };
    }

    private static List<String> strings(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw GatewayError.invalidRequest("'provider." + field + "' must be an array of strings", "provider." + field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw GatewayError.invalidRequest("'provider." + field + "' must be an array of strings",
                        "provider." + field);
            }
            out.add(e.asText().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Optional<Set<String>> optionalSet(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(new LinkedHashSet<>(strings(n, field)));
    }

    private static boolean bool(JsonNode n, String field, boolean dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw GatewayError.invalidRequest("'provider." + field + "' must be a boolean", "provider." + field);
        }
        return v.asBoolean();
    }

    /**
     * A price cap in picodollars: USD per million tokens shifted 6 places (exact picodollars per token) or USD per
     * unit shifted 12. A cap is an upper bound, so anything finer than a picodollar is rounded down, not refused.
     */
    private static long cap(JsonNode price, String field, int shift, String unit) {
        JsonNode v = price.get(field);
        if (v == null || v.isNull()) {
            return Long.MAX_VALUE;
        }
        try {
            BigDecimal usd = new BigDecimal(v.asText());
            if (usd.signum() < 0) {
                throw new NumberFormatException();
            }
            return usd.movePointRight(shift).setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw GatewayError.invalidRequest("'provider.max_price." + field + "' must be a non-negative number ("
                    + unit + ")", "provider.max_price." + field);
        }
    }

    /** A number, or OpenRouter's {@code {p50, p75, p90, p99}} object, of which the p50 is used. */
    private static double percentile50(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        JsonNode number = v.isObject() ? v.path("p50") : v;
        if (!number.isNumber() || number.asDouble() < 0) {
            throw GatewayError.invalidRequest("'provider." + field + "' must be a non-negative number",
                    "provider." + field);
        }
        return number.asDouble();
    }
}
