package dev.switchyard.core.usage;

import java.util.List;

/**
 * Latency and time-to-first-token distributions, answered from the latency rollups (counts per UTC hour or day, model,
 * metric and {@link LatencyBuckets latency bucket}), never from raw records. Blocking: call it off the event loop.
 */
public interface LatencyQueries {

    /**
     * The counts over {@code [fromMillis, toMillis)} (whole hours), per time bucket ({@link Bucket#NONE}: one row per
     * metric and model for the whole period) and, when {@code byModel}, per model.
     */
    List<LatencyRow> latency(long fromMillis, long toMillis, Bucket bucket, boolean byModel);
}
