package dev.switchyard.bench.jmh;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQLite ledger's CPU per record as a function of the batch the journal's drain hands it (the drain's wait when
 * caught up decides that batch): CPU time of the appending thread, which load on a shared machine inflates far less
 * than wall time. 10,000 records per batch size and round, the records of the non-streamed rig (one model, one key);
 * rounds 2 and 3 are printed. Run as a plain main class, see docs/benchmarks.md ("Issue 14").
 */
public final class StoreBatchCpu {

    private StoreBatchCpu() {
    }

    public static void main(String[] a) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("store-batch-cpu");
        try (JdbcUsageStore store = JdbcUsageStore.sqlite(dir.resolve("ledger.db"))) {
            long id = 0;
            long t = System.currentTimeMillis();
            for (int round = 1; round <= 3; round++) {
                for (int batch : new int[] {10, 25, 50, 100, 250}) {
                    int n = 10_000;
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int done = 0; done < n; done += batch) {
                        List<UsageRecord> records = new ArrayList<>(batch);
                        for (int i = 0; i < batch; i++) {
                            records.add(new UsageRecord(String.format("gen-%012d%016d", t, id++), t,
                                    "chat.completions", "bench/fast", "bench/fast", "fast", "fast", false, 200, "",
                                    "stop", new Usage(9, 1, 0, 0, 0), new Cost(9_000_000L, 2_000_000L, 0L, 0L), 1, 1,
                                    List.of(new AttemptRecord("fast", "fast", 200, "", 1)),
                                    new Dimensions("k_bench", "bench", "", "", "bench", "")));
                        }
                        store.append(records);
                    }
                    long c1 = mx.getCurrentThreadCpuTime();
                    if (round >= 2) {
                        System.out.printf("round %d, batches of %3d: %.1f us CPU per record%n", round, batch,
                                (c1 - c0) / 1e3 / n);
                    }
                }
            }
        }
    }
}
