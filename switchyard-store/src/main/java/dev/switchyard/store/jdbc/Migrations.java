package dev.switchyard.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies the numbered SQL scripts under {@code db/} in order, once each, recording the version reached in a
 * {@code schema_version} table. Scripts are written in the SQL that SQLite and PostgreSQL share, and both run the same
 * scripts. On PostgreSQL the migration holds an advisory lock for its transaction (DDL is transactional there), so
 * replicas that start together migrate once.
 *
 * <p>Where the two dialects must differ, a script says so with a placeholder rather than a second script, so a table is
 * still defined once: {@value #WITHOUT_ROWID} becomes {@code WITHOUT ROWID} on SQLite (the table is stored as its
 * primary-key B-tree, so a range scan on a bucket-led key reads rows in place) and nothing on PostgreSQL, which has no
 * such table kind; a statement that starts with {@value #POSTGRES_ONLY} runs on PostgreSQL only (a storage parameter
 * that SQLite has no counterpart for). Statements are split at {@code ;}, so comments in the scripts hold none.
 */
final class Migrations {

    static final List<String> SCRIPTS = List.of("db/V1__generations.sql", "db/V2__attempts_inline.sql",
            "db/V3__ledger_dimensions_rollups.sql", "db/V4__accounts.sql",
            "db/V5__console_latency_histograms_and_ledger_indexes.sql", "db/V6__usage_estimated.sql",
            "db/V7__interrupted_records.sql", "db/V8__console_narrow_rollups.sql",
            "db/V9__postgres_hot_rollup_updates.sql", "db/V10__postgres_c_collation.sql",
            "db/V11__daily_rollups_folded_from_hours.sql");

    /** Replaced by {@code WITHOUT ROWID} on SQLite, removed on PostgreSQL. */
    static final String WITHOUT_ROWID = "{{without_rowid}}";

    /** Leads a statement that runs on PostgreSQL only. */
    static final String POSTGRES_ONLY = "{{postgres_only}}";

    /** The PostgreSQL advisory lock that serialises migrations across replicas ("SWYD"). */
    private static final long LOCK_ID = 0x53575944L;

    private Migrations() {
    }

    static void apply(Connection c) throws SQLException {
        apply(c, SCRIPTS.size());
    }

    /** Migrates up to version {@code target} (tests stage an older schema with it). */
    static void apply(Connection c, int target) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            boolean postgres = isPostgres(c);
            if (postgres) {
                // replicas starting together: one migrates, the others wait and then find the work done
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")");
            }
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current = 0;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            for (int v = current + 1; v <= target; v++) {
                for (String statement : read(SCRIPTS.get(v - 1)).split(";")) {
                    String sql = stripComments(statement).replace(WITHOUT_ROWID, postgres ? "" : " WITHOUT ROWID")
                            .strip();
                    if (sql.startsWith(POSTGRES_ONLY)) {
                        sql = postgres ? sql.substring(POSTGRES_ONLY.length()) : "";
                    }
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                s.execute("INSERT INTO schema_version (version) VALUES (" + v + ")");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static boolean isPostgres(Connection c) throws SQLException {
        return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    }

    private static String stripComments(String sql) {
        StringBuilder out = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.strip().startsWith("--")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration missing from the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
