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

    @Test
    void aVersion2LedgerKeepsItsRowsThroughTheWithoutRowidMigration() throws Exception {
        store.close();
        Path old = Files.createTempDirectory("switchyard-v2").resolve("switchyard.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
             java.sql.Statement s = c.createStatement()) {
            for (String script : Migrations.SCRIPTS.subList(0, 2)) {
                try (var in = getClass().getClassLoader().getResourceAsStream(script)) {
                    for (String sql : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .split(";")) {
                        if (!sql.replaceAll("(?m)^\\s*--.*$", "").isBlank()) {
                            s.execute(sql);
                        }
                    }
                }
            }
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version (version) VALUES (2)");
            s.execute("INSERT INTO generations (id, created_at_ms, api, model_requested, model_served, provider, "
                    + "upstream_model, streamed, status, error_class, finish_reason, prompt_tokens, completion_tokens, "
                    + "cached_tokens, cache_write_tokens, reasoning_tokens, cost_prompt_picos, cost_completion_picos, "
                    + "cost_cache_picos, cost_request_picos, cost_total_picos, latency_ms, ttft_ms, attempts) VALUES "
                    + "('gen-old', 1, 'chat.completions', 'm', 'm', 'p', 'u', 0, 200, '', 'stop', 7, 3, 0, 0, 0, "
                    + "0, 0, 0, 0, 0, 5, 2, '[]')");
        }
        store = JdbcUsageStore.sqlite(old);
        assertThat(store.find("gen-old").orElseThrow().usage().promptTokens()).isEqualTo(7);
        store.append(List.of(record("gen-new", 9)));
        assertThat(store.find("gen-new").orElseThrow().usage().promptTokens()).isEqualTo(9);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
             java.sql.ResultSet rs = c.createStatement().executeQuery(
                     "SELECT sql FROM sqlite_master WHERE name = 'generations'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).contains("WITHOUT ROWID");
        }
    }
}
