package dev.switchyard.core.catalog;

import dev.switchyard.core.usage.Pricing;
import java.util.Objects;

/**
 * One model served by one provider: the unit the router chooses between.
 *
 * @param modelId the catalog model id, e.g. {@code deepseek/deepseek-flash}
 * @param providerId the provider slug
 * @param upstreamModel the model name the provider expects
 * @param pricing what it charges
 * @param quantization e.g. {@code fp8}; {@code unknown} when not published
 * @param contextLength the endpoint's context window
 * @param maxOutputTokens the endpoint's output cap
 * @param weight the relative share of traffic among equals, &gt;= 1
 */
public record EndpointSpec(String modelId, String providerId, String upstreamModel, Pricing pricing,
                           String quantization, long contextLength, long maxOutputTokens, int weight) {

    public EndpointSpec {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(quantization, "quantization");
        if (weight < 1) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
        }
    }

    /** The routable tag of this endpoint, {@code provider/upstream-model}. */
    public String tag() {
        return providerId + "/" + upstreamModel;
    }
}
