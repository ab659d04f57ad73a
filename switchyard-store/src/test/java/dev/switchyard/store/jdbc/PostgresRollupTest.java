package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.UsageStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
}
