package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.Bucket;

/** The rollups' two time grains: one row per UTC hour or per UTC day and dimension values ({@link Rollup}). */
enum Grain {
    HOUR(Bucket.HOUR_MILLIS),
    DAY(Bucket.DAY_MILLIS);

    final long millis;

    Grain(long millis) {
        this.millis = millis;
    }

    long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }
}
