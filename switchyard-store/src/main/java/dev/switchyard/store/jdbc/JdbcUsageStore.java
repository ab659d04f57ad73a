package dev.switchyard.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.SpendHistory;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.LatencyQueries;
import dev.switchyard.core.usage.LatencyRow;
import dev.switchyard.core.usage.LedgerFilter;
import dev.switchyard.core.usage.LedgerSearch;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageRow;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.core.usage.journal.JournalDrain;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger in a relational database through JDBC and HikariCP. One request is one row (its attempts inline as
 * a small JSON array); a batch is written in one transaction as multi-row {@code INSERT}s of
 * {@value #ROWS_PER_STATEMENT} rows and the rest row by row, each statement prepared once per connection
 * ({@link StatementCache}). {@code ON CONFLICT DO NOTHING} (SQLite 3.24+ and PostgreSQL) makes a replayed record a
 * no-op; {@code RETURNING id} (SQLite 3.35+ and PostgreSQL), or a single row's update count, says which records were
 * new, and only those are added to the hourly rollups (and the daily ones for days already folded), in the same
 * transaction ({@link RollupWriter}); finished days are folded into the daily rollups after a batch
 * ({@link DailyFold}). Aggregate reads ({@link UsageQueries},
 * {@link SpendHistory}) use the rollups only ({@link RollupReader}); raw rows serve single-generation lookups and are
 * deleted after the retention window ({@link #deleteRawBefore}). That is the path on SQLite, in the SQL both databases
 * share. On PostgreSQL a batch is instead one statement with one array parameter per column, which inserts the rows
 * and updates every rollup and histogram on the server ({@link PostgresLedgerWriter}): the same rows, sums and lock
 * order, for a fraction of the client's CPU and one prepared statement.
 */
public final class JdbcUsageStore implements UsageStore, UsageQueries, SpendHistory, LatencyQueries, LedgerSearch {

    static final int ROWS_PER_STATEMENT = 64;
    private static final String COLUMNS = """
            id, created_at_ms, api, model_requested, model_served, provider, upstream_model, streamed, status,
            error_class, finish_reason, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens,
            reasoning_tokens, cost_prompt_picos, cost_completion_picos, cost_cache_picos, cost_request_picos,
            cost_total_picos, latency_ms, ttft_ms, attempts, key_id, workspace_id, app, user_hash, vendor, origin,
            usage_estimated, interrupted""";
    private static final int COLUMN_COUNT = 32;

    private static final Comparator<UsageRecord> BY_ID = Comparator.comparing(UsageRecord::id);
    /** A whole chunk, the ids it really added returned. */
    private static final String FULL_INSERT_SQL = insertSql(ROWS_PER_STATEMENT);
    /** One row; its update count (0 on a conflict) says whether it was added. */
    private static final String ONE_INSERT_SQL = insertSql(1);

    private static final Logger LOG = LoggerFactory.getLogger(JdbcUsageStore.class);

    private final HikariDataSource dataSource;
    private final boolean postgres;
    private final StatementCache statements = new StatementCache();
    private final RollupWriter rollups = new RollupWriter();
    private final LatencyRollup latency = new LatencyRollup();
    private final RollupReader reader;

    private JdbcUsageStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.reader = new RollupReader(dataSource);
        try (Connection c = dataSource.getConnection()) {
            Migrations.apply(c);
            this.postgres = Migrations.isPostgres(c);
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException("could not migrate the usage store: " + e.getMessage(), e);
        }
    }

    /** A store in an SQLite file, created with its directory if missing; WAL mode so reads never wait on writes. */
    public static JdbcUsageStore sqlite(Path file) {
        return new JdbcUsageStore(SqliteFiles.open(file, "switchyard-sqlite", 4));
    }

    /** The ledger in a PostgreSQL database that replicas share, migrated if needed. */
    public static JdbcUsageStore postgres(PostgresDatabase database) {
        return new JdbcUsageStore(database.open("switchyard-ledger", 8));
    }

    static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO generations (").append(COLUMNS).append(") VALUES ");
        String row = "(" + "?, ".repeat(COLUMN_COUNT - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(" ON CONFLICT DO NOTHING").append(rows == 1 ? "" : " RETURNING id").toString();
    }

    @Override
    public void append(List<UsageRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // in id order (stable: of an id given twice, the first still wins): replicas inserting overlapping batches
        // at once then take their index locks in one order, so PostgreSQL never finds a deadlock between them
        List<UsageRecord> records = new ArrayList<>(batch);
        records.sort(BY_ID);
        long foldedBefore;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                DailyFold.lockForBatch(c, postgres);
                if (postgres) {
                    foldedBefore = PostgresLedgerWriter.append(c, firstOfEachId(records));
                } else {
                    foldedBefore = DailyFold.foldedBefore(c);
                    List<UsageRecord> added = insert(c, records, statements);
                    rollups.add(c, added, statements, foldedBefore);
                    latency.add(c, added, statements, foldedBefore);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage append failed: " + e.getMessage(), e);
        }
        long latest = DailyFold.latest(records);
        if (DailyFold.dueBefore(latest) > foldedBefore) {
            foldDays(latest);
        }
    }

    /**
     * Folds the finished days into the daily rollups ({@link DailyFold}) after a batch that showed one due. The batch
     * has committed either way: a fold that fails (a deadlock with a replica of an older version, the database gone)
     * is logged and tried again after the next batch, and until then those days are read from the hourly rollups.
     */
    private void foldDays(long latestRecordMillis) {
        try (Connection c = dataSource.getConnection()) {
            DailyFold.fold(c, postgres, latestRecordMillis);
        } catch (SQLException e) {
            LOG.warn("folding finished days into the daily rollups failed, retried after the next batch: {}",
                    e.getMessage());
        }
    }

    /** The records (in id order) without the later ones of an id given twice: the first is the one stored. */
    static List<UsageRecord> firstOfEachId(List<UsageRecord> sorted) {
        List<UsageRecord> out = new ArrayList<>(sorted.size());
        for (UsageRecord r : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).id().equals(r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Inserts the records (in id order) in the caller's transaction; returns those that were new. Whole chunks of
     * {@value #ROWS_PER_STATEMENT} rows go out as one statement, the rest one row at a time, so only two statement
     * texts exist and both are prepared once per connection ({@link StatementCache}).
     */
    static List<UsageRecord> insert(Connection c, List<UsageRecord> records, StatementCache statements)
            throws SQLException {
        Set<String> inserted = new HashSet<>(records.size() * 2);
        int i = 0;
        if (records.size() >= ROWS_PER_STATEMENT) {
            PreparedStatement full = statements.prepare(c, FULL_INSERT_SQL);
            for (; i + ROWS_PER_STATEMENT <= records.size(); i += ROWS_PER_STATEMENT) {
                for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                    bind(full, r * COLUMN_COUNT, records.get(i + r));
                }
                collectIds(full, inserted);
            }
        }
        if (i < records.size()) {
            PreparedStatement one = statements.prepare(c, ONE_INSERT_SQL);
            for (; i < records.size(); i++) {
                UsageRecord r = records.get(i);
                bind(one, 0, r);
                if (one.executeUpdate() == 1) {
                    inserted.add(r.id());
                }
            }
        }
        return newlyInserted(records, inserted);
    }

    private static void collectIds(PreparedStatement insert, Set<String> into) throws SQLException {
        try (ResultSet rs = insert.executeQuery()) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }

    /**
     * The records the inserts really added: those whose id came back, each once (a batch may hold an id twice; the
     * first is the one stored).
     */
    private static List<UsageRecord> newlyInserted(List<UsageRecord> records, Set<String> insertedIds) {
        if (insertedIds.size() == records.size()) {
            return records;
        }
        List<UsageRecord> out = new ArrayList<>(insertedIds.size());
        for (UsageRecord r : records) {
            if (insertedIds.remove(r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    private static void bind(PreparedStatement s, int offset, UsageRecord r) throws SQLException {
        int i = offset;
        s.setString(++i, r.id());
        s.setLong(++i, r.createdAtMillis());
        s.setString(++i, r.api());
        s.setString(++i, r.modelRequested());
        s.setString(++i, r.modelServed());
        s.setString(++i, r.providerId());
        s.setString(++i, r.upstreamModel());
        s.setInt(++i, r.streamed() ? 1 : 0);
        s.setInt(++i, r.status());
        s.setString(++i, r.errorClass());
        s.setString(++i, r.finishReason());
        Usage u = r.usage();
        s.setLong(++i, u.promptTokens());
        s.setLong(++i, u.completionTokens());
        s.setLong(++i, u.cachedTokens());
        s.setLong(++i, u.cacheWriteTokens());
        s.setLong(++i, u.reasoningTokens());
        Cost cost = r.cost();
        s.setLong(++i, cost.promptPicos());
        s.setLong(++i, cost.completionPicos());
        s.setLong(++i, cost.cachePicos());
        s.setLong(++i, cost.requestPicos());
        s.setLong(++i, cost.totalPicos());
        s.setLong(++i, r.latencyMillis());
        s.setLong(++i, r.ttftMillis());
        s.setString(++i, attemptsJson(r.attempts()));
        Dimensions d = r.dimensions();
        s.setString(++i, d.keyId());
        s.setString(++i, d.workspaceId());
        s.setString(++i, d.app());
        s.setString(++i, d.userHash());
        s.setString(++i, d.vendor());
        s.setString(++i, d.origin());
        s.setInt(++i, u.estimated() ? 1 : 0);
        s.setInt(++i, JournalDrain.INTERRUPTED.equals(r.errorClass()) ? 1 : 0);
    }

    /** {@code [["provider","model",status,"error",ms], …]}: compact, and readable without a schema change. */
    static String attemptsJson(List<AttemptRecord> attempts) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < attempts.size(); k++) {
            AttemptRecord a = attempts.get(k);
            b.append(k == 0 ? "[" : ",[");
            quote(b, a.providerId()).append(',');
            quote(b, a.upstreamModel()).append(',').append(a.status()).append(',');
            quote(b, a.errorClass()).append(',').append(a.durationMillis()).append(']');
        }
        return b.append(']').toString();
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"');
    }

    static List<AttemptRecord> parseAttempts(String json) {
        List<AttemptRecord> out = new ArrayList<>();
        try {
            JsonNode array = Json.mapper().readTree(json);
            if (array instanceof ArrayNode a) {
                for (JsonNode at : a) {
                    out.add(new AttemptRecord(at.get(0).asText(), at.get(1).asText(), at.get(2).asInt(),
                            at.get(3).asText(), at.get(4).asLong()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("corrupt attempts column: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public Optional<UsageRecord> find(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM generations WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage lookup failed: " + e.getMessage(), e);
        }
    }

    private static UsageRecord record(ResultSet rs) throws SQLException {
        return new UsageRecord(rs.getString("id"), rs.getLong("created_at_ms"),
                rs.getString("api"), rs.getString("model_requested"), rs.getString("model_served"),
                rs.getString("provider"), rs.getString("upstream_model"), rs.getInt("streamed") != 0,
                rs.getInt("status"), rs.getString("error_class"), rs.getString("finish_reason"),
                new Usage(rs.getLong("prompt_tokens"), rs.getLong("completion_tokens"),
                        rs.getLong("cached_tokens"), rs.getLong("cache_write_tokens"),
                        rs.getLong("reasoning_tokens"), rs.getInt("usage_estimated") != 0),
                new Cost(rs.getLong("cost_prompt_picos"), rs.getLong("cost_completion_picos"),
                        rs.getLong("cost_cache_picos"), rs.getLong("cost_request_picos")),
                rs.getLong("latency_ms"), rs.getLong("ttft_ms"), parseAttempts(rs.getString("attempts")),
                new Dimensions(rs.getString("key_id"), rs.getString("workspace_id"), rs.getString("app"),
                        rs.getString("user_hash"), rs.getString("vendor"), rs.getString("origin")));
    }

    @Override
    public List<UsageRecord> search(LedgerFilter filter) {
        LedgerQuery q = LedgerQuery.of(filter);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(q.sql())) {
            q.bind(s);
            List<UsageRecord> out = new ArrayList<>(filter.limit());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(record(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("ledger search failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<LatencyRow> latency(long fromMillis, long toMillis, Bucket bucket, boolean byModel) {
        return LatencyRollup.read(dataSource, fromMillis, toMillis, bucket, byModel);
    }

    @Override
    public List<UsageRow> usage(UsageQuery query) {
        return reader.usage(query);
    }

    @Override
    public long spentSince(Scope scope, long sinceMillis) {
        return reader.spentSince(scope, sinceMillis);
    }

    /** Deletes up to {@code maxRows} of the oldest raw records created before the cutoff; rollups are untouched. */
    @Override
    public int deleteRawBefore(long cutoffMillis, int maxRows) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM generations WHERE id IN (SELECT id FROM generations"
                     + " WHERE created_at_ms < ? ORDER BY created_at_ms LIMIT ?)")) {
            s.setLong(1, cutoffMillis);
            s.setInt(2, maxRows);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("ledger retention failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        statements.close();
        dataSource.close();
    }
}
