package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.Bucket;

/** The two rollup tables: one row per UTC hour or per UTC day and dimension values. */
enum Grain {
    HOUR("usage_hourly", Bucket.HOUR_MILLIS),
    DAY("usage_daily", Bucket.DAY_MILLIS);

    final String table;
    final long millis;

    Grain(String table, long millis) {
        this.table = table;
        this.millis = millis;
    }

    long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }
}
