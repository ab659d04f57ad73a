package dev.switchyard.core.usage;

import java.util.Objects;

/**
 * Request counts per latency bucket ({@link LatencyBuckets}) for one bucket of time, one metric and, when asked for,
 * one model.
 *
 * @param bucketStartMillis the first instant of the time bucket (the period's start when not bucketed)
 * @param model the model, or empty when not grouped by model
 * @param metric what was measured
 * @param counts one count per latency bucket, in bucket order (owned by this row)
 */
public record LatencyRow(long bucketStartMillis, String model, LatencyMetric metric, long[] counts) {

    public LatencyRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(counts, "counts");
    }
}
