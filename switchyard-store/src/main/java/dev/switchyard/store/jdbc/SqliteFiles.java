package dev.switchyard.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a pool on an SQLite file, creating its directory if missing, the same way for every store that keeps its
 * tables there: WAL mode so that reads never wait on writes, a busy timeout so that the CLI and a running gateway
 * can share the file.
 */
final class SqliteFiles {

    private SqliteFiles() {
    }

    static HikariDataSource open(Path file, String poolName, int maxConnections) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory for " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.setPoolName(poolName);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setConnectionInitSql("PRAGMA busy_timeout = 5000");
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("foreign_keys", "true");
        return new HikariDataSource(config);
    }
}
