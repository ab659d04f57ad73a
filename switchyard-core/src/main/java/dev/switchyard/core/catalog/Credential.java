package dev.switchyard.core.catalog;

import java.util.Objects;

/**
 * One API key of a provider, with its share of traffic. A provider may have several (separate quotas, separate
 * accounts); the router treats each as its own endpoint for health and rate limits.
 *
 * @param key the secret; never logged, never in an error body
 * @param weight relative share among the provider's keys, &gt;= 1
 */
public record Credential(String key, int weight) {

    public Credential {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("credential key is blank");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("credential weight: " + weight + " (expected: >= 1)");
        }
    }

    @Override
    public String toString() {
        return "Credential[" + (key.length() > 8 ? key.substring(0, 3) + "…" : "…") + ", weight=" + weight + "]";
    }
}
