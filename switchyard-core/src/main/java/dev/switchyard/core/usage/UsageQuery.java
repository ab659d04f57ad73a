package dev.switchyard.core.usage;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One question to the rollups: usage over {@code [fromMillis, toMillis)}, sliced by {@code bucket}, grouped by
 * {@code groupBy} (in that order; empty for one total per bucket), restricted to the rows whose dimensions equal every
 * value in {@code filters}.
 *
 * <p>Rollups are hourly, so the period is widened to whole UTC hours: {@code fromMillis} is rounded down and
 * {@code toMillis} up. The record holds the widened period.
 *
 * @param fromMillis first instant, inclusive, a whole UTC hour
 * @param toMillis last instant, exclusive, a whole UTC hour after {@code fromMillis}
 * @param bucket how the period is sliced
 * @param groupBy the dimensions each row is keyed by, without repeats
 * @param filters dimension values every counted record must have
 */
public record UsageQuery(long fromMillis, long toMillis, Bucket bucket, List<UsageDimension> groupBy,
                         Map<UsageDimension, String> filters) {

    public UsageQuery {
        Objects.requireNonNull(bucket, "bucket");
        fromMillis = Bucket.floorHour(fromMillis);
        toMillis = Bucket.ceilHour(toMillis);
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException("to: " + toMillis + " (expected: after from " + fromMillis + ")");
        }
        groupBy = List.copyOf(new LinkedHashSet<>(groupBy));
        EnumMap<UsageDimension, String> f = new EnumMap<>(UsageDimension.class);
        filters.forEach((k, v) -> f.put(Objects.requireNonNull(k, "filter"), Objects.requireNonNull(v, "filter value")));
        filters = java.util.Collections.unmodifiableMap(f);
    }

    /** Totals over the period, one row per bucket, no grouping and no filters. */
    public static UsageQuery of(long fromMillis, long toMillis, Bucket bucket) {
        return new UsageQuery(fromMillis, toMillis, bucket, List.of(), Map.of());
    }

    /** This query grouped by the dimensions, in order. */
    public UsageQuery groupedBy(UsageDimension... dimensions) {
        return new UsageQuery(fromMillis, toMillis, bucket, List.of(dimensions), filters);
    }

    /** This query restricted to records whose {@code dimension} is {@code value}. */
    public UsageQuery where(UsageDimension dimension, String value) {
        EnumMap<UsageDimension, String> f = new EnumMap<>(UsageDimension.class);
        f.putAll(filters);
        f.put(dimension, value);
        return new UsageQuery(fromMillis, toMillis, bucket, groupBy, f);
    }
}
