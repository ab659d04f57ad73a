package dev.switchyard.core.routing;

/**
 * A point-in-time view of an endpoint's health, for {@code GET /v1/models/{id}/endpoints}.
 *
 * @param state the breaker state
 * @param secondsUntilAvailable how long a cooldown or open breaker lasts, 0 when available
 * @param latencyMillis moving average, -1 when unknown
 * @param ttftMillis moving average, -1 when unknown
 * @param tokensPerSecond moving average, -1 when unknown
 * @param errorRate moving average, 0..1
 * @param last5m the last five minutes
 * @param last30m the last thirty minutes
 * @param last1d the last day
 */
public record HealthSnapshot(BreakerState state, long secondsUntilAvailable, double latencyMillis, double ttftMillis,
                             double tokensPerSecond, double errorRate, WindowStats last5m, WindowStats last30m,
                             WindowStats last1d) {

    /**
     * One window's figures; percentiles are -1 when there were no samples.
     *
     * @param requests successes plus failures (rate limits excluded)
     * @param uptimePercent successes / requests × 100, -1 with no requests
     * @param ttftMillis p50, p75, p90, p99 of time to first token
     * @param tokensPerSecond p50, p75, p90, p99 of output throughput
     */
    public record WindowStats(long requests, double uptimePercent, double[] ttftMillis, double[] tokensPerSecond) {

        private static final double[] QUANTILES = {0.50, 0.75, 0.90, 0.99};

        static WindowStats of(WindowedStats.Window w) {
            long requests = w.successes() + w.failures();
            double[] ttft = new double[QUANTILES.length];
            double[] tput = new double[QUANTILES.length];
            for (int i = 0; i < QUANTILES.length; i++) {
                ttft[i] = WindowedStats.percentile(w.ttft(), QUANTILES[i]);
                tput[i] = WindowedStats.percentile(w.throughput(), QUANTILES[i]);
            }
            return new WindowStats(requests, requests == 0 ? -1 : 100.0 * w.successes() / requests, ttft, tput);
        }
    }
}
