package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.UsageDimension;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The three rollups, each kept per UTC hour and per UTC day, from the widest to the narrowest. A question is answered
 * by the narrowest one that keeps every dimension it groups or filters by: the fewer dimensions, the fewer rows per
 * bucket (in a typical deployment ~240 key × app × model combinations a day in {@link #FULL}, ~12 models in
 * {@link #MODELS}, one row in {@link #TOTALS}), so the console's 90-day overview reads ~90 rows for its series and
 * ~1,000 for its top models instead of ~22,000 twice. All three are written in the ledger insert's transaction from the
 * same in-memory sums ({@link RollupWriter}), so they always agree.
 */
enum Rollup {
    /** Every dimension: keys, workspaces and apps (the usage report, budgets). */
    FULL("usage_hourly", "usage_daily", EnumSet.allOf(UsageDimension.class)),
    /** Model, vendor and origin: the top models and the rankings. */
    MODELS("usage_models_hourly", "usage_models_daily",
            EnumSet.of(UsageDimension.MODEL, UsageDimension.VENDOR, UsageDimension.ORIGIN)),
    /** No dimension: one row per bucket, the overview's series and totals. */
    TOTALS("usage_totals_hourly", "usage_totals_daily", EnumSet.noneOf(UsageDimension.class));

    private final String hourly;
    private final String daily;
    private final Set<UsageDimension> dimensions;
    /** This rollup's dimensions in key order. */
    final List<UsageDimension> columns;

    Rollup(String hourly, String daily, Set<UsageDimension> dimensions) {
        this.hourly = hourly;
        this.daily = daily;
        this.dimensions = dimensions;
        this.columns = KeyOrder.DIMENSIONS.stream().filter(dimensions::contains).toList();
    }

    /** The dimension columns in primary-key order (after {@code bucket_ms}), as {@link RollupKey} orders them. */
    private static final class KeyOrder {
        static final List<UsageDimension> DIMENSIONS = List.of(UsageDimension.KEY, UsageDimension.WORKSPACE,
                UsageDimension.MODEL, UsageDimension.PROVIDER, UsageDimension.VENDOR, UsageDimension.ORIGIN,
                UsageDimension.APP);
    }

    String table(Grain grain) {
        return grain == Grain.HOUR ? hourly : daily;
    }

    boolean keeps(UsageDimension d) {
        return dimensions.contains(d);
    }

    /** The narrowest rollup keeping every dimension of {@code needed}. */
    static Rollup narrowest(Collection<UsageDimension> needed) {
        for (Rollup r : List.of(TOTALS, MODELS, FULL)) {
            if (r.dimensions.containsAll(needed)) {
                return r;
            }
        }
        return FULL;
    }
}
