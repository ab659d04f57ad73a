package dev.switchyard.core.routing;

import dev.switchyard.core.Ticker;
import java.util.Objects;
import java.util.Optional;

/**
 * What one endpoint (one model at one provider, with one key) has shown lately, and whether it may take traffic.
 *
 * <h2>How it decides</h2>
 * <ul>
 *   <li><b>Moving averages.</b> Latency, time to first token, output throughput and error rate are exponentially
 *       weighted ({@link HealthConfig#ewmaAlpha()} for the newest sample), so a few minutes of history dominate and old
 *       behaviour fades without a timer.</li>
 *   <li><b>Circuit breaker.</b> {@code failureThreshold} consecutive failures open it; an open breaker refuses traffic
 *       for {@code openDuration}; then it is half-open and lets {@code halfOpenProbes} requests through. A probe that
 *       succeeds closes it; one that fails opens it again for another full period.</li>
 *   <li><b>Cooldown.</b> A 429 takes the endpoint out of rotation until its {@code Retry-After} (capped), or for
 *       {@code defaultCooldown}. Rate limits are not failures: they neither trip the breaker nor count against uptime,
 *       as with OpenRouter's uptime figures.</li>
 * </ul>
 * Time comes only from the injected {@link Ticker}, so every transition is tested without sleeping. Reads used by the
 * router on every request are of volatile fields and take no lock; updates are synchronised.
 */
public final class EndpointHealth {

    private final HealthConfig config;
    private final Ticker ticker;
    private final WindowedStats windows = new WindowedStats();

    private volatile double latencyMs = -1;
    private volatile double ttftMs = -1;
    private volatile double throughput = -1;
    private volatile double errorRate;
    private volatile BreakerState state = BreakerState.CLOSED;
    private volatile long openedAtNanos;
    private volatile long cooldownUntilNanos = Long.MIN_VALUE;
    /** Learned from another replica (shared health): unavailable until then, for {@link #sharedReason}. */
    private volatile long sharedUntilNanos = Long.MIN_VALUE;
    private volatile String sharedReason = "";
    private int consecutiveFailures;
    private volatile int probesInFlight;

