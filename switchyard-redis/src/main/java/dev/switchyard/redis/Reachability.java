package dev.switchyard.redis;

import dev.switchyard.core.WallClock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the shared store answers, as the calls to it have found. After a failure the store is treated as down for a
 * short back-off, so that requests in an outage do not each wait for a timeout; the first call after the back-off is
 * the probe, and its success brings the store back for everyone. A background check (the replicas' health exchange)
 * may report too: its success brings the store back, its failure marks it down without a back-off ({@link #suspect}).
 */
public final class Reachability {

    private final WallClock clock;
    private final long backoffMillis;
    private final AtomicLong downUntil = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>("");

    /**
     * @param clock the wall clock
     * @param backoffMillis how long a failure keeps the store marked down before the next probe
     */
    public Reachability(WallClock clock, long backoffMillis) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (backoffMillis < 0) {
            throw new IllegalArgumentException("backoffMillis: " + backoffMillis + " (expected: >= 0)");
        }
        this.backoffMillis = backoffMillis;
    }

    /** Whether a call should be tried now: the store is up, or its back-off has run out (a probe). */
    public boolean worthTrying() {
        return clock.epochMillis() >= downUntil.get();
    }

    /** Whether the last call found the store answering. */
    public boolean up() {
        return downUntil.get() == Long.MIN_VALUE;
    }

    /** A call succeeded. */
    public void succeeded() {
        downUntil.set(Long.MIN_VALUE);
    }

    /** A call failed for want of the store (not for a script error). */
    public void failed(Throwable cause) {
        failures.incrementAndGet();
        lastError.set(String.valueOf(cause.getMessage()));
        downUntil.set(clock.epochMillis() + backoffMillis);
    }

    /**
     * A background check (not a request's call) failed: the store counts as down, for readiness, but requests keep
     * trying it at once. Only a request's own failed call starts a back-off, so a slow background check can never
     * refuse requests that the store would have answered.
     */
    public void suspect(Throwable cause) {
        failures.incrementAndGet();
        lastError.set(String.valueOf(cause.getMessage()));
        downUntil.accumulateAndGet(clock.epochMillis(), Math::max);
    }

    /** Calls that failed since start. */
    public long failures() {
        return failures.get();
    }

    /** The last failure's message, empty if none. */
    public String lastError() {
        return lastError.get();
    }
}
