package dev.switchyard.core.routing;

import java.util.concurrent.TimeUnit;

/**
 * Success counts and time-to-first-token and throughput distributions of one endpoint over sliding windows: the last
 * 5 and 30 minutes (from 30 one-minute buckets) and the last day (from 96 fifteen-minute buckets).
 *
 * <p>Distributions are kept as counts in 40 logarithmic buckets (ratio 1.5 from 1 ms, or from 1 token/s), so a
 * percentile is exact to within one bucket's width (±25 %) and costs no per-sample memory. A slice (~700 bytes) is
 * made when its first outcome is recorded: the planner makes every endpoint's health at start, and an endpoint
 * never called holds two empty rings instead of ~90 KB (the bundled catalog's endpoints held ~7 MB of an idle
 * gateway's heap). Not thread-safe: the owning {@link EndpointHealth} synchronises.
 */
final class WindowedStats {

    static final int BUCKETS = 40;
    private static final double RATIO = 1.5;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long QUARTER = TimeUnit.MINUTES.toNanos(15);

    /** One time slice. */
    private static final class Slice {
        long epoch = Long.MIN_VALUE;
        long successes;
        long failures;
        final long[] ttft = new long[BUCKETS];
        final long[] throughput = new long[BUCKETS];

        void resetTo(long e) {
            epoch = e;
            successes = 0;
            failures = 0;
            java.util.Arrays.fill(ttft, 0);
            java.util.Arrays.fill(throughput, 0);
        }
    }

    /** The rings; a slot stays null until an outcome falls in it. */
    private final Slice[] minutes = new Slice[30];
    private final Slice[] quarters = new Slice[96];

    /** Records one outcome; {@code ttftMillis} and {@code tokensPerSecond} are ignored when negative. */
    void record(long nowNanos, boolean success, double ttftMillis, double tokensPerSecond) {
        for (Slice s : new Slice[] {slice(minutes, nowNanos / MINUTE), slice(quarters, nowNanos / QUARTER)}) {
            if (success) {
                s.successes++;
            } else {
                s.failures++;
            }
            if (ttftMillis >= 0) {
                s.ttft[bucketOf(ttftMillis)]++;
            }
            if (tokensPerSecond >= 0) {
                s.throughput[bucketOf(tokensPerSecond)]++;
            }
        }
    }

    private static Slice slice(Slice[] ring, long epoch) {
        int at = (int) Math.floorMod(epoch, (long) ring.length);
        Slice s = ring[at];
        if (s == null) {
            s = new Slice();
            ring[at] = s;
        }
        if (s.epoch != epoch) {
            s.resetTo(epoch);
        }
        return s;
    }

    /** A window's aggregate. */
    record Window(long successes, long failures, long[] ttft, long[] throughput) {
    }

    /** The last {@code minutesBack} minutes (at most 30), from the minute ring. */
    Window lastMinutes(long nowNanos, int minutesBack) {
        return aggregate(minutes, nowNanos / MINUTE, minutesBack);
    }

    /** The last day, from the quarter-hour ring. */
    Window lastDay(long nowNanos) {
        return aggregate(quarters, nowNanos / QUARTER, quarters.length);
    }

    private static Window aggregate(Slice[] ring, long currentEpoch, int count) {
        long ok = 0;
        long bad = 0;
        long[] ttft = new long[BUCKETS];
        long[] tput = new long[BUCKETS];
        for (Slice s : ring) {
            if (s != null && s.epoch > currentEpoch - count && s.epoch <= currentEpoch) {
                ok += s.successes;
                bad += s.failures;
                for (int i = 0; i < BUCKETS; i++) {
                    ttft[i] += s.ttft[i];
                    tput[i] += s.throughput[i];
                }
            }
        }
        return new Window(ok, bad, ttft, tput);
    }

    static int bucketOf(double value) {
        if (value <= 1) {
            return 0;
        }
        return (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(value) / Math.log(RATIO)));
    }

    /** The geometric middle of a bucket: the value a percentile falling in it is reported as. */
    static double bucketValue(int bucket) {
        if (bucket == 0) {
            return 1;
        }
        return Math.pow(RATIO, bucket - 0.5);
    }

    /** The {@code q}-quantile (0..1) of a distribution, or -1 when it is empty. */
    static double percentile(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return bucketValue(i);
            }
        }
        return bucketValue(counts.length - 1);
    }
}
