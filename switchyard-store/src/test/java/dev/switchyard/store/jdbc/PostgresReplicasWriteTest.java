package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas' ledgers on one PostgreSQL database, written at once from several threads each, with overlapping
 * rollup rows and records replayed across replicas: no update is lost, none is counted twice, and nobody deadlocks.
 */
class PostgresReplicasWriteTest {

    @RegisterExtension
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    @Test
    void concurrentReplicasKeepTheRollupsEqualToTheRecords() throws Exception {
        PostgresDatabase db = PG.freshDatabase();
        Map<String, UsageRecord> stored = new ConcurrentHashMap<>();
        try (JdbcUsageStore first = JdbcUsageStore.postgres(db); JdbcUsageStore second = JdbcUsageStore.postgres(db)) {
            List<JdbcUsageStore> replicas = List.of(first, second);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        Random random = new Random(writer);
                        for (int b = 0; b < 12; b++) {
                            List<UsageRecord> batch = new ArrayList<>();
                            for (int i = 0; i < 200; i++) {
                                // ids repeat across writers: the same record delivered by two replicas counts once
                                String id = "gen-" + random.nextInt(6_000);
                                UsageRecord r = LedgerRollupContract.randomRecord(new Random(id.hashCode()), id);
                                batch.add(r);
                            }
                            replicas.get(writer % 2).append(batch);
                            batch.forEach(r -> stored.putIfAbsent(r.id(), r));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : writers) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            UsageQuery month = UsageQuery.of(LedgerRollupContract.MONTH_START,
                    LedgerRollupContract.at(LedgerRollupContract.DAYS, 0, 0), Bucket.DAY)
                    .groupedBy(UsageDimension.MODEL);
            assertThat(stored).hasSizeGreaterThan(4_000);
            assertThat(first.usage(month)).isEqualTo(LedgerRollupContract.expected(stored, month));
            assertThat(second.usage(month)).isEqualTo(first.usage(month));
        }
    }
}
