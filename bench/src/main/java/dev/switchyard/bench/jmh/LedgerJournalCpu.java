package dev.switchyard.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.journal.JournalSettings;
import dev.switchyard.core.usage.journal.JournaledLedger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The journal's hot-path cost as CPU time of the appending thread (not wall time, which a machine shared with other
 * builds inflates many times over): per request, a STARTED and a FINISHED append, against the JSON encoding of the
 * same two records alone, with the sync thread (20 ms) and the drain (into a store that keeps nothing) running.
 * Rounds 6 to 11 of 12 are printed (the first are JIT warm-up). Run as a plain main class, see docs/benchmarks.md.
 */
public final class LedgerJournalCpu {

    private LedgerJournalCpu() {
    }

    public static void main(String[] a) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Dimensions dims = new Dimensions("k3Jd9s0aQ1", "ws_4f7a", "my-agent", "9f86d081884c7d659a2feaa0c55ad015",
                "deepseek", "CN");
        UsageRecord st = new UsageRecord("gen-1a2B3c4D5e6F7g8H9i0J1k2L", 1_793_491_200_000L, "chat.completions",
                "deepseek/deepseek-v4-flash", "deepseek/deepseek-v4-flash", "deepseek", "deepseek-v4-flash", true, 0, "",
                "", Usage.NONE, Cost.ZERO, 0, -1, List.of(new AttemptRecord("deepseek", "deepseek-v4-flash", 0, "", 0)), dims);
        UsageRecord r = new UsageRecord("gen-1a2B3c4D5e6F7g8H9i0J1k2L", 1_793_491_200_000L, "chat.completions",
                "deepseek/deepseek-v4-flash", "deepseek/deepseek-v4-flash", "deepseek", "deepseek-v4-flash", true, 200, "",
                "stop", new Usage(1834, 412, 1024, 0, 96), new Cost(81_000_000, 452_000_000, 28_000_000, 0), 2841, 312,
                List.of(new AttemptRecord("deepseek", "deepseek-v4-flash", 200, "", 2839)), dims);
        Path dir = Files.createTempDirectory("switchyard-journal-cpu");
        JournaledLedger l = JournaledLedger.open(new JournalSettings(dir, 8 << 20, 4L << 30, Duration.ofMillis(20)),
                new LedgerJournalBenchmark.NullStore(), 512);
        ObjectWriter w = new ObjectMapper().writerFor(UsageRecord.class);
        int n = 20_000;
        for (int round = 0; round < 12; round++) {
            long c0 = mx.getCurrentThreadCpuTime(); long enc = 0;
            for (int i = 0; i < n; i++) { enc += w.writeValueAsBytes(st).length + w.writeValueAsBytes(r).length; }
            long c1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) { l.started(st); l.finished(r); }
            long c2 = mx.getCurrentThreadCpuTime();
            Thread.sleep(200);
            if (round >= 6) {
                System.out.printf("round %d: per request (2 entries) CPU: encode only %.2f us, append %.2f us;"
                        + " stalls %d, refused %d, JSON bytes per entry ~%d%n", round, (c1 - c0) / 1000.0 / n, (c2 - c1) / 1000.0 / n, l.journal().stalls(), l.dropped(), enc / n / 2);
            }
        }
        l.close(Duration.ofSeconds(30));
    }
}
