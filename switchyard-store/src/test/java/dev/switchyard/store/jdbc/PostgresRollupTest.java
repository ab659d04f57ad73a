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
}