    public EndpointHealth(HealthConfig config, Ticker ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Why the endpoint may not take a request now: empty when it may. */
    public String unavailableReason() {
        return unavailableReason(ticker.nanos());
    }

    /** Why the endpoint may not take a request at {@code now} (a reading of this health's ticker). */
    public String unavailableReason(long now) {
        if (now < cooldownUntilNanos) {
            return "cooldown";
        }
        BreakerState s = state;
        if (s == BreakerState.OPEN && now - openedAtNanos < config.openDuration().toNanos()) {
            return "circuit_open";
        }
        if (s == BreakerState.HALF_OPEN && probesInFlight >= config.halfOpenProbes()) {
            return "circuit_half_open"; // its probes are out: no more traffic until one comes back
        }
        if (now < sharedUntilNanos) {
            return sharedReason;
        }
        return "";
    }

    /**
     * Why and for how long this replica's own observations keep the endpoint out (its breaker, a 429's cooldown),
     * for the other replicas; empty when they do not. What was learned from other replicas is not included, so that
     * nothing is passed back and forth.
     */
    public synchronized Optional<Unavailability> ownUnavailability() {
        long now = ticker.nanos();
        long open = state == BreakerState.OPEN ? openedAtNanos + config.openDuration().toNanos() - now : 0;
        long cooling = cooldownUntilNanos == Long.MIN_VALUE ? 0 : cooldownUntilNanos - now;
        if (open <= 0 && cooling <= 0) {
            return Optional.empty();
        }
        return open >= cooling ? Optional.of(new Unavailability("circuit_open", Math.max(1, open / 1_000_000)))
                : Optional.of(new Unavailability("cooldown", Math.max(1, cooling / 1_000_000)));
    }

    /**
     * Another replica found the endpoint unavailable: keep it out here too for as long, with the same reason (so an
     * open breaker elsewhere is subject to the planner's panic rule, as one here is). A later, longer report extends it.
     */
    public synchronized void learnedElsewhere(Unavailability u) {
        long until = ticker.nanos() + u.remainingMillis() * 1_000_000L;
        if (until > sharedUntilNanos) {
            sharedUntilNanos = until;
            sharedReason = u.reason();
        }
    }

    /** When the breaker last opened, on this health's ticker (meaningful only while open or half-open). */
    public long openedAtNanos() {
        return openedAtNanos;
    }

    /**
     * Seconds until a cooldown or open breaker ends (rounded up), 0 when available: this replica's own, or one another
     * replica reported ({@link #learnedElsewhere}), which keeps the endpoint out here just the same.
     */
    public long secondsUntilAvailable() {
        long now = ticker.nanos();
        long until = Math.max(Math.max(cooldownUntilNanos, sharedUntilNanos),
                state == BreakerState.OPEN ? openedAtNanos + config.openDuration().toNanos() : Long.MIN_VALUE);
        return until <= now ? 0 : (until - now + 999_999_999L) / 1_000_000_000L;
    }

    /**
     * Asks to send one request. Always granted while closed; while half-open only up to the probe limit; never while
     * open or cooling down. A granted request must end in exactly one of {@link #onSuccess}, {@link #onFailure},
     * {@link #onRateLimited} or {@link #onAbandoned}.
     */
    public synchronized boolean tryAcquire() {
        long now = ticker.nanos();
        if (now < cooldownUntilNanos || now < sharedUntilNanos) {
            return false;
        }
        if (state == BreakerState.OPEN) {
            if (now - openedAtNanos < config.openDuration().toNanos()) {
                return false;
            }
            state = BreakerState.HALF_OPEN;
            probesInFlight = 0;
        }
        if (state == BreakerState.HALF_OPEN) {
            if (probesInFlight >= config.halfOpenProbes()) {
                return false;
            }
            probesInFlight++;
        }
        return true;
    }

    /**
     * Sends one request whatever the breaker says, as a probe: the planner's panic rule admitted this endpoint
     * although its breaker is open or its probes are out (see {@link RoutePlanner}). The breaker becomes half-open, so
     * that the outcome decides, as for any probe: success closes it, failure opens it again. Must end like
     * {@link #tryAcquire}.
     */
    public synchronized void acquireProbe() {
        if (state != BreakerState.CLOSED) {
            state = BreakerState.HALF_OPEN;
            probesInFlight++;
        }
    }

    /**
     * The {@code q} quantile (0..1) of time to first token over the last 5 minutes, in ms; -1 with fewer than
     * {@code minSamples} measurements. Exact to within a histogram bucket (±25 %).
     */
    public synchronized double ttftPercentile(double q, long minSamples) {
        long[] counts = windows.lastMinutes(ticker.nanos(), 5).ttft();
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n < Math.max(1, minSamples) ? -1 : WindowedStats.percentile(counts, q);
    }

    /**
     * A request succeeded.
     *
     * @param latencyMillis request to last byte
     * @param ttftMillis request to first byte, or -1
     * @param tokensPerSecond output tokens over generation time, or -1 when unknown
     */
    public synchronized void onSuccess(double latencyMillis, double ttftMillis, double tokensPerSecond) {
        latencyMs = ewma(latencyMs, latencyMillis);
        if (ttftMillis >= 0) {
            ttftMs = ewma(ttftMs, ttftMillis);
        }
        if (tokensPerSecond >= 0) {
            throughput = ewma(throughput, tokensPerSecond);
        }
        errorRate = errorRate * (1 - config.ewmaAlpha());
        consecutiveFailures = 0;
        if (state == BreakerState.HALF_OPEN) {
            probesInFlight = Math.max(0, probesInFlight - 1);
        }
        state = BreakerState.CLOSED;
        windows.record(ticker.nanos(), true, ttftMillis, tokensPerSecond);
    }

    /** A request failed in a way that says something about the endpoint (5xx, connect error, timeout). */
    public synchronized void onFailure() {
        errorRate = errorRate * (1 - config.ewmaAlpha()) + config.ewmaAlpha();
        consecutiveFailures++;
        long now = ticker.nanos();
        if (state == BreakerState.HALF_OPEN || consecutiveFailures >= config.failureThreshold()) {
            state = BreakerState.OPEN;
            openedAtNanos = now;
            probesInFlight = 0;
        }
        windows.record(now, false, -1, -1);
    }

    /** The endpoint said 429: cool it down for {@code retryAfterSeconds}, or the default when negative. */
    public synchronized void onRateLimited(long retryAfterSeconds) {
        long nanos = retryAfterSeconds < 0 ? config.defaultCooldown().toNanos()
                : Math.min(config.maxCooldown().toNanos(), retryAfterSeconds * 1_000_000_000L);
        cooldownUntilNanos = Math.max(cooldownUntilNanos, ticker.nanos() + nanos);
        releaseProbe();
    }

    /** A granted request ended without saying anything about the endpoint (the client left, a 400). */
    public synchronized void onAbandoned() {
        releaseProbe();
    }

    private void releaseProbe() {
        if (state == BreakerState.HALF_OPEN) {
            probesInFlight = Math.max(0, probesInFlight - 1);
        }
    }

    private double ewma(double current, double sample) {
        return current < 0 ? sample : current + config.ewmaAlpha() * (sample - current);
    }

    /** The breaker state as of now (an expired open period reads as half-open). */
    public BreakerState state() {
        return state(ticker.nanos());
    }

    /** The breaker state at {@code now} (a reading of this health's ticker). */
    public BreakerState state(long now) {
        BreakerState s = state;
        if (s == BreakerState.OPEN && now - openedAtNanos >= config.openDuration().toNanos()) {
            return BreakerState.HALF_OPEN;
        }
        return s;
    }

    /** Moving average of latency in ms, -1 before the first success. */
    public double latencyMillis() {
        return latencyMs;
    }

    /** Moving average of time to first token in ms, -1 before the first measurement. */
    public double ttftMillis() {
        return ttftMs;
    }

    /** Moving average of output tokens per second, -1 before the first measurement. */
    public double throughput() {
        return throughput;
    }

    /** Moving average of the failure rate, 0..1. */
    public double errorRate() {
        return errorRate;
    }

    /** Uptime and percentiles over the last 5 minutes, 30 minutes and day. */
    public synchronized HealthSnapshot snapshot() {
        long now = ticker.nanos();
        return new HealthSnapshot(state(), secondsUntilAvailable(), latencyMs, ttftMs, throughput, errorRate,
                HealthSnapshot.WindowStats.of(windows.lastMinutes(now, 5)),
                HealthSnapshot.WindowStats.of(windows.lastMinutes(now, 30)),
                HealthSnapshot.WindowStats.of(windows.lastDay(now)));
    }
}
