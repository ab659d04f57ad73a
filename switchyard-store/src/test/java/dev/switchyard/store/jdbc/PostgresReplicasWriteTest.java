package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
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
            writeConcurrently(List.of(first, second), 12, 0, (random, b) -> {
                List<UsageRecord> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    // ids repeat across writers: the same record delivered by two replicas counts once
                    String id = "gen-" + random.nextInt(6_000);
                    batch.add(LedgerRollupContract.randomRecord(new Random(id.hashCode()), id));
                }
                return batch;
            }, stored);
            UsageQuery month = UsageQuery.of(LedgerRollupContract.MONTH_START,
                    LedgerRollupContract.at(LedgerRollupContract.DAYS, 0, 0), Bucket.DAY)
                    .groupedBy(UsageDimension.MODEL);
            assertThat(stored).hasSizeGreaterThan(4_000);
            assertThat(first.usage(month)).isEqualTo(LedgerRollupContract.expected(stored, month));
            assertThat(second.usage(month)).isEqualTo(first.usage(month));
        }
    }

    /**
     * Replicas writing through several days at once, each batch an hour later than the last, so finished days are
     * folded into the daily rollups ({@link DailyFold}) while the other replicas' batches of the same days are still
     * being written: every folded day's daily rows equal the raw records, and the queries answer exactly.
     */
    @Test
    void daysFoldedWhileReplicasWriteLoseNothing() throws Exception {
        PostgresDatabase db = PG.freshDatabase();
        Map<String, UsageRecord> stored = new ConcurrentHashMap<>();
        try (JdbcUsageStore first = JdbcUsageStore.postgres(db); JdbcUsageStore second = JdbcUsageStore.postgres(db)) {
            writeConcurrently(List.of(first, second), 24 * 6, 100, (random, hour) -> {
                List<UsageRecord> batch = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    // ids shared across writers, each record a function of its id: mostly of this hour, one in ten
                    // late by up to a day
                    String id = "gen-" + hour + "-" + random.nextInt(60);
                    Random of = new Random(id.hashCode());
                    long at = LedgerRollupContract.at(0, hour, 0) + (of.nextInt(10) == 0
                            ? -(long) (of.nextDouble() * Bucket.DAY_MILLIS)
                            : (long) (of.nextDouble() * Bucket.HOUR_MILLIS));
                    batch.add(LedgerRollupContract.createdAt(LedgerRollupContract.randomRecord(of, id),
                            Math.max(at, LedgerRollupContract.MONTH_START)));
                }
                return batch;
            }, stored);
            long foldedBefore;
            try (Connection c = connect(db)) {
                foldedBefore = DailyFold.foldedBefore(c);
                assertThat(foldedBefore).as("five finished days folded").isEqualTo(LedgerRollupContract.at(5, 0, 0));
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT (SELECT SUM(requests) FROM usage_totals_daily) - (SELECT COUNT(*) FROM generations"
                                + " WHERE created_at_ms < " + foldedBefore + "), (SELECT SUM(requests) FROM"
                                + " usage_daily) - (SELECT SUM(requests) FROM usage_totals_daily)")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("daily totals against the raw records of folded days").isZero();
                    assertThat(rs.getLong(2)).as("full daily rollup against the totals").isZero();
                }
            }
            for (UsageQuery q : List.of(UsageQuery.of(LedgerRollupContract.MONTH_START,
                            LedgerRollupContract.at(7, 0, 0), Bucket.DAY).groupedBy(UsageDimension.MODEL),
                    UsageQuery.of(LedgerRollupContract.MONTH_START, LedgerRollupContract.at(7, 0, 0), Bucket.NONE)
                            .groupedBy(UsageDimension.KEY, UsageDimension.PROVIDER))) {
                assertThat(first.usage(q)).as("%s", q).isEqualTo(LedgerRollupContract.expected(stored, q));
            }
        }
    }

    /**
     * Four writers at once, two through each replica, each appending {@code batches} batches that {@code batch} makes
     * from the writer's own random source and the batch's number; every record is a function of its id, so
     * {@code stored} holds what the ledger must hold whichever replica's copy commits first.
     */
    private static void writeConcurrently(List<JdbcUsageStore> replicas, int batches, long seed,
                                          BiFunction<Random, Integer, List<UsageRecord>> batch,
                                          Map<String, UsageRecord> stored) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(seed + writer);
                    for (int b = 0; b < batches; b++) {
                        List<UsageRecord> records = batch.apply(random, b);
                        replicas.get(writer % 2).append(records);
                        records.forEach(r -> stored.putIfAbsent(r.id(), r));
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
    }

    private static Connection connect(PostgresDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
