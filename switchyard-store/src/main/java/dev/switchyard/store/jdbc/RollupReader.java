package dev.switchyard.store.jdbc;

import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRow;
import dev.switchyard.core.usage.UsageTotals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Answers usage questions from the rollups alone, from the narrowest {@link Rollup} that keeps every dimension the
 * question groups or filters by (totals for a dimension-less series, the model rollup for model, vendor and origin,
 * else the full rollup). A period is split into at most three spans: the hours before the
 * first whole day (hourly rollup), the whole days already folded into the daily rollup ({@link DailyFold}), and the
 * hours after them (hourly rollup); hourly buckets always read the hourly rollup. Each span is one range scan on the bucket-led primary key;
 * the spans' rows are merged in memory, which is small work because the rows are already aggregated. All spans are
 * read in one transaction so a concurrent batch is seen in all of them or in none.
 */
final class RollupReader {

    private static final String SUMS = "SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), "
            + "SUM(cached_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_picos), "
            + "SUM(latency_ms_sum)";

    private final DataSource dataSource;

    RollupReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    record Span(long from, long to, Grain grain) {
    }

    private record GroupKey(long bucket, List<String> values) {
    }

    static String column(UsageDimension d) {
        return switch (d) {
            case KEY -> "key_id";
            case WORKSPACE -> "workspace_id";
            case MODEL -> "model";
            case VENDOR -> "vendor";
            case ORIGIN -> "origin";
            case PROVIDER -> "provider";
            case APP -> "app";
        };
    }

    /**
     * The spans of the rollups that together cover {@code [from, to)}, both whole hours: the whole days before
     * {@code foldedBefore} (a day boundary, {@link DailyFold}) from the daily rollup, every other hour from the hourly
     * one.
     */
    static List<Span> spans(long from, long to, Bucket bucket, long foldedBefore) {
        long firstDay = Bucket.ceilDay(from);
        long lastDay = Math.min(Bucket.floorDay(to), Math.max(foldedBefore, firstDay));
        if (bucket == Bucket.HOUR || firstDay >= lastDay) {
            return List.of(new Span(from, to, Grain.HOUR));
        }
        List<Span> spans = new ArrayList<>(3);
        if (from < firstDay) {
            spans.add(new Span(from, firstDay, Grain.HOUR));
        }
        spans.add(new Span(firstDay, lastDay, Grain.DAY));
        if (lastDay < to) {
            spans.add(new Span(lastDay, to, Grain.HOUR));
        }
        return spans;
    }

    List<UsageRow> usage(UsageQuery q) {
        Map<GroupKey, UsageTotals> merged = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // W before the rollups: every later statement sees at least the fold that set it
                for (Span span : spans(q.fromMillis(), q.toMillis(), q.bucket(), DailyFold.foldedBefore(c))) {
                    read(c, q, span, merged);
                }
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage query failed: " + e.getMessage(), e);
        }
        Comparator<GroupKey> order = Comparator.comparingLong(GroupKey::bucket);
        for (int i = 0; i < q.groupBy().size(); i++) {
            int k = i;
            order = order.thenComparing(g -> g.values().get(k));
        }
        List<UsageRow> rows = new ArrayList<>(merged.size());
        merged.entrySet().stream().sorted(Map.Entry.comparingByKey(order)).forEach(e -> {
            Map<UsageDimension, String> groups = new LinkedHashMap<>();
            for (int i = 0; i < q.groupBy().size(); i++) {
                groups.put(q.groupBy().get(i), e.getKey().values().get(i));
            }
            rows.add(new UsageRow(e.getKey().bucket(), groups, e.getValue()));
        });
        return rows;
    }

    private static void read(Connection c, UsageQuery q, Span span, Map<GroupKey, UsageTotals> into)
            throws SQLException {
        List<UsageDimension> needed = new ArrayList<>(q.groupBy());
        needed.addAll(q.filters().keySet());
        String table = Rollup.narrowest(needed).table(span.grain());
        boolean bucketed = q.bucket() != Bucket.NONE;
        String bucketExpr = q.bucket() == Bucket.DAY && span.grain() == Grain.HOUR
                ? "bucket_ms - bucket_ms % " + Bucket.DAY_MILLIS : "bucket_ms";
        List<String> keys = new ArrayList<>();
        if (bucketed) {
            keys.add(bucketExpr);
        }
        for (UsageDimension d : q.groupBy()) {
            keys.add(column(d));
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String k : keys) {
            sql.append(k).append(", ");
        }
        sql.append(SUMS).append(" FROM ").append(table).append(" WHERE bucket_ms >= ? AND bucket_ms < ?");
        for (UsageDimension d : q.filters().keySet()) {
            sql.append(" AND ").append(column(d)).append(" = ?");
        }
        if (!keys.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", keys));
        }
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int p = 0;
            s.setLong(++p, span.from());
            s.setLong(++p, span.to());
            for (String value : q.filters().values()) {
                s.setString(++p, value);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int col = 0;
                    long bucket = bucketed ? rs.getLong(++col) : q.fromMillis();
                    List<String> values = new ArrayList<>(q.groupBy().size());
                    for (int i = 0; i < q.groupBy().size(); i++) {
                        values.add(rs.getString(++col));
                    }
                    UsageTotals t = new UsageTotals(rs.getLong(++col), rs.getLong(++col), rs.getLong(++col),
                            rs.getLong(++col), rs.getLong(++col), rs.getLong(++col), rs.getLong(++col),
                            rs.getLong(++col), rs.getLong(++col));
                    if (t.requests() > 0) {
                        into.merge(new GroupKey(bucket, List.copyOf(values)), t, UsageTotals::plus);
                    }
                }
            }
        }
    }

    /**
     * Picodollars spent by the scope from the start of the UTC hour holding {@code sinceMillis}, in one statement (one
     * snapshot): the whole days folded into the daily rollup ({@link DailyFold}) from it, every other hour from the
     * hourly rollup.
     */
    long spentSince(Scope scope, long sinceMillis) {
        String column = scope.kind() == Scope.Kind.KEY ? "key_id" : "workspace_id";
        long from = Bucket.floorHour(sinceMillis);
        long firstDay = Bucket.ceilDay(from);
        String sql = "SELECT (SELECT COALESCE(SUM(cost_picos), 0) FROM usage_hourly WHERE " + column
                + " = ? AND bucket_ms >= ? AND (bucket_ms < ? OR bucket_ms >= f.folded_before_ms))"
                + " + (SELECT COALESCE(SUM(cost_picos), 0) FROM usage_daily WHERE " + column
                + " = ? AND bucket_ms >= ? AND bucket_ms < f.folded_before_ms) FROM daily_fold f WHERE f.id = 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, scope.id());
            s.setLong(2, from);
            s.setLong(3, firstDay);
            s.setString(4, scope.id());
            s.setLong(5, firstDay);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("spend lookup failed: " + e.getMessage(), e);
        }
    }
}
