package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.LatencyBuckets;
import dev.switchyard.core.usage.LatencyMetric;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.journal.JournalDrain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A batch of ledger records into PostgreSQL as one statement: the raw rows, the three rollup families and the latency
 * histograms, hourly (and daily for the late records of days already folded, {@link DailyFold}), all written by the
 * server from one set of array parameters.
 *
 * <h2>Why one statement</h2>
 *
 * The portable path ({@link JdbcUsageStore#insert}, {@link RollupWriter}, {@link LatencyRollup}) sends a batch of 512
 * records as eight 64-row {@code INSERT}s of 2,048 parameters, then sums the new records in the JVM and upserts the
 * sums as further statements, a dozen or more per batch. Measured with {@code pg_stat_statements} (docs/benchmarks.md,
 * "Ledger write throughput into PostgreSQL"), that cost the JVM as much CPU per record as the server on PostgreSQL,
 * and both run one after the other for the single writer thread.
 *
 * <p>Here the records go out as one array per column ({@code unnest}): one fixed SQL text, so the driver prepares it
 * once per connection and the server plans it once, whatever the batch size; 32 parameters instead of tens of
 * thousands. The statement is a chain of data-modifying common table expressions:
 *
 * <ol>
 *   <li>{@code ins} inserts the rows ({@code unnest} keeps the arrays' id order, so no sort is needed) with
 *       {@code ON CONFLICT DO NOTHING} and returns, for the rows it really added and only those, what the rollups
 *       need: the hour bucket, the dimensions, the model a record counts under ({@link LedgerQuery#MODEL}), the
 *       sums, and each latency's histogram bucket ({@link LatencyBuckets}, found by {@code width_bucket}'s binary
 *       search over the same bounds);</li>
 *   <li>{@code h} sums those rows per full rollup key and hour ({@link RollupKey}, {@code UsageTotals.of}), {@code d}
 *       folds into days the hours before {@code w}, the day boundary up to which the daily tables are folded
 *       ({@link DailyFold}: usually none, as a batch's records are of the current day), and each rollup table is
 *       upserted from one of them or from its fold into the narrower keys ({@link Rollup});</li>
 *   <li>{@code lat} counts the latencies and times to first token per hour, model, metric and latency bucket once,
 *       and the histograms (per model and for all models; hourly, and daily before {@code w}) are upserted from its
 *       folds.</li>
 * </ol>
 *
 * <p>The statement returns {@code w}, read in its own snapshot, which is taken after the caller's
 * {@link DailyFold#lockForBatch}.
 *
 * <h2>Exactly once, no deadlocks, exact money</h2>
 *
 * A replayed record is not returned by {@code ins}, so it adds to nothing; the whole statement commits in the
 * caller's transaction or not at all. The caller hands the records in id order with each id once (of an id given
 * twice, the first), the insert keeps that order, and every upsert inserts its rows in its primary key's order in the
 * {@code "C"} collation (the order of Java's {@code String.compareTo} for these texts), so replicas writing the same
 * rows at once lock them in one order, as the portable path does. Sums are {@code bigint} arithmetic cast back from
 * {@code numeric}, exact, and a sum that would overflow fails the batch instead of wrapping.
 */
final class PostgresLedgerWriter {

    private static final long HOUR = Grain.HOUR.millis;
    private static final long DAY = Grain.DAY.millis;

    /** The ledger columns in parameter order, with their array types. */
    private static final String[][] COLUMNS = {
            {"id", "text"}, {"created_at_ms", "int8"}, {"api", "text"}, {"model_requested", "text"},
            {"model_served", "text"}, {"provider", "text"}, {"upstream_model", "text"}, {"streamed", "int4"},
            {"status", "int4"}, {"error_class", "text"}, {"finish_reason", "text"}, {"prompt_tokens", "int8"},
            {"completion_tokens", "int8"}, {"cached_tokens", "int8"}, {"cache_write_tokens", "int8"},
            {"reasoning_tokens", "int8"}, {"cost_prompt_picos", "int8"}, {"cost_completion_picos", "int8"},
            {"cost_cache_picos", "int8"}, {"cost_request_picos", "int8"}, {"cost_total_picos", "int8"},
            {"latency_ms", "int8"}, {"ttft_ms", "int8"}, {"attempts", "text"}, {"key_id", "text"},
            {"workspace_id", "text"}, {"app", "text"}, {"user_hash", "text"}, {"vendor", "text"}, {"origin", "text"},
            {"usage_estimated", "int4"}, {"interrupted", "int4"}};


    static final String SQL = sql();

    private PostgresLedgerWriter() {
    }

    /**
     * Writes the records (in id order, each id once) and their rollups in the caller's transaction, which holds
     * {@link DailyFold#lockForBatch}; returns W, the day boundary before which the daily tables were added to.
     */
    static long append(Connection c, List<UsageRecord> records) throws SQLException {
        int n = records.size();
        String[][] text = new String[16][n];
        long[][] int8 = new long[13][n];
        int[][] int4 = new int[4][n];
        for (int r = 0; r < n; r++) {
            UsageRecord rec = records.get(r);
            Usage u = rec.usage();
            Cost cost = rec.cost();
            Dimensions d = rec.dimensions();
            int t = 0;
            int l = 0;
            int i = 0;
            text[t++][r] = rec.id();
            int8[l++][r] = rec.createdAtMillis();
            text[t++][r] = rec.api();
            text[t++][r] = rec.modelRequested();
            text[t++][r] = rec.modelServed();
            text[t++][r] = rec.providerId();
            text[t++][r] = rec.upstreamModel();
            int4[i++][r] = rec.streamed() ? 1 : 0;
            int4[i++][r] = rec.status();
            text[t++][r] = rec.errorClass();
            text[t++][r] = rec.finishReason();
            int8[l++][r] = u.promptTokens();
            int8[l++][r] = u.completionTokens();
            int8[l++][r] = u.cachedTokens();
            int8[l++][r] = u.cacheWriteTokens();
            int8[l++][r] = u.reasoningTokens();
            int8[l++][r] = cost.promptPicos();
            int8[l++][r] = cost.completionPicos();
            int8[l++][r] = cost.cachePicos();
            int8[l++][r] = cost.requestPicos();
            int8[l++][r] = cost.totalPicos();
            int8[l++][r] = rec.latencyMillis();
            int8[l++][r] = rec.ttftMillis();
            text[t++][r] = JdbcUsageStore.attemptsJson(rec.attempts());
            text[t++][r] = d.keyId();
            text[t++][r] = d.workspaceId();
            text[t++][r] = d.app();
            text[t++][r] = d.userHash();
            text[t++][r] = d.vendor();
            text[t++][r] = d.origin();
            int4[i++][r] = u.estimated() ? 1 : 0;
            int4[i][r] = JournalDrain.INTERRUPTED.equals(rec.errorClass()) ? 1 : 0;
        }
        try (PreparedStatement s = c.prepareStatement(SQL)) {
            int t = 0;
            int l = 0;
            int i = 0;
            for (int p = 0; p < COLUMNS.length; p++) {
                Object array = switch (COLUMNS[p][1]) {
                    case "text" -> text[t++];
                    case "int8" -> int8[l++];
                    default -> int4[i++];
                };
                s.setObject(p + 1, array);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String sql() {
        StringJoiner params = new StringJoiner(", ");
        StringJoiner names = new StringJoiner(", ");
        for (String[] col : COLUMNS) {
            params.add("unnest(?::" + col[1] + "[])");
            names.add(col[0]);
        }
        String bounds = boundsArray();
        String le = "(" + bounds + ")[width_bucket(GREATEST(%s, 0) - 1, " + bounds + ") + 1]";
        StringBuilder sql = new StringBuilder();
        // W (DailyFold): read in this statement's snapshot, taken after the batch's lock, so a fold that committed
        // first is seen; the daily tables get only the records of days before it
        sql.append("WITH w AS (SELECT folded_before_ms AS before_ms FROM daily_fold WHERE id = 1),\n");
        // the rows really added, with what the rollups need; a conflicting (replayed) row returns nothing. The arrays
        // come in id order, and the unnest calls in the select list walk them in step (no tuple store per array, as
        // unnest in FROM builds), so the rows are inserted in id order without a sort.
        sql.append("ins AS (INSERT INTO generations (").append(names).append(") SELECT ")
                .append(params).append(" ON CONFLICT DO NOTHING RETURNING ")
                .append(floor("created_at_ms", HOUR)).append(" AS hour_ms, ")
                .append("key_id, workspace_id, ").append(LedgerQuery.MODEL).append(" AS model, provider, vendor, ")
                .append("origin, app, status, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, ")
                .append("reasoning_tokens, cost_total_picos, latency_ms, ttft_ms, ")
                .append(le.formatted("latency_ms")).append(" AS le_latency, ")
                .append(le.formatted("ttft_ms")).append(" AS le_ttft),\n");
        // the full rollup's sums per hour, then per day folded from them (a batch spans an hour or two, so a day's
        // rows are about as many as the hour's); the narrower rollups fold from these in their upserts
        String fullKeys = keys(Rollup.FULL);
        String dims = fullKeys.substring("bucket_ms, ".length());
        sql.append("h AS (SELECT hour_ms AS bucket_ms, ").append(dims).append(", COUNT(*) AS requests, ")
                .append("COUNT(*) FILTER (WHERE status >= 400) AS errors, ")
                .append("SUM(prompt_tokens)::int8 AS prompt_tokens, SUM(completion_tokens)::int8 AS completion_tokens, ")
                .append("SUM(cached_tokens)::int8 AS cached_tokens, ")
                .append("SUM(cache_write_tokens)::int8 AS cache_write_tokens, ")
                .append("SUM(reasoning_tokens)::int8 AS reasoning_tokens, SUM(cost_total_picos)::int8 AS cost_picos, ")
                .append("SUM(latency_ms)::int8 AS latency_ms_sum FROM ins GROUP BY hour_ms, ").append(dims)
                .append("),\n");
        sql.append("d AS (SELECT ").append(floor("bucket_ms", DAY)).append(" AS bucket_ms, ").append(dims);
        for (String col : RollupWriter.SUM_COLUMNS) {
            sql.append(", SUM(").append(col).append(")::int8 AS ").append(col);
        }
        sql.append(" FROM h WHERE bucket_ms < (SELECT before_ms FROM w) GROUP BY 1, ").append(dims).append("),\n");
        for (Grain g : Grain.values()) {
            String cte = g == Grain.HOUR ? "h" : "d";
            for (Rollup r : Rollup.values()) {
                sql.append(cte).append('_').append(r.name().toLowerCase()).append(" AS (")
                        .append(upsert(r.table(g), keys(r), cte, r == Rollup.FULL)).append("),\n");
            }
        }
        // the histogram counts per hour, model, metric and latency bucket, once; the daily and all-models
        // histograms fold from them
        String model = "CASE WHEN model = '' THEN '" + LatencyRollup.NO_MODEL + "' ELSE model END";
        sql.append("lat AS (SELECT hour_ms, model, metric, le_ms, COUNT(*) AS n FROM (SELECT hour_ms, ").append(model)
                .append(" AS model, '").append(LatencyMetric.LATENCY.stored()).append("' AS metric, le_latency AS le_ms")
                .append(" FROM ins UNION ALL SELECT hour_ms, ").append(model).append(", '")
                .append(LatencyMetric.TTFT.stored()).append("', le_ttft FROM ins WHERE ttft_ms >= 0) AS l")
                .append(" GROUP BY hour_ms, model, metric, le_ms),\n");
        List<String> histograms = new ArrayList<>();
        for (Grain g : Grain.values()) {
            String bucket = g == Grain.HOUR ? "hour_ms" : floor("hour_ms", DAY);
            String grain = g == Grain.HOUR ? "hourly" : "daily";
            String where = g == Grain.HOUR ? "" : " WHERE hour_ms < (SELECT before_ms FROM w)";
            histograms.add("l_" + grain + " AS (" + histogram("latency_" + grain, "bucket_ms, model, metric, le_ms",
                    bucket, "model, metric, le_ms", where) + ")");
            histograms.add("la_" + grain + " AS (" + histogram("latency_all_" + grain, "bucket_ms, metric, le_ms",
                    bucket, "metric, le_ms", where) + ")");
        }
        sql.append(String.join(",\n", histograms)).append("\nSELECT before_ms FROM w");
        return sql.toString();
    }

    /** {@code ms} floored to a multiple of {@code unit}, as {@link Grain#bucketOf} does (negative instants too). */
    private static String floor(String ms, long unit) {
        return ms + " - ((" + ms + " % " + unit + ") + " + unit + ") % " + unit;
    }

    private static String keys(Rollup r) {
        StringJoiner keys = new StringJoiner(", ");
        keys.add("bucket_ms");
        for (UsageDimension d : r.columns) {
            keys.add(RollupReader.column(d));
        }
        return keys.toString();
    }

    /** Upserts {@code table}'s rows, summed from {@code source} per key (already one row per key for the full). */
    private static String upsert(String table, String keys, String source, boolean oneRowPerKey) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" AS t (").append(keys);
        StringJoiner select = new StringJoiner(", ");
        select.add(keys);
        for (String col : RollupWriter.SUM_COLUMNS) {
            sql.append(", ").append(col);
            select.add(oneRowPerKey ? col : "SUM(" + col + ")::int8");
        }
        sql.append(") SELECT ").append(select).append(" FROM ").append(source);
        if (!oneRowPerKey) {
            sql.append(" GROUP BY ").append(keys);
        }
        sql.append(" ORDER BY ").append(collated(keys)).append(" ON CONFLICT (").append(keys).append(") DO UPDATE SET ");
        StringJoiner set = new StringJoiner(", ");
        for (String col : RollupWriter.SUM_COLUMNS) {
            set.add(col + " = t." + col + " + excluded." + col);
        }
        return sql.append(set).toString();
    }

    /**
     * Upserts {@code table}'s counts from {@code lat} (the rows {@code where} keeps), summed per {@code bucket}
     * expression and {@code rest}.
     */
    private static String histogram(String table, String keys, String bucket, String rest, String where) {
        return "INSERT INTO " + table + " AS t (" + keys + ", requests) SELECT " + bucket + ", " + rest
                + ", SUM(n)::int8 FROM lat" + where + " GROUP BY 1, " + rest + " ORDER BY 1, " + collated(rest)
                + " ON CONFLICT (" + keys + ") DO UPDATE SET requests = t.requests + excluded.requests";
    }

    /** Key columns in Java's string order: text columns compared byte by byte ({@code "C"}). */
    private static String collated(String keys) {
        StringJoiner out = new StringJoiner(", ");
        for (String k : keys.split(", ")) {
            out.add(k.endsWith("_ms") ? k : k + " COLLATE \"C\"");
        }
        return out.toString();
    }

    private static String boundsArray() {
        StringJoiner b = new StringJoiner(",", "ARRAY[", "]::int8[]");
        for (long bound : LatencyBuckets.bounds()) {
            b.add(Long.toString(bound));
        }
        return b.toString();
    }
}
