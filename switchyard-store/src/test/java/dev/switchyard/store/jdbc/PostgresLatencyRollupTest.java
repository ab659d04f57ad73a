package dev.switchyard.store.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The latency histograms' contract on a real PostgreSQL server. */
class PostgresLatencyRollupTest extends LatencyRollupContract {

    @RegisterExtension
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    @Override
    protected JdbcUsageStore newStore() {
        return JdbcUsageStore.postgres(PG.freshDatabase());
    }
}
