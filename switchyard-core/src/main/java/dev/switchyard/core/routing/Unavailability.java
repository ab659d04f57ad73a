package dev.switchyard.core.routing;

import java.util.Objects;

/**
 * Why an endpoint takes no traffic, and for how much longer: what one replica tells the others.
 *
 * @param reason {@code circuit_open} (its breaker) or {@code cooldown} (a 429's Retry-After)
 * @param remainingMillis how long it lasts from now
 */
public record Unavailability(String reason, long remainingMillis) {

    public Unavailability {
        Objects.requireNonNull(reason, "reason");
        if (!reason.equals("circuit_open") && !reason.equals("cooldown")) {
            throw new IllegalArgumentException("reason: " + reason + " (expected: circuit_open or cooldown)");
        }
        if (remainingMillis <= 0) {
            throw new IllegalArgumentException("remainingMillis: " + remainingMillis + " (expected: > 0)");
        }
    }
}
