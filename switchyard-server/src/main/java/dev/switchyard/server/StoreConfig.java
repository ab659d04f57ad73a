package dev.switchyard.server;

import dev.switchyard.core.WallClock;
import dev.switchyard.store.jdbc.JdbcAccountStore;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import dev.switchyard.store.jdbc.PostgresDatabase;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where keys, workspaces and the ledger live ({@code store:} and {@code postgres:} in the configuration): the SQLite
 * file in the data directory (one process), or a PostgreSQL database that every replica shares. This is the one place
 * that opens the stores, for the gateway and for the CLI alike.
 *
 * @param postgres the database, when the store is PostgreSQL
 */
public record StoreConfig(Optional<PostgresDatabase> postgres) {

    /** The default: SQLite in the data directory. */
    public static final StoreConfig SQLITE = new StoreConfig(Optional.empty());

    public StoreConfig {
        Objects.requireNonNull(postgres, "postgres");
    }

    /** The ledger. */
    public JdbcUsageStore openLedger(Path dataDir) {
        return postgres.map(JdbcUsageStore::postgres).orElseGet(() -> JdbcUsageStore.sqlite(sqliteFile(dataDir)));
    }

    /** Keys and workspaces. */
    public JdbcAccountStore openAccounts(Path dataDir, WallClock clock) {
        return postgres.map(db -> JdbcAccountStore.postgres(db, clock))
                .orElseGet(() -> JdbcAccountStore.sqlite(sqliteFile(dataDir), clock));
    }

    /** For the start-up summary and messages: the SQLite file, or the PostgreSQL URL (which holds no password). */
    public String describe(Path dataDir) {
        return postgres.map(db -> "PostgreSQL " + db.jdbcUrl() + " (user " + db.user() + ")")
                .orElseGet(() -> sqliteFile(dataDir).toAbsolutePath().normalize().toString());
    }

    /** The SQLite file in a data directory. */
    public static Path sqliteFile(Path dataDir) {
        return dataDir.resolve("switchyard.db");
    }
}
