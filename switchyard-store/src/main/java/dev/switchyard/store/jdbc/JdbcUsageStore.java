package dev.switchyard.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The usage ledger in a relational database through JDBC and HikariCP. One batch is one transaction;
 * {@code ON CONFLICT DO NOTHING} (SQLite 3.24+ and PostgreSQL) makes a replayed record a no-op.
 */
public final class JdbcUsageStore implements UsageStore {

    private static final String INSERT_GENERATION = """
            INSERT INTO generations (id, created_at_ms, api, model_requested, model_served, provider, upstream_model,
                streamed, status, error_class, finish_reason, prompt_tokens, completion_tokens, cached_tokens,
                cache_write_tokens, reasoning_tokens, cost_prompt_picos, cost_completion_picos, cost_cache_picos,
                cost_request_picos, cost_total_picos, latency_ms, ttft_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_ATTEMPT = """
            INSERT INTO generation_attempts (generation_id, seq, provider, upstream_model, status, error_class,
                duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

    private final HikariDataSource dataSource;

    private JdbcUsageStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            Migrations.apply(c);
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException("could not migrate the usage store: " + e.getMessage(), e);
        }
    }

    /** A store in an SQLite file, created with its directory if missing; WAL mode so reads never wait on writes. */
    public static JdbcUsageStore sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory for " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.setPoolName("switchyard-sqlite");
        config.setMaximumPoolSize(4);
        config.setConnectionInitSql("PRAGMA busy_timeout = 5000");
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("foreign_keys", "true");
        return new JdbcUsageStore(new HikariDataSource(config));
    }

    @Override
    public void append(List<UsageRecord> records) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement g = c.prepareStatement(INSERT_GENERATION);
                 PreparedStatement a = c.prepareStatement(INSERT_ATTEMPT)) {
                for (UsageRecord r : records) {
                    bind(g, r);
                    g.addBatch();
                    int seq = 0;
                    for (AttemptRecord at : r.attempts()) {
                        a.setString(1, r.id());
                        a.setInt(2, ++seq);
                        a.setString(3, at.providerId());
                        a.setString(4, at.upstreamModel());
                        a.setInt(5, at.status());
                        a.setString(6, at.errorClass());
                        a.setLong(7, at.durationMillis());
                        a.addBatch();
                    }
                }
                g.executeBatch();
                a.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage append failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, UsageRecord r) throws SQLException {
        int i = 0;
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
    }

    @Override
    public Optional<UsageRecord> find(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM generations WHERE id = ?");
             PreparedStatement a = c.prepareStatement(
                     "SELECT * FROM generation_attempts WHERE generation_id = ? ORDER BY seq")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                a.setString(1, id);
                List<AttemptRecord> attempts = new ArrayList<>();
                try (ResultSet ar = a.executeQuery()) {
                    while (ar.next()) {
                        attempts.add(new AttemptRecord(ar.getString("provider"), ar.getString("upstream_model"),
                                ar.getInt("status"), ar.getString("error_class"), ar.getLong("duration_ms")));
                    }
                }
                return Optional.of(new UsageRecord(rs.getString("id"), rs.getLong("created_at_ms"),
                        rs.getString("api"), rs.getString("model_requested"), rs.getString("model_served"),
                        rs.getString("provider"), rs.getString("upstream_model"), rs.getInt("streamed") != 0,
                        rs.getInt("status"), rs.getString("error_class"), rs.getString("finish_reason"),
                        new Usage(rs.getLong("prompt_tokens"), rs.getLong("completion_tokens"),
                                rs.getLong("cached_tokens"), rs.getLong("cache_write_tokens"),
                                rs.getLong("reasoning_tokens")),
                        new Cost(rs.getLong("cost_prompt_picos"), rs.getLong("cost_completion_picos"),
                                rs.getLong("cost_cache_picos"), rs.getLong("cost_request_picos")),
                        rs.getLong("latency_ms"), rs.getLong("ttft_ms"), attempts));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage lookup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
