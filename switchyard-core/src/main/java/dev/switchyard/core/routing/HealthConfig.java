package dev.switchyard.core.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of endpoint health tracking. Build with {@link #builder()}; the defaults suit LLM providers, whose calls are
 * long and whose outages come in minutes, not milliseconds.
 *
 * @param ewmaAlpha weight of the newest sample in the moving averages, in (0, 1]
 * @param failureThreshold consecutive failures that open the breaker
 * @param openDuration how long an open breaker refuses traffic before probing
 * @param halfOpenProbes probe requests allowed while half-open
 * @param defaultCooldown cooldown after a 429 that carries no {@code Retry-After}
 * @param maxCooldown the longest cooldown honoured from a {@code Retry-After}
 * @param maxEjectionPercent the largest share (0–100) of a model's candidates that open breakers may take out of a
 *     plan; beyond it the breakers opened longest ago are tried anyway, as probes, and at least one candidate is always
 *     tried (see {@link RoutePlanner}, "panic")
 * @param failFast the operator's explicit choice to let open breakers remove every candidate, so that such a request
 *     fails at once with 503 {@code circuit_open}; {@code maxEjectionPercent} then does not apply
 */
public record HealthConfig(double ewmaAlpha, int failureThreshold, Duration openDuration, int halfOpenProbes,
                           Duration defaultCooldown, Duration maxCooldown, int maxEjectionPercent, boolean failFast) {

    /** The defaults. */
    public static final HealthConfig DEFAULT = builder().build();

    public HealthConfig {
        if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) {
            throw new IllegalArgumentException("ewmaAlpha: " + ewmaAlpha + " (expected: (0, 1])");
        }
        if (failureThreshold < 1 || halfOpenProbes < 1) {
            throw new IllegalArgumentException("failureThreshold and halfOpenProbes must be >= 1");
        }
        if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
            throw new IllegalArgumentException("maxEjectionPercent: " + maxEjectionPercent + " (expected: 0..100)");
        }
        Objects.requireNonNull(openDuration, "openDuration");
        Objects.requireNonNull(defaultCooldown, "defaultCooldown");
        Objects.requireNonNull(maxCooldown, "maxCooldown");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link HealthConfig}. */
    public static final class Builder {
        private double ewmaAlpha = 0.2;
        private int failureThreshold = 5;
        private Duration openDuration = Duration.ofSeconds(30);
        private int halfOpenProbes = 1;
        private Duration defaultCooldown = Duration.ofSeconds(5);
        private Duration maxCooldown = Duration.ofMinutes(10);
        private int maxEjectionPercent = 50;
        private boolean failFast;

        public Builder ewmaAlpha(double v) { ewmaAlpha = v; return this; }
        public Builder failureThreshold(int v) { failureThreshold = v; return this; }
        public Builder openDuration(Duration v) { openDuration = v; return this; }
        public Builder halfOpenProbes(int v) { halfOpenProbes = v; return this; }
        public Builder defaultCooldown(Duration v) { defaultCooldown = v; return this; }
        public Builder maxCooldown(Duration v) { maxCooldown = v; return this; }
        public Builder maxEjectionPercent(int v) { maxEjectionPercent = v; return this; }
        public Builder failFast(boolean v) { failFast = v; return this; }

        public HealthConfig build() {
            return new HealthConfig(ewmaAlpha, failureThreshold, openDuration, halfOpenProbes, defaultCooldown,
                    maxCooldown, maxEjectionPercent, failFast);
        }
    }
}
