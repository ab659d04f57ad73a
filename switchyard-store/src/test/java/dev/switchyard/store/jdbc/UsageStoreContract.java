package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UsageStore} backend must have. Each backend's test extends this and supplies a fresh
 * store; SQLite today, PostgreSQL with the accounts work.
 */
abstract class UsageStoreContract {

    protected UsageStore store;

    protected abstract UsageStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static UsageRecord record(String id, long promptTokens) {
        return new UsageRecord(id, 1_764_000_000_000L, "chat.completions", "deepseek-chat", "deepseek/deepseek-flash",
                "deepseek", "deepseek-flash", true, 200, "", "stop", new Usage(promptTokens, 20, 30, 5, 7),
                new Cost(1, 2, 3, 4), 1234, 56, List.of(
                        new AttemptRecord("siliconflow", "x", 503, "http_503", 10),
                        new AttemptRecord("deepseek", "deepseek-flash", 200, "", 1200)), Dimensions.NONE);
    }

    @Test
    void roundTripsEveryField() {
        UsageRecord r = record("gen-1", 100);
        store.append(List.of(r));
        assertThat(store.find("gen-1")).contains(r);
        assertThat(store.find("gen-missing")).isEmpty();
    }

    @Test
    void appendIsIdempotentById() {
        store.append(List.of(record("gen-1", 100), record("gen-2", 200)));
        store.append(List.of(record("gen-1", 999), record("gen-3", 300)));
        assertThat(store.find("gen-1").orElseThrow().usage().promptTokens()).isEqualTo(100);
        assertThat(store.find("gen-1").orElseThrow().attempts()).hasSize(2);
        assertThat(store.find("gen-3")).isPresent();
    }

    @Test
    void largeBatchesSpanSeveralStatementsAndKeepEveryRecord() {
        List<UsageRecord> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 3 * JdbcUsageStore.ROWS_PER_STATEMENT + 5; i++) {
            batch.add(record("gen-batch-" + i, i));
        }
        store.append(batch);
        for (int i = 0; i < batch.size(); i++) {
            assertThat(store.find("gen-batch-" + i)).contains(batch.get(i));
        }
    }

    @Test
    void attemptTextIsEscaped() {
        UsageRecord odd = new UsageRecord("gen-odd", 1, "chat.completions", "m", "v/m", "p\"q", "a\\b", false, 502,
                "x", "", Usage.NONE, Cost.ZERO, 1, -1, List.of(new AttemptRecord("p\"q", "a\\b\n", 0, "c", 3)), Dimensions.NONE);
        store.append(List.of(odd));
        assertThat(store.find("gen-odd")).contains(odd);
    }

    @Test
    void emptyBatchIsFine() {
        store.append(List.of());
        assertThat(store.find("anything")).isEmpty();
    }
}
