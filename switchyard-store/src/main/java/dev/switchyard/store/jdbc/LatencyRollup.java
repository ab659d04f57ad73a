package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.LatencyBuckets;
import dev.switchyard.core.usage.LatencyMetric;
import dev.switchyard.core.usage.LatencyRow;
import dev.switchyard.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The latency histograms beside the rollups ({@code latency_hourly}, {@code latency_daily}): requests counted per UTC
 * bucket, model, metric and {@link LatencyBuckets latency bucket}. Written in the ledger insert's transaction, for
 * newly inserted records only, exactly as {@link RollupWriter} writes the sums (summed in memory per batch, then
 * multi-row upserts that add; the daily ones folded from the hourly ones, {@link DailyFold}); read as
 * {@link RollupReader} reads, in up to three spans. A percentile is then a walk
 * over at most {@link LatencyBuckets#count()} counts, whatever the traffic. Total latency is counted for every
 * record; time to first token only for records that had one. Each record is counted twice: under its model, and in
 * the all-models histograms ({@code latency_all_hourly}, {@code latency_all_daily}, migration V8, keyed by bucket,
 * metric and latency bucket), so the overall distribution per bucket (the overview's series) reads a few dozen rows
 * per bucket without scanning past every model's (before V8 they were rows with {@link #ALL_MODELS} as the model,
 * in the same table, which a bucket range had to read past).
 */
final class LatencyRollup {

    /** The model of the counts that go to the all-models histograms (and the model of their rows before V8). */
    static final String ALL_MODELS = "";
    /** Stands for a record without any model name, which must not fall into {@link #ALL_MODELS}. */
    static final String NO_MODEL = "(none)";
    private static final int ROWS_PER_STATEMENT = 64;
    private static final int COLUMNS = 5;

    private static final Comparator<Key> KEY_ORDER = Comparator.comparingLong(Key::bucketMs)
            .thenComparing(Key::model).thenComparing(Key::metric).thenComparingLong(Key::le);

    /** The upserts' SQL by grain, all-models or not, and rows per statement (whole chunks, or one). */
    private static final Map<List<Object>, String> SQL = new HashMap<>();

    static {
        for (Grain g : Grain.values()) {
            for (boolean allModels : new boolean[] {false, true}) {
                for (int rows : new int[] {ROWS_PER_STATEMENT, 1}) {
                    SQL.put(List.of(g, allModels, rows), upsertSql(g, allModels, rows));
                }
            }
        }
    }

    /** One histogram count's key. */
    record Key(long bucketMs, String model, String metric, long le) {
    }

    private record GroupKey(long bucket, String model, LatencyMetric metric) {
    }

    /**
     * Adds the newly inserted records to the hourly histograms, and those of days before {@code foldedBefore} (already
     * folded, {@link DailyFold}) to the daily ones, inside the caller's transaction.
     */
    void add(Connection c, List<UsageRecord> inserted, StatementCache statements, long foldedBefore)
            throws SQLException {
        for (Grain g : Grain.values()) {
            List<UsageRecord> counted = g == Grain.DAY ? DailyFold.late(inserted, foldedBefore) : inserted;
            if (counted.isEmpty()) {
                continue;
            }
            Map<Key, Long> counts = counts(counted, g);
            List<Map.Entry<Key, Long>> perModel = new ArrayList<>();
            List<Map.Entry<Key, Long>> all = new ArrayList<>();
            for (Map.Entry<Key, Long> e : counts.entrySet()) {
                (e.getKey().model().equals(ALL_MODELS) ? all : perModel).add(e);
            }
            // in key order, as the sums are: replicas upserting overlapping rows at once lock them in one order
            perModel.sort(Map.Entry.comparingByKey(KEY_ORDER));
            all.sort(Map.Entry.comparingByKey(KEY_ORDER));
            upsert(c, statements, g, false, perModel);
            upsert(c, statements, g, true, all);
        }
    }

    /** The records counted per bucket of the grain, model (and {@link #ALL_MODELS}), metric and latency bucket. */
    static Map<Key, Long> counts(List<UsageRecord> records, Grain g) {
        Map<Key, Long> counts = new HashMap<>();
        for (UsageRecord r : records) {
            long bucket = g.bucketOf(r.createdAtMillis());
            String model = r.modelServed().isEmpty() ? r.modelRequested() : r.modelServed();
            for (String m : new String[] {model.isEmpty() ? NO_MODEL : model, ALL_MODELS}) {
                counts.merge(new Key(bucket, m, LatencyMetric.LATENCY.stored(),
                        LatencyBuckets.bound(LatencyBuckets.indexOf(r.latencyMillis()))), 1L, Long::sum);
                if (r.ttftMillis() >= 0) {
                    counts.merge(new Key(bucket, m, LatencyMetric.TTFT.stored(),
                            LatencyBuckets.bound(LatencyBuckets.indexOf(r.ttftMillis()))), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static String table(Grain g, boolean allModels) {
        return (allModels ? "latency_all_" : "latency_") + (g == Grain.HOUR ? "hourly" : "daily");
    }

    /**
     * Whole chunks of {@value #ROWS_PER_STATEMENT} rows per statement, the rest one row at a time: two statement texts
     * per table, each prepared once per connection.
     */
    private static void upsert(Connection c, StatementCache statements, Grain g, boolean allModels,
                               List<Map.Entry<Key, Long>> rows) throws SQLException {
        int i = 0;
        if (rows.size() >= ROWS_PER_STATEMENT) {
            PreparedStatement full = statements.prepare(c, SQL.get(List.of(g, allModels, ROWS_PER_STATEMENT)));
            for (; i + ROWS_PER_STATEMENT <= rows.size(); i += ROWS_PER_STATEMENT) {
                int p = 0;
                for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                    p = bind(full, p, allModels, rows.get(i + r));
                }
                full.executeUpdate();
            }
        }
        if (i < rows.size()) {
            PreparedStatement one = statements.prepare(c, SQL.get(List.of(g, allModels, 1)));
            for (; i < rows.size(); i++) {
                bind(one, 0, allModels, rows.get(i));
                one.executeUpdate();
            }
        }
    }

    private static int bind(PreparedStatement s, int offset, boolean allModels, Map.Entry<Key, Long> e)
            throws SQLException {
        int p = offset;
        s.setLong(++p, e.getKey().bucketMs());
        if (!allModels) {
            s.setString(++p, e.getKey().model());
        }
        s.setString(++p, e.getKey().metric());
        s.setLong(++p, e.getKey().le());
        s.setLong(++p, e.getValue());
        return p;
    }

    private static String upsertSql(Grain g, boolean allModels, int rows) {
        String table = table(g, allModels);
        String keys = allModels ? "bucket_ms, metric, le_ms" : "bucket_ms, model, metric, le_ms";
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(keys)
                .append(", requests) VALUES ");
        int columns = allModels ? COLUMNS - 1 : COLUMNS;
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(" ON CONFLICT (").append(keys).append(") DO UPDATE SET requests = ").append(table)
                .append(".requests + excluded.requests").toString();
    }

    /** The histograms over {@code [from, to)}, per time bucket and, when asked, per model. */
    static List<LatencyRow> read(DataSource dataSource, long from, long to, Bucket bucket, boolean byModel) {
        Map<GroupKey, long[]> merged = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (RollupReader.Span span : RollupReader.spans(from, to, bucket, DailyFold.foldedBefore(c))) {
                    read(c, span, from, bucket, byModel, merged);
                }
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("latency query failed: " + e.getMessage(), e);
        }
        List<LatencyRow> rows = new ArrayList<>(merged.size());
        merged.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparingLong(GroupKey::bucket)
                        .thenComparing(GroupKey::model).thenComparing(GroupKey::metric)))
                .forEach(e -> rows.add(new LatencyRow(e.getKey().bucket(), e.getKey().model(), e.getKey().metric(),
                        e.getValue())));
        return rows;
    }

    private static void read(Connection c, RollupReader.Span span, long periodStart, Bucket bucket, boolean byModel,
                             Map<GroupKey, long[]> into) throws SQLException {
        String table = table(span.grain(), !byModel);
        String bucketExpr = bucket == Bucket.DAY && span.grain() == Grain.HOUR
                ? "bucket_ms - bucket_ms % " + Bucket.DAY_MILLIS : "bucket_ms";
        List<String> keys = new ArrayList<>();
        if (bucket != Bucket.NONE) {
            keys.add(bucketExpr);
        }
        if (byModel) {
            keys.add("model");
        }
        keys.add("metric");
        keys.add("le_ms");
        String cols = String.join(", ", keys);
        String sql = "SELECT " + cols + ", SUM(requests) FROM " + table + " WHERE bucket_ms >= ? AND bucket_ms < ?"
                + " GROUP BY " + cols;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, span.from());
            s.setLong(2, span.to());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int col = 0;
                    long b = bucket != Bucket.NONE ? rs.getLong(++col) : periodStart;
                    String model = byModel ? rs.getString(++col) : "";
                    LatencyMetric metric = LatencyMetric.ofStored(rs.getString(++col));
                    int index = LatencyBuckets.indexOfBound(rs.getLong(++col));
                    long n = rs.getLong(++col);
                    if (index >= 0) {
                        into.computeIfAbsent(new GroupKey(b, model, metric), k -> new long[LatencyBuckets.count()])
                                [index] += n;
                    }
                }
            }
        }
    }
}
