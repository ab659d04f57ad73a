package dev.switchyard.core.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the router starts a second attempt beside a slow first one (a hedge), and how many.
 *
 * <p>An attempt that has not committed (no first content) by its threshold gets the next candidate of the plan started
 * in parallel; the first of them to commit serves the request and the others are cancelled. The threshold is the
 * endpoint's observed time-to-first-token percentile over the last 5 minutes ({@code afterPercentile}, once it has
 * {@code minSamples} measurements), else the fixed {@code after}; with neither, hedging is off. Off by default: a hedge
 * can make the provider bill a request twice (the loser's prompt, and whatever it generated before it was
 * cancelled).
 *
 * @param maxHedges extra attempts one request may start this way, at least 1
 * @param after the fixed threshold; zero for none
 * @param afterPercentile the percentile (e.g. 95) of the endpoint's time to first token used as its threshold; 0 for
 *     none
 * @param minSamples measurements the percentile needs before it is trusted
 */
public record HedgePolicy(int maxHedges, Duration after, double afterPercentile, long minSamples) {

    /** No hedging. */
    public static final HedgePolicy OFF = new HedgePolicy(1, Duration.ZERO, 0, 20);

    public HedgePolicy {
        Objects.requireNonNull(after, "after");
        if (maxHedges < 1) {
            throw new IllegalArgumentException("maxHedges: " + maxHedges + " (expected: >= 1)");
        }
        if (after.isNegative()) {
            throw new IllegalArgumentException("after: " + after + " (expected: >= 0)");
        }
        if (afterPercentile < 0 || afterPercentile >= 100) {
            throw new IllegalArgumentException("afterPercentile: " + afterPercentile + " (expected: 0 <= p < 100)");
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples: " + minSamples + " (expected: >= 1)");
        }
    }

    /** Whether hedging is on. */
    public boolean enabled() {
        return !after.isZero() || afterPercentile > 0;
    }

    /** How long an attempt on this endpoint may go without a first byte before it is hedged; empty: never. */
    public Optional<Duration> threshold(EndpointHealth health) {
        if (afterPercentile > 0) {
            double p = health.ttftPercentile(afterPercentile / 100, minSamples);
            if (p > 0) {
                return Optional.of(Duration.ofMillis((long) Math.ceil(p)));
            }
        }
        return after.isZero() ? Optional.empty() : Optional.of(after);
    }
}
