package dev.switchyard.core.routing;

import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answer when no candidate survives the filters: never a generic "provider error", but which filter removed which
 * endpoint, in OpenRouter's {@code error.availability} shape plus the full list.
 *
 * <ul>
 *   <li>every exclusion is a disabled provider: 503 {@code no_provider_configured}, naming what to set;</li>
 *   <li>some are only temporarily out (cooldown, open breaker): 503 {@code temporarily_unavailable}, retryable, with
 *       {@code Retry-After};</li>
 *   <li>otherwise the request's own constraints removed everything: 400 {@code constraint_filtered}.</li>
 * </ul>
 */
public final class Availability {

    private Availability() {
    }

    /** The error for an empty plan. */
    public static GatewayError error(List<ModelSpec> models, RoutePlan plan, List<String> disabledReasons,
                                     long retryAfterSeconds) {
        List<Exclusion> exclusions = plan.exclusions();
        boolean allDisabled = !exclusions.isEmpty()
                && exclusions.stream().allMatch(e -> e.reason().equals("provider_disabled"));
        boolean temporary = exclusions.stream().anyMatch(Exclusion::temporary);
        List<String> requested = models.stream().map(ModelSpec::id).toList();
        Set<String> excludedBy = new LinkedHashSet<>();
        Set<String> providers = new LinkedHashSet<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Exclusion e : exclusions) {
            excludedBy.add(e.reason());
            providers.add(e.provider());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("endpoint", e.candidate());
            row.put("provider", e.provider());
            row.put("model", e.model());
            row.put("reason", e.reason());
            list.add(row);
        }
        String code;
        ErrorKind kind;
        String message;
        if (allDisabled) {
            code = "no_provider_configured";
            kind = ErrorKind.UNAVAILABLE;
            message = "no provider is available for model " + String.join(", ", requested) + ": "
                    + String.join("; ", disabledReasons);
        } else if (temporary) {
            code = "temporarily_unavailable";
            kind = ErrorKind.UNAVAILABLE;
            message = "every endpoint for " + String.join(", ", requested) + " is temporarily unavailable ("
                    + String.join(", ", excludedBy) + "); retry in " + retryAfterSeconds + " s";
        } else {
            code = "constraint_filtered";
            kind = ErrorKind.INVALID_REQUEST;
            message = "no endpoint for " + String.join(", ", requested)
                    + " satisfies the request's routing constraints (excluded by: " + String.join(", ", excludedBy)
                    + ")";
        }
        Map<String, Object> availability = new LinkedHashMap<>();
        availability.put("code", code);
        availability.put("retryable", temporary && !allDisabled);
        availability.put("retry_after", temporary && !allDisabled ? retryAfterSeconds : null);
        availability.put("requested_models", requested);
        availability.put("affected_providers", List.copyOf(providers));
        availability.put("excluded_by", List.copyOf(excludedBy));
        availability.put("exclusions", list);
        GatewayError.Builder b = GatewayError.builder(kind, message).code(code).detail("availability", availability);
        if (allDisabled) {
            b.metadata("reasons", disabledReasons);
        }
        if (temporary && !allDisabled) {
            b.retryAfterSeconds(retryAfterSeconds);
        }
        return b.build();
    }
}
