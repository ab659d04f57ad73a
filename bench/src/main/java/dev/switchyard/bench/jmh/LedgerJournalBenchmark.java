package dev.switchyard.bench.jmh;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.core.usage.journal.EntryKind;
import dev.switchyard.core.usage.journal.JournalSettings;
import dev.switchyard.core.usage.journal.JournaledLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ledger write-ahead journal on the hot path: what one request costs the event loop (a STARTED and a FINISHED
 * append of a realistic record: JSON encoding, CRC32C, one copy into the mapped segment under the lock), with the
 * journal's own threads running as in the gateway: the sync thread flushing every {@code syncMs} (0 = never) and the
 * drain reading every entry back into a store that discards them (so the store's own cost, measured by
 * {@link LedgerWriteBenchmark}, is not in this figure). Each operation also burns {@value #WORK} JMH tokens of CPU,
 * the rest of a request, so that entries arrive at a gateway's rate and the segment roll, the flushes and the drain
 * run as they would; the journal's cost per request is {@code request - baseline}. With {@code -t 2}: two event loops
 * contending for the lock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LedgerJournalBenchmark {

    /** About 15-20 µs of CPU: a gateway core serves some 14,000 requests a second (docs/benchmarks.md). */
    static final long WORK = 10_000;

    @Param({"20", "0"})
    public int syncMs;

    private Path dir;
    private JournaledLedger ledger;
    private UsageRecord started;
    private UsageRecord finished;

    /** A store that keeps nothing: the drain's reading is measured, not SQLite. */
    static final class NullStore implements UsageStore {
        @Override
        public void append(List<UsageRecord> records) {
        }

        @Override
        public Optional<UsageRecord> find(String id) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    /** One journal for the run: the drain keeps up at this rate, and releases the segments it has read. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("switchyard-journal-bench");
        ledger = JournaledLedger.open(new JournalSettings(dir, 8 << 20, 4L << 30, Duration.ofMillis(syncMs)),
                new NullStore(), 512);
        Dimensions dims = new Dimensions("k3Jd9s0aQ1", "ws_4f7a", "my-agent", "9f86d081884c7d659a2feaa0c55ad015",
                "deepseek", "CN");
        started = new UsageRecord("gen-1a2B3c4D5e6F7g8H9i0J1k2L", 1_793_491_200_000L, "chat.completions",
                "deepseek/deepseek-v4-flash", "deepseek/deepseek-v4-flash", "deepseek", "deepseek-v4-flash", true, 0,
                "", "", Usage.NONE, Cost.ZERO, 0, -1, List.of(new AttemptRecord("deepseek", "deepseek-v4-flash", 0, "",
                0)), dims);
        finished = new UsageRecord(started.id(), started.createdAtMillis(), started.api(), started.modelRequested(),
                started.modelServed(), started.providerId(), started.upstreamModel(), true, 200, "", "stop",
                new Usage(1834, 412, 1024, 0, 96), new Cost(81_000_000, 452_000_000, 28_000_000, 0), 2841, 312,
                List.of(new AttemptRecord("deepseek", "deepseek-v4-flash", 200, "", 2839)), dims);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (ledger.dropped() > 0 || ledger.journal().stalls() > 0) {
            System.out.println("WARNING: " + ledger.dropped() + " entries refused (journal full), "
                    + ledger.journal().stalls() + " segment(s) created on the appending thread: figure not steady");
        }
        ledger.close(Duration.ofSeconds(30));
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The rest of a request's work on its event loop, so entries arrive at a gateway's rate, not a loop's. */
    @Benchmark
    public void baseline() {
        Blackhole.consumeCPU(WORK);
    }

    /** One request: its other work, then its STARTED and FINISHED entries. */
    @Benchmark
    public boolean request() {
        Blackhole.consumeCPU(WORK);
        return ledger.started(started) & ledger.finished(finished);
    }

    /** One request that never reached a provider: its other work and a FINISHED entry. */
    @Benchmark
    public boolean finishedOnly() {
        Blackhole.consumeCPU(WORK);
        return ledger.journal().append(EntryKind.FINISHED, finished);
    }
}
