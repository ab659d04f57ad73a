package dev.switchyard.store.jdbc;

import java.nio.file.Files;

/** The latency histograms' contract on SQLite. */
class SqliteLatencyRollupTest extends LatencyRollupContract {

    @Override
    protected JdbcUsageStore newStore() throws Exception {
        return JdbcUsageStore.sqlite(Files.createTempDirectory("switchyard-latency").resolve("switchyard.db"));
    }
}
