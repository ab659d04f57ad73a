package dev.switchyard.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;

/**
 * Where a PostgreSQL database is and how many connections a replica may hold to it. Every replica points at the same
 * database: keys, workspaces, the ledger and its rollups are then one for all of them.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
 * @param user the role
 * @param password its password (never logged; empty for trust or peer authentication)
 * @param poolSize connections per store per replica
 */
public record PostgresDatabase(String jdbcUrl, String user, String password, int poolSize) {

    public PostgresDatabase {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("store.postgres.url: '" + jdbcUrl
                    + "' (expected: jdbc:postgresql://host:port/database)");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("store.postgres.pool_size: " + poolSize + " (expected: >= 1)");
        }
    }

    /** A pool named {@code poolName} on this database, at most {@code maxConnections} (or the pool size) wide. */
    HikariDataSource open(String poolName, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(Math.min(maxConnections, poolSize));
        config.setMinimumIdle(1);
        // a JDBC batch of inserts (addBatch) would be rewritten into multi-row inserts by the driver; the ledger itself
        // sends one statement per batch (PostgresLedgerWriter)
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }
}
