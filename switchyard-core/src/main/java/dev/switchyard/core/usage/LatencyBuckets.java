package dev.switchyard.core.usage;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The fixed latency buckets the rollups count requests in, so percentiles can be read from sums. A bucket is named by
 * its inclusive upper bound in milliseconds: 0, then {@code round(10^(k/10))} for k = 0..60 (1, 2, 3, 4, 5, 6, 8, 10,
 * 13, 16, 20, 25, 32, 40, 50, 63, 79, 100, … 1,000,000), then an overflow bucket. Above 10 ms each bound is at
 * most 30% above the one before (28% from 16 ms on), so a percentile read from the counts, the bound of the bucket
 * that holds it, is exact as a count ("95% of requests took at most this long"), and at most one bucket (&le; 30%) above the true
 * value. The bounds are part of the stored data: changing them needs a migration.
 */
public final class LatencyBuckets {

    /** The overflow bucket's bound: latencies above the last finite bound. */
    public static final long OVERFLOW = Long.MAX_VALUE;

    private static final long[] BOUNDS = computeBounds();

    private LatencyBuckets() {
    }

    private static long[] computeBounds() {
        long[] raw = new long[63];
        int n = 0;
        raw[n++] = 0;
        for (int k = 0; k <= 60; k++) {
            long b = Math.round(Math.pow(10, k / 10.0));
            if (b != raw[n - 1]) {
                raw[n++] = b;
            }
        }
        raw[n++] = OVERFLOW;
        return Arrays.copyOf(raw, n);
    }

    /** Every bucket's upper bound, ascending, the overflow bucket last. */
    public static long[] bounds() {
        return BOUNDS.clone();
    }

    /** How many buckets there are. */
    public static int count() {
        return BOUNDS.length;
    }

    /** The upper bound of bucket {@code i}. */
    public static long bound(int i) {
        return BOUNDS[i];
    }

    /** The bucket a latency falls in (negative latencies, "none", are the caller's to skip). */
    public static int indexOf(long millis) {
        int i = Arrays.binarySearch(BOUNDS, Math.max(0, millis));
        return i >= 0 ? i : -i - 1;
    }

    /** The bucket of a bound, or -1 when it is not one. */
    public static int indexOfBound(long bound) {
        int i = Arrays.binarySearch(BOUNDS, bound);
        return i >= 0 ? i : -1;
    }

    /**
     * The {@code q}-quantile of counts per bucket: the bound of the first bucket at which the cumulative count reaches
     * {@code ceil(q × total)}. Empty when nothing was counted. The overflow bucket answers the last finite bound
     * (the true value is above it).
     *
     * @param counts one count per bucket, in bucket order
     * @param q between 0 (exclusive) and 1 (inclusive)
     */
    public static OptionalLong quantile(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return OptionalLong.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            if (cumulative >= rank) {
                return OptionalLong.of(BOUNDS[i] == OVERFLOW ? BOUNDS[i - 1] : BOUNDS[i]);
            }
        }
        return OptionalLong.of(BOUNDS[BOUNDS.length - 2]);
    }
}
