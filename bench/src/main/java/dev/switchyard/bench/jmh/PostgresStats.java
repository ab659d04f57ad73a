package dev.switchyard.bench.jmh;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where an embedded PostgreSQL server's time went during a benchmark: {@code pg_stat_statements} per statement
 * (calls, rows, planning and execution time, buffers dirtied, WAL records, full-page images and bytes, each also per
 * ledger record), the tables' inserts, updates and HOT updates, and the server's WAL and checkpoints. The server must
 * have been started with the extension preloaded ({@link LedgerWriteBenchmark}'s {@code pgStats}).
 */
final class PostgresStats {

    private PostgresStats() {
    }

    /** Creates the extension and clears what the migrations left in it. */
    static void install(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** Prints the statistics, with per-record figures over {@code records}. */
    static void print(EmbeddedPostgres postgres, long records) throws SQLException {
        long n = Math.max(1, records);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            System.out.printf("%n== pg_stat_statements over %d records (times in us per record) ==%n", records);
            table(s, "SELECT calls, rows, round((total_plan_time * 1000 / " + n + ")::numeric, 2) AS plan_us,"
                    + " round((total_exec_time * 1000 / " + n + ")::numeric, 2) AS exec_us,"
                    + " round(shared_blks_hit::numeric / " + n + ", 2) AS hit_per_rec,"
                    + " round(shared_blks_dirtied::numeric / " + n + ", 3) AS dirtied_per_rec,"
                    + " round(wal_records::numeric / " + n + ", 2) AS wal_rec_per_rec,"
                    + " round(wal_fpi::numeric / " + n + ", 3) AS fpi_per_rec,"
                    + " round(wal_bytes / " + n + ") AS wal_bytes_per_rec,"
                    + " left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query"
                    + " FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time DESC LIMIT 20");
            System.out.println("== tables ==");
            table(s, "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_newpage_upd, n_dead_tup,"
                    + " autovacuum_count, autoanalyze_count, pg_total_relation_size(relid) AS bytes"
                    + " FROM pg_stat_user_tables ORDER BY n_tup_ins + n_tup_upd DESC LIMIT 14");
            System.out.println("== indexes ==");
            table(s, "SELECT indexrelname, idx_scan, idx_tup_read, pg_relation_size(indexrelid) AS bytes"
                    + " FROM pg_stat_user_indexes ORDER BY pg_relation_size(indexrelid) DESC LIMIT 16");
            System.out.println("== WAL and checkpoints ==");
            table(s, "SELECT wal_records, wal_fpi, wal_bytes, wal_buffers_full FROM pg_stat_wal");
            table(s, "SELECT num_timed, num_requested, buffers_written FROM pg_stat_checkpointer");
        }
    }

    private static void table(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder head = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                head.append(i == 1 ? "" : " | ").append(md.getColumnLabel(i));
            }
            System.out.println(head);
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                System.out.println(row);
            }
        }
    }
}
