package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageRecord;
import java.util.Comparator;

/**
 * The primary key of one rollup row: a bucket and every dimension the rollups keep. The model is the one that served,
 * or the one asked for when none did (a request refused before routing still counts, under the name the client used).
 */
record RollupKey(long bucketMs, String keyId, String workspaceId, String model, String provider, String vendor,
                 String origin, String app) implements Comparable<RollupKey> {

    /** The primary key's own order: writers that upsert in it lock rows in one order, so they never deadlock. */
    private static final Comparator<RollupKey> ORDER = Comparator.comparingLong(RollupKey::bucketMs)
            .thenComparing(RollupKey::keyId).thenComparing(RollupKey::workspaceId).thenComparing(RollupKey::model)
            .thenComparing(RollupKey::provider).thenComparing(RollupKey::vendor).thenComparing(RollupKey::origin)
            .thenComparing(RollupKey::app);

    @Override
    public int compareTo(RollupKey other) {
        return ORDER.compare(this, other);
    }

    /** This key's value of a dimension. */
    String value(UsageDimension d) {
        return switch (d) {
            case KEY -> keyId;
            case WORKSPACE -> workspaceId;
            case MODEL -> model;
            case PROVIDER -> provider;
            case VENDOR -> vendor;
            case ORIGIN -> origin;
            case APP -> app;
        };
    }

    /** This key in a narrower rollup: the dimensions it does not keep become empty, so their rows fold together. */
    RollupKey in(Rollup rollup) {
        return new RollupKey(bucketMs, rollup.keeps(UsageDimension.KEY) ? keyId : "",
                rollup.keeps(UsageDimension.WORKSPACE) ? workspaceId : "",
                rollup.keeps(UsageDimension.MODEL) ? model : "", rollup.keeps(UsageDimension.PROVIDER) ? provider : "",
                rollup.keeps(UsageDimension.VENDOR) ? vendor : "", rollup.keeps(UsageDimension.ORIGIN) ? origin : "",
                rollup.keeps(UsageDimension.APP) ? app : "");
    }

    static RollupKey of(UsageRecord r, Grain grain) {
        Dimensions d = r.dimensions();
        String model = r.modelServed().isEmpty() ? r.modelRequested() : r.modelServed();
        return new RollupKey(grain.bucketOf(r.createdAtMillis()), d.keyId(), d.workspaceId(), model, r.providerId(),
                d.vendor(), d.origin(), d.app());
    }
}
