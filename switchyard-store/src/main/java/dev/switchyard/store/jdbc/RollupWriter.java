package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageTotals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the hourly and daily rollups ({@link Rollup}: full, by model, totals) in step with the raw ledger.
 *
 * <h2>Why rollups, and why written with the records</h2>
 *
 * Every aggregate question the gateway answers (OpenRouter's {@code /activity}, the admin usage report, the console,
 * a budget finding its place again after a restart) is a sum over a period, grouped by a few dimensions. Answering it
 * from raw records costs one row read per request: at 10<sup>8</sup> records a month's report would read the whole
 * table. The rollups hold one row per (UTC hour or day, key, workspace, model, provider, vendor, origin, app) with the
 * sums a report needs: requests, errors, tokens by kind, cost in picodollars, and the latency sum from which a mean is
 * derived. Their size grows with the number of distinct combinations per bucket, not with traffic, so a month's
 * report reads at most ~720 hours × combinations, and usually ~30 days × combinations.
 *
 * <p>The alternative, a background job folding raw records into rollups after the fact, needs a high-water mark, has
 * to cope with records that arrive late or twice, and leaves reports behind the ledger by its period. Writing the
 * rollups in the same transaction as the records has none of that: a record and its contribution to the sums commit
 * together or not at all, so the two can never disagree, and retention may delete raw records without touching any
 * total.
 *
 * <h2>Exactly once</h2>
 *
 * The ledger insert is idempotent ({@code ON CONFLICT DO NOTHING}): the writer retries a failed batch, and a record
 * may be submitted twice. A replayed record must therefore not be counted again. The insert says which rows it really
 * added ({@code RETURNING id}, which SQLite 3.35+ and PostgreSQL both support), and only those records are
 * aggregated here. If the transaction fails, the rollup updates roll back with the inserts, and the retry counts
 * them once.
 *
 * <h2>Cheap enough for the writer thread</h2>
 *
 * A batch (512 records by default) is first summed in memory by rollup key, so a batch costs one upsert row per
 * distinct key rather than per record: traffic concentrates on a few keys and models, and within one hour a batch
 * usually collapses to tens of rows. The rows go out as
 * {@code INSERT … ON CONFLICT (key) DO UPDATE SET n = table.n + excluded.n} statements of
 * {@value #ROWS_PER_STATEMENT} rows and the rest one row at a time, two statement texts per table, each prepared once
 * per connection ({@link StatementCache}); PostgreSQL's store makes the same sums on the server instead
 * ({@link PostgresLedgerWriter}). In-memory pre-aggregation also
 * matters for PostgreSQL, which refuses a statement that would update the same row twice, and the rows go out in key
 * order, so that replicas writing at once lock rows in one order and never deadlock.
 *
 * <h2>Three rollups from one sum</h2>
 *
 * The full rollup keeps every dimension, which is what budgets and the usage report need, but the console's overview
 * and rankings group by model or by nothing at all, and reading them from the full rollup costs a row per key × app ×
 * model combination. The batch's sums per full key are therefore folded once more into the narrower rollups (the
 * dimensions they do not keep emptied, {@link RollupKey#in}), a handful of extra upsert rows per batch. Being written
 * from the same sums in the same transaction, the narrower rollups are exact folds of the full one; migration V8
 * back-filled them from it.
 */
final class RollupWriter {

    static final int ROWS_PER_STATEMENT = 32;
    /** The summed columns of every rollup table, in their order. */
    static final String[] SUM_COLUMNS = {"requests", "errors", "prompt_tokens", "completion_tokens",
            "cached_tokens", "cache_write_tokens", "reasoning_tokens", "cost_picos", "latency_ms_sum"};

    private record Table(Rollup rollup, Grain grain) {
    }

    private final Map<Table, String> fullSql = new HashMap<>();
    private final Map<Table, String> oneRowSql = new HashMap<>();

    RollupWriter() {
        for (Rollup r : Rollup.values()) {
            for (Grain g : Grain.values()) {
                fullSql.put(new Table(r, g), upsertSql(r, g, ROWS_PER_STATEMENT));
                oneRowSql.put(new Table(r, g), upsertSql(r, g, 1));
            }
        }
    }

    /**
     * Sums the records by rollup key of the grain, in key order: replicas writing the same rows at once take their
     * row locks in one order (PostgreSQL would otherwise find deadlocks between overlapping batches).
     */
    static Map<RollupKey, UsageTotals> aggregate(List<UsageRecord> records, Grain grain) {
        Map<RollupKey, UsageTotals> sums = new TreeMap<>();
        for (UsageRecord r : records) {
            sums.merge(RollupKey.of(r, grain), UsageTotals.of(r), UsageTotals::plus);
        }
        return sums;
    }

    /** The full rollup's sums folded into a narrower rollup's keys, still in key order. */
    static Map<RollupKey, UsageTotals> fold(Map<RollupKey, UsageTotals> full, Rollup into) {
        Map<RollupKey, UsageTotals> sums = new TreeMap<>();
        full.forEach((k, t) -> sums.merge(k.in(into), t, UsageTotals::plus));
        return sums;
    }

    /**
     * Adds the newly inserted records to every hourly rollup, and those of days before {@code foldedBefore} (already
     * folded, {@link DailyFold}) to the daily ones, inside the caller's transaction.
     */
    void add(Connection c, List<UsageRecord> inserted, StatementCache statements, long foldedBefore)
            throws SQLException {
        add(c, inserted, statements, EnumSet.allOf(Rollup.class), foldedBefore);
    }

    /** Adds the records to the given rollups only (tests stage a schema from before the narrower rollups with it). */
    void add(Connection c, List<UsageRecord> inserted, StatementCache statements, Set<Rollup> rollups,
             long foldedBefore) throws SQLException {
        for (Grain g : Grain.values()) {
            List<UsageRecord> counted = g == Grain.DAY ? DailyFold.late(inserted, foldedBefore) : inserted;
            if (counted.isEmpty()) {
                continue;
            }
            Map<RollupKey, UsageTotals> full = aggregate(counted, g);
            for (Rollup r : rollups) {
                upsert(c, statements, new Table(r, g), r == Rollup.FULL ? full : fold(full, r));
            }
        }
    }

    /** Whole chunks of {@value #ROWS_PER_STATEMENT} rows per statement, the rest one row at a time. */
    private void upsert(Connection c, StatementCache statements, Table table, Map<RollupKey, UsageTotals> sums)
            throws SQLException {
        List<Map.Entry<RollupKey, UsageTotals>> rows = new ArrayList<>(sums.entrySet());
        int columns = columnCount(table.rollup());
        int i = 0;
        if (rows.size() >= ROWS_PER_STATEMENT) {
            PreparedStatement full = statements.prepare(c, fullSql.get(table));
            for (; i + ROWS_PER_STATEMENT <= rows.size(); i += ROWS_PER_STATEMENT) {
                for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                    bind(full, r * columns, table.rollup(), rows.get(i + r));
                }
                full.executeUpdate();
            }
        }
        if (i < rows.size()) {
            PreparedStatement one = statements.prepare(c, oneRowSql.get(table));
            for (; i < rows.size(); i++) {
                bind(one, 0, table.rollup(), rows.get(i));
                one.executeUpdate();
            }
        }
    }

    private static int columnCount(Rollup rollup) {
        return 1 + rollup.columns.size() + SUM_COLUMNS.length;
    }

    private static void bind(PreparedStatement s, int offset, Rollup rollup, Map.Entry<RollupKey, UsageTotals> row)
            throws SQLException {
        int i = offset;
        RollupKey k = row.getKey();
        s.setLong(++i, k.bucketMs());
        for (UsageDimension d : rollup.columns) {
            s.setString(++i, k.value(d));
        }
        UsageTotals t = row.getValue();
        s.setLong(++i, t.requests());
        s.setLong(++i, t.errors());
        s.setLong(++i, t.promptTokens());
        s.setLong(++i, t.completionTokens());
        s.setLong(++i, t.cachedTokens());
        s.setLong(++i, t.cacheWriteTokens());
        s.setLong(++i, t.reasoningTokens());
        s.setLong(++i, t.costPicos());
        s.setLong(++i, t.latencyMillisSum());
    }

    static String upsertSql(Rollup rollup, Grain grain, int rows) {
        String table = rollup.table(grain);
        StringBuilder keys = new StringBuilder("bucket_ms");
        for (UsageDimension d : rollup.columns) {
            keys.append(", ").append(RollupReader.column(d));
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(keys);
        for (String col : SUM_COLUMNS) {
            sql.append(", ").append(col);
        }
        sql.append(") VALUES ");
        String row = "(" + "?, ".repeat(columnCount(rollup) - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        sql.append(" ON CONFLICT (").append(keys).append(") DO UPDATE SET ");
        for (int i = 0; i < SUM_COLUMNS.length; i++) {
            String col = SUM_COLUMNS[i];
            sql.append(i == 0 ? "" : ", ").append(col).append(" = ").append(table).append('.').append(col)
                    .append(" + excluded.").append(col);
        }
        return sql.toString();
    }
}
