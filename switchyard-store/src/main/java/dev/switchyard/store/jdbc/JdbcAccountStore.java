package dev.switchyard.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.AccountJson;
import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.routing.ProviderPreferences;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Workspaces and keys in a relational database through JDBC (SQLite today). Each operation is one statement, or one
 * conditional statement followed by a read that explains why it changed nothing, so it stays atomic without holding a
 * transaction open. Limits, routing defaults and metadata are kept as JSON text ({@link AccountJson}).
 */
public final class JdbcAccountStore implements AccountStore {

    private static final String KEY_COLUMNS = "hash, label, workspace_id, name, role, disabled, expires_at_ms, limits, "
            + "budget_limit_picos, budget_reset, policy, metadata, created_at_ms, updated_at_ms";
    private static final String WORKSPACE_COLUMNS = "id, name, disabled, limits, budget_limit_picos, budget_reset, "
            + "policy, metadata, created_at_ms";

    private final HikariDataSource dataSource;

    private JdbcAccountStore(HikariDataSource dataSource, WallClock clock) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            Migrations.apply(c);
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException("could not migrate the account store: " + e.getMessage(), e);
        }
        createWorkspace(new Workspace(Workspace.DEFAULT_ID, "Default", Limits.NONE, Optional.empty(),
                ProviderPreferences.NONE, false, Map.of(), clock.epochMillis()));
    }

    /** A store in an SQLite file (shared with the usage ledger), created with its directory if missing. */
    public static JdbcAccountStore sqlite(Path file, WallClock clock) {
        return new JdbcAccountStore(SqliteFiles.open(file, "switchyard-accounts", 2), clock);
    }

    /** Keys and workspaces in a PostgreSQL database that replicas share, migrated if needed. */
    public static JdbcAccountStore postgres(PostgresDatabase database, WallClock clock) {
        return new JdbcAccountStore(database.open("switchyard-accounts", 4), clock);
    }

    @Override
    public Outcome createWorkspace(Workspace w) {
        int rows = update("INSERT INTO workspaces (" + WORKSPACE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", ps -> {
                    ps.setString(1, w.id());
                    bindWorkspaceFields(ps, 2, w);
                    ps.setLong(9, w.createdAtMillis());
                });
        return rows == 1 ? Outcome.DONE : Outcome.CONFLICT;
    }

    @Override
    public Optional<Workspace> workspace(String id) {
        List<Workspace> found = query("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces WHERE id = ?",
                ps -> ps.setString(1, id), JdbcAccountStore::workspaceRow);
        return found.stream().findFirst();
    }

    @Override
    public List<Workspace> workspaces() {
        return query("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces ORDER BY id", ps -> { },
                JdbcAccountStore::workspaceRow);
    }

    @Override
    public Outcome updateWorkspace(Workspace w) {
        int rows = update("UPDATE workspaces SET name = ?, disabled = ?, limits = ?, budget_limit_picos = ?, "
                + "budget_reset = ?, policy = ?, metadata = ? WHERE id = ?", ps -> {
                    bindWorkspaceFields(ps, 1, w);
                    ps.setString(8, w.id());
                });
        return rows == 1 ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    @Override
    public Outcome deleteWorkspace(String id) {
        if (Workspace.DEFAULT_ID.equals(id)) {
            return Outcome.CONFLICT;
        }
        int rows = update("DELETE FROM workspaces WHERE id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM api_keys WHERE workspace_id = ?)", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, id);
                });
        if (rows == 1) {
            return Outcome.DONE;
        }
        return workspace(id).isPresent() ? Outcome.CONFLICT : Outcome.NOT_FOUND;
    }

    @Override
    public Outcome createKey(ApiKey k) {
        int rows = update("INSERT INTO api_keys (" + KEY_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                + "WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = ?) ON CONFLICT DO NOTHING", ps -> {
                    ps.setString(1, k.hash());
                    ps.setString(2, k.label());
                    ps.setString(3, k.workspaceId());
                    bindKeyFields(ps, 4, k);
                    ps.setLong(13, k.createdAtMillis());
                    ps.setLong(14, k.updatedAtMillis());
                    ps.setString(15, k.workspaceId());
                });
        if (rows == 1) {
            return Outcome.DONE;
        }
        return workspace(k.workspaceId()).isPresent() ? Outcome.CONFLICT : Outcome.NOT_FOUND;
    }

    @Override
    public Optional<ApiKey> keyByHash(String hash) {
        return query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE hash = ?", ps -> ps.setString(1, hash),
                JdbcAccountStore::keyRow).stream().findFirst();
    }

    @Override
    public Optional<ApiKey> keyByLabel(String label) {
        return query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE label = ?", ps -> ps.setString(1, label),
                JdbcAccountStore::keyRow).stream().findFirst();
    }

    @Override
    public Optional<Caller> callerByLabel(String label) {
        String sql = "SELECT " + prefixed("k.", KEY_COLUMNS) + ", " + prefixed("w.", WORKSPACE_COLUMNS)
                + " FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id WHERE k.label = ?";
        return query(sql, ps -> ps.setString(1, label), rs -> new Caller(keyRow(rs), workspaceRow(rs, 15)))
                .stream().findFirst();
    }

    @Override
    public List<ApiKey> keys() {
        return query("SELECT " + KEY_COLUMNS + " FROM api_keys ORDER BY created_at_ms, hash", ps -> { },
                JdbcAccountStore::keyRow);
    }

    @Override
    public List<ApiKey> keysIn(String workspaceId) {
        return query("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE workspace_id = ? ORDER BY created_at_ms, hash",
                ps -> ps.setString(1, workspaceId), JdbcAccountStore::keyRow);
    }

    @Override
    public Outcome updateKey(ApiKey k) {
        int rows = update("UPDATE api_keys SET name = ?, role = ?, disabled = ?, expires_at_ms = ?, limits = ?, "
                + "budget_limit_picos = ?, budget_reset = ?, policy = ?, metadata = ?, updated_at_ms = ? "
                + "WHERE hash = ?", ps -> {
                    bindKeyFields(ps, 1, k);
                    ps.setLong(10, k.updatedAtMillis());
                    ps.setString(11, k.hash());
                });
        return rows == 1 ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    @Override
    public Outcome deleteKey(String hash) {
        return update("DELETE FROM api_keys WHERE hash = ?", ps -> ps.setString(1, hash)) == 1
                ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    @Override
    public long inferenceKeyCount() {
        return query("SELECT COUNT(*) FROM api_keys WHERE role = ?", ps -> ps.setString(1, "inference"),
                rs -> rs.getLong(1)).getFirst();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** name, role, disabled, expires, limits, budget limit, budget reset, policy, metadata: 9 parameters. */
    private static void bindKeyFields(PreparedStatement ps, int at, ApiKey k) throws SQLException {
        ps.setString(at, k.name());
        ps.setString(at + 1, k.role().name().toLowerCase(Locale.ROOT));
        ps.setInt(at + 2, k.disabled() ? 1 : 0);
        if (k.expiresAtMillis().isPresent()) {
            ps.setLong(at + 3, k.expiresAtMillis().getAsLong());
        } else {
            ps.setNull(at + 3, Types.BIGINT);
        }
        bindShared(ps, at + 4, k.limits(), k.budget(), k.policy(), k.metadata());
    }

    /** name, disabled, limits, budget limit, budget reset, policy, metadata: 7 parameters. */
    private static void bindWorkspaceFields(PreparedStatement ps, int at, Workspace w) throws SQLException {
        ps.setString(at, w.name());
        ps.setInt(at + 1, w.disabled() ? 1 : 0);
        bindShared(ps, at + 2, w.limits(), w.budget(), w.policy(), w.metadata());
    }

    private static void bindShared(PreparedStatement ps, int at, Limits limits, Optional<Budget> budget,
                                   ProviderPreferences policy, Map<String, String> metadata) throws SQLException {
        ps.setString(at, AccountJson.limits(limits).toString());
        if (budget.isPresent()) {
            ps.setLong(at + 1, budget.get().limitPicos());
            ps.setString(at + 2, budget.get().reset().wireName());
        } else {
            ps.setNull(at + 1, Types.BIGINT);
            ps.setString(at + 2, Period.NONE.wireName());
        }
        ps.setString(at + 3, AccountJson.policy(policy).toString());
        ps.setString(at + 4, AccountJson.metadata(metadata).toString());
    }

    private static ApiKey keyRow(ResultSet rs) throws SQLException {
        long expires = rs.getLong(7);
        OptionalLong expiresAt = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(expires);
        return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                KeyRole.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)), rs.getInt(6) != 0, expiresAt,
                AccountJson.readLimits(json(rs.getString(8))), budget(rs, 9), ProviderPreferences.fromJson(
                json(rs.getString(11))), AccountJson.readMetadata(json(rs.getString(12)), "metadata"),
                rs.getLong(13), rs.getLong(14));
    }

    private static Workspace workspaceRow(ResultSet rs) throws SQLException {
        return workspaceRow(rs, 1);
    }

    private static Workspace workspaceRow(ResultSet rs, int at) throws SQLException {
        return new Workspace(rs.getString(at), rs.getString(at + 1),
                AccountJson.readLimits(json(rs.getString(at + 3))), budget(rs, at + 4),
                ProviderPreferences.fromJson(json(rs.getString(at + 6))), rs.getInt(at + 2) != 0,
                AccountJson.readMetadata(json(rs.getString(at + 7)), "metadata"), rs.getLong(at + 8));
    }

    private static Optional<Budget> budget(ResultSet rs, int at) throws SQLException {
        long limit = rs.getLong(at);
        if (rs.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new Budget(limit, Period.parse(rs.getString(at + 1)).orElse(Period.NONE)));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column in the account store: " + e.getOriginalMessage(), e);
        }
    }

    private static String prefixed(String prefix, String columns) {
        return prefix + columns.replace(", ", ", " + prefix);
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("account store: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("account store: " + e.getMessage(), e);
        }
    }
}
