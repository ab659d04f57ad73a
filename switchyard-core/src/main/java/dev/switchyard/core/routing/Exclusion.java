package dev.switchyard.core.routing;

import java.util.Objects;

/**
 * Why one candidate could not serve a request.
 *
 * @param candidate the candidate's key
 * @param provider its provider
 * @param model its catalog model
 * @param reason a filter name, following OpenRouter's {@code excluded_by} vocabulary where one exists:
 *     {@code provider_disabled}, {@code allowed_providers}, {@code free_variant}, {@code require_parameters},
 *     {@code tools}, {@code data_policy:training}, {@code data_policy:zdr}, {@code quantization}, {@code max_price},
 *     {@code context_length}, {@code max_output}, {@code cooldown}, {@code circuit_open}, {@code no_adapter}
 */
public record Exclusion(String candidate, String provider, String model, String reason) {

    public Exclusion {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the reason passes with time (health), rather than with configuration or the request. */
    public boolean temporary() {
        return reason.equals("cooldown") || reason.equals("circuit_open");
    }
}
