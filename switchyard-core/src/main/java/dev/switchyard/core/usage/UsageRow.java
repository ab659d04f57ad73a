package dev.switchyard.core.usage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One answer row of a {@link UsageQuery}: a time bucket, the values of the grouped dimensions, and the totals.
 *
 * @param bucketStartMillis the bucket's first instant; the query's start when it asked for {@link Bucket#NONE}
 * @param groups the grouped dimensions' values, in the query's {@code groupBy} order
 * @param totals the sums over the matching records
 */
public record UsageRow(long bucketStartMillis, Map<UsageDimension, String> groups, UsageTotals totals) {

    public UsageRow {
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        Objects.requireNonNull(totals, "totals");
    }

    /** The value of a grouped dimension; empty text when the row is not grouped by it. */
    public String group(UsageDimension d) {
        return groups.getOrDefault(d, "");
    }
}
