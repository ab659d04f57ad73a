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
 * multi-row upserts that add); read as {@link RollupReader} reads, in up to three spans. A percentile is then a walk
 * over at most {@link LatencyBuckets#count()} counts, whatever the traffic. Total latency is counted for every
 * record; time to first token only for records that had one. Each record is counted twice: under its model and under
 * {@link #ALL_MODELS}, so the overall distribution per bucket (the overview's series) reads only the latter.
 */
final class LatencyRollup {

    /**
     * The model of the rows that count every model together: a period's overall distribution is then a read of a few
     * dozen rows per bucket instead of one set per model.
     */
    static final String ALL_MODELS = "";
    /** Stands for a record without any model name, which must not fall into {@link #ALL_MODELS}. */
    static final String NO_MODEL = "(none)";
    private static final int ROWS_PER_STATEMENT = 64;
    private static final int COLUMNS = 5;

    private record Key(long bucketMs, String model, String metric, long le) {
    }

    private record GroupKey(long bucket, String model, LatencyMetric metric) {
    }

    /** Adds the newly inserted records to both histograms, inside the caller's transaction. */
    void add(Connection c, List<UsageRecord> inserted) throws SQLException {
        if (inserted.isEmpty()) {
            return;
        }
        for (Grain g : Grain.values()) {
            Map<Key, Long> counts = new HashMap<>();
            for (UsageRecord r : inserted) {
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
            upsert(c, g, new ArrayList<>(counts.entrySet()));
        }
    }

    private static void upsert(Connection c, Grain g, List<Map.Entry<Key, Long>> rows) throws SQLException {
        for (int i = 0; i < rows.size(); i += ROWS_PER_STATEMENT) {
            int n = Math.min(ROWS_PER_STATEMENT, rows.size() - i);
            try (PreparedStatement s = c.prepareStatement(upsertSql(g, n))) {
                int p = 0;
                for (int r = 0; r < n; r++) {
                    Map.Entry<Key, Long> e = rows.get(i + r);
                    s.setLong(++p, e.getKey().bucketMs());
                    s.setString(++p, e.getKey().model());
                    s.setString(++p, e.getKey().metric());
                    s.setLong(++p, e.getKey().le());
                    s.setLong(++p, e.getValue());
                }
                s.executeUpdate();
            }
        }
    }

    private static String upsertSql(Grain g, int rows) {
        String table = "latency_" + (g == Grain.HOUR ? "hourly" : "daily");
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (bucket_ms, model, metric, le_ms, requests) VALUES ");
        String row = "(" + "?, ".repeat(COLUMNS - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(" ON CONFLICT (bucket_ms, model, metric, le_ms) DO UPDATE SET requests = ").append(table)
                .append(".requests + excluded.requests").toString();
    }

    /** The histograms over {@code [from, to)}, per time bucket and, when asked, per model. */
    static List<LatencyRow> read(DataSource dataSource, long from, long to, Bucket bucket, boolean byModel) {
        Map<GroupKey, long[]> merged = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (RollupReader.Span span : RollupReader.spans(from, to, bucket)) {
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
        String table = "latency_" + (span.grain() == Grain.HOUR ? "hourly" : "daily");
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
                + (byModel ? " AND model <> ''" : " AND model = ''") + " GROUP BY " + cols;
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
