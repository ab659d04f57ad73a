package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.UsageStore;
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
    void dataSurvivesAReopenAndMigrationsRunOnce() {
        store.append(List.of(record("gen-keep", 42)));
        store.close();
        store = JdbcUsageStore.sqlite(file);
        assertThat(store.find("gen-keep").orElseThrow().usage().promptTokens()).isEqualTo(42);
        assertThat(Files.exists(file)).isTrue();
    }
}
