package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The daily rollups and histograms, folded from the hourly ones once a day is over instead of being added to by every
 * batch (decision 0027).
 *
 * <h2>Why</h2>
 *
 * A batch of ledger records used to upsert each of its rollup rows twice, into the hour and into the day, and the two
 * have the same number of rows for a batch, which lies within an hour or two: at high cardinality (a key, model,
 * provider and app per record) about one row per record each. Those upserts were half of what the PostgreSQL server
 * spent per record. The hourly tables are the truth: every request is counted there, always. The daily tables exist so
 * that long periods read 24 times fewer rows, and for that they need to be right only for days that are over.
 *
 * <h2>The watermark</h2>
 *
 * One row ({@code daily_fold.folded_before_ms}, migration V11) holds a UTC day boundary W: the daily tables hold every
 * request of the days before W, and no day from W on is read from them. So:
 *
 * <ul>
 *   <li>a batch adds to the hourly tables, and to the daily ones only the records of days before W (late records:
 *       a journal replayed after an outage, a replica with a slow clock), in the same transaction;</li>
 *   <li>a reader splits its period at W: whole days before W from the daily tables, the rest from the hourly tables
 *       ({@link RollupReader#spans}), reading W first, so that every later statement sees at least the fold that set
 *       it;</li>
 *   <li>a fold moves W forward to a later day boundary D once the ledger has records an hour ({@link #GRACE_MILLIS})
 *       past D: it recomputes the daily rows of [W, D) from the hourly rows (deleting any there first, so a fold
 *       repeated or a row written by a replica of an older version counts once), and sets W = D, in one
 *       transaction.</li>
 * </ul>
 *
 * <h2>Fold and batches at once</h2>
 *
 * On PostgreSQL several replicas write at once. A batch holds a shared advisory lock for its transaction, taken before
 * it reads W; a fold takes the same lock exclusively, so it starts once every batch that read the old W has committed,
 * and its statements (each with a fresh snapshot, at read committed) see their hourly rows; a batch that starts during
 * the fold waits, then reads the new W and adds its late records to the daily tables itself. No batch can add to an
 * hour of [W, D) unseen by the fold and then skip the day. The lock is an advisory lock, not a row lock on
 * {@code daily_fold}: a row lock shared by concurrent batches would make every batch write the row's lock state (a
 * multixact). SQLite serialises writers, and one process writes its file.
 */
final class DailyFold {

    /** A day is folded once the ledger holds a record this long after its end. */
    static final long GRACE_MILLIS = Bucket.HOUR_MILLIS;

    /** The PostgreSQL advisory lock between batches (shared) and folds (exclusive): "SWYF". */
    private static final long LOCK_ID = 0x53575946L;


    /** Each daily table with the hourly one it is folded from. */
    private record Pair(String daily, String hourly, String dimensions, String[] sums) {
    }

    private static final List<Pair> PAIRS = pairs();

    private DailyFold() {
    }

    /** The day boundary before which records are folded: an hour's grace after the latest record's day. */
    static long dueBefore(long latestRecordMillis) {
        return Grain.DAY.bucketOf(latestRecordMillis - GRACE_MILLIS);
    }

    /** The records of days already folded (before {@code foldedBefore}): the ones a batch adds to the daily tables. */
    static List<UsageRecord> late(List<UsageRecord> records, long foldedBefore) {
        List<UsageRecord> late = new ArrayList<>();
        for (UsageRecord r : records) {
            if (r.createdAtMillis() < foldedBefore) {
                late.add(r);
            }
        }
        return late;
    }

    /** The latest instant among the records (they need not be in time order). */
    static long latest(List<UsageRecord> records) {
        long latest = Long.MIN_VALUE;
        for (UsageRecord r : records) {
            latest = Math.max(latest, r.createdAtMillis());
        }
        return latest;
    }

    /**
     * In a batch's transaction, before the batch reads W: on PostgreSQL the shared lock that keeps a fold from
     * starting until the batch commits.
     */
    static void lockForBatch(Connection c, boolean postgres) throws SQLException {
        if (postgres) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock_shared(" + LOCK_ID + ")");
            }
        }
    }

    /** W: the daily tables hold every request before it; days from it on are read from the hourly tables. */
    static long foldedBefore(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT folded_before_ms FROM daily_fold WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("daily_fold has no row: the store's migration V11 did not run");
            }
            return rs.getLong(1);
        }
    }

    /**
     * Folds every day before {@link #dueBefore}{@code (latestRecordMillis)} not yet folded, in its own transaction;
     * returns W after it (unchanged when another replica folded first, or nothing was due).
     */
    static long fold(Connection c, boolean postgres, long latestRecordMillis) throws SQLException {
        long target = dueBefore(latestRecordMillis);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")");
            }
            long from = foldedBefore(c);
            if (target > from) {
                for (Pair p : PAIRS) {
                    s.executeUpdate("DELETE FROM " + p.daily + " WHERE bucket_ms >= " + from + " AND bucket_ms < "
                            + target);
                    s.executeUpdate(foldSql(p, from, target));
                }
                s.executeUpdate("UPDATE daily_fold SET folded_before_ms = " + target + " WHERE id = 1");
            }
            c.commit();
            return Math.max(from, target);
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * The daily rows of [from, to) summed from the hourly ones, in key order (as batches lock rows), adding to a row
     * that a replica of an older version wrote meanwhile instead of failing on it.
     */
    static String foldSql(Pair p, long from, long to) {
        String day = "bucket_ms - ((bucket_ms % " + Bucket.DAY_MILLIS + ") + " + Bucket.DAY_MILLIS + ") % "
                + Bucket.DAY_MILLIS;
        String keys = p.dimensions.isEmpty() ? "bucket_ms" : "bucket_ms, " + p.dimensions;
        StringJoiner sums = new StringJoiner(", ");
        StringJoiner set = new StringJoiner(", ");
        for (String col : p.sums) {
            sums.add("SUM(" + col + ")");
            set.add(col + " = " + p.daily + "." + col + " + excluded." + col);
        }
        String groups = p.dimensions.isEmpty() ? "1" : "1, " + p.dimensions;
        return "INSERT INTO " + p.daily + " (" + keys + ", " + String.join(", ", p.sums) + ") SELECT " + day
                + (p.dimensions.isEmpty() ? "" : ", " + p.dimensions) + ", " + sums + " FROM " + p.hourly
                + " WHERE bucket_ms >= " + from + " AND bucket_ms < " + to + " GROUP BY " + groups
                + " ORDER BY " + groups + " ON CONFLICT (" + keys + ") DO UPDATE SET " + set;
    }

    private static List<Pair> pairs() {
        List<Pair> pairs = new ArrayList<>();
        for (Rollup r : Rollup.values()) {
            StringJoiner dims = new StringJoiner(", ");
            r.columns.forEach(d -> dims.add(RollupReader.column(d)));
            pairs.add(new Pair(r.table(Grain.DAY), r.table(Grain.HOUR), dims.toString(),
                    RollupWriter.SUM_COLUMNS));
        }
        pairs.add(new Pair("latency_daily", "latency_hourly", "model, metric, le_ms", new String[] {"requests"}));
        pairs.add(new Pair("latency_all_daily", "latency_all_hourly", "metric, le_ms", new String[] {"requests"}));
        return List.copyOf(pairs);
    }
}
