package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.UsageStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage-store contract on a real PostgreSQL server. */
class PostgresUsageStoreTest extends UsageStoreContract {

    @RegisterExtension
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    @Override
    protected UsageStore newStore() {
        return JdbcUsageStore.postgres(PG.freshDatabase());
    }
}
