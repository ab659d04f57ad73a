package dev.switchyard.store.jdbc;

import dev.switchyard.core.accounts.AccountStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account-store contract on a real PostgreSQL server. */
class PostgresAccountStoreTest extends AccountStoreContract {

    @RegisterExtension
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    @Override
    protected AccountStore newStore() {
        return JdbcAccountStore.postgres(PG.freshDatabase(), () -> 42);
    }
}
