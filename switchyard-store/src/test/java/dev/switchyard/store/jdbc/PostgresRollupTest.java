package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.UsageStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rollup contract on a real PostgreSQL server. */
class PostgresRollupTest extends LedgerRollupContract {

    @RegisterExtension
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    @Override
    protected Database newDatabase() {
        PostgresDatabase db = PG.freshDatabase();
        return new Database() {
            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
            }

            @Override
            public UsageStore open() {
                return JdbcUsageStore.postgres(db);
            }
        };
    }

    /** Migration V9: the tables that every batch updates leave room on their pages for HOT updates. */
    @Test
    void rollupAndHistogramTablesLeaveRoomForHotUpdates() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relkind = 'r'"
                     + " AND 'fillfactor=50' = ANY (reloptions) ORDER BY relname")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).containsExactly("latency_all_daily", "latency_all_hourly", "latency_daily",
                "latency_hourly", "usage_daily", "usage_hourly", "usage_models_daily", "usage_models_hourly",
                "usage_totals_daily", "usage_totals_hourly");
    }

    /**
     * Migration V10: every text column that a rollup or histogram is keyed by, and every text column the ledger
     * indexes, compares bytes (collation "C"), whatever the database's own collation.
     */
    @Test
    void indexedTextColumnsCompareBytes() throws Exception {
        List<String> notBytewise = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name || '.' || column_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND data_type = 'text'"
                     + " AND (table_name LIKE 'usage%' OR table_name LIKE 'latency%' OR (table_name = 'generations'"
                     + " AND column_name IN ('id', 'key_id', 'model_requested', 'model_served', 'provider')))"
                     + " AND collation_name IS DISTINCT FROM 'C' ORDER BY 1")) {
            while (rs.next()) {
                notBytewise.add(rs.getString(1));
            }
        }
        assertThat(notBytewise).isEmpty();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema ="
                     + " current_schema() AND table_name = 'usage_hourly' AND collation_name = 'C'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("usage_hourly's seven dimension columns").isEqualTo(7);
        }
    }
}
