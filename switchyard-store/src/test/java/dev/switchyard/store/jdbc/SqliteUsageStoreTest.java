package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.core.usage.journal.JournalDrain;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract against a real SQLite file, plus what is specific to files: reopening keeps the data. */
class SqliteUsageStoreTest extends UsageStoreContract {

    private Path file;

    @Override
    protected UsageStore newStore() throws Exception {
        file = Files.createTempDirectory("switchyard-store").resolve("nested/dir/switchyard.db");
        return JdbcUsageStore.sqlite(file);
    }

    @Test
    void anInterruptedRecordIsFlaggedInItsOwnColumnAndCountedOnceWhenReplayed() throws Exception {
        UsageRecord interrupted = JournalDrain.interrupted(record("gen-cut", 42));
        store.append(List.of(record("gen-ok", 1), interrupted));
        store.append(List.of(interrupted)); // replayed after a second crash: nothing changes
        assertThat(store.find("gen-cut")).contains(interrupted);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT id, interrupted FROM generations ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("gen-cut");
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("gen-ok");
            assertThat(rs.getInt(2)).isZero();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT SUM(requests), SUM(errors) FROM usage_hourly")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2);
            assertThat(rs.getLong(2)).as("an interrupted request is a failed one").isEqualTo(1);
        }
    }

    @Test
    void dataSurvivesAReopenAndMigrationsRunOnce() {
        store.append(List.of(record("gen-keep", 42)));
        store.close();
        store = JdbcUsageStore.sqlite(file);
        assertThat(store.find("gen-keep").orElseThrow().usage().promptTokens()).isEqualTo(42);
        assertThat(Files.exists(file)).isTrue();
    }
}
