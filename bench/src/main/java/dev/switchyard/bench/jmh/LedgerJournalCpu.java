package dev.switchyard.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.management.ThreadMXBean;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.journal.JournalSettings;
import dev.switchyard.core.usage.journal.JournaledLedger;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The journal's cost as CPU time, not wall time (which a machine shared with other builds inflates many times over),
 * per request: a STARTED and a FINISHED append on the appending thread (the event loop's share), against the JSON
 * encoding of the same two records alone (what the journal's entries cost when they were JSON); the drain thread's
 * CPU per entry it reads back into a store that keeps nothing (checksum and decode); the sync thread's CPU (20 ms
 * flushes); the bytes each of those two threads allocates. Also per request: the appending thread's minor page faults (the copy into a mapped page the last flush
 * cleaned faults again), and after each round the process's resident set and how much of it is journal pages still
 * mapped, of deleted segments among them; and, for comparison, the appending thread's CPU to write the same bytes by
 * {@code pwrite} instead of the mapped copy. Rounds 6 to 11 of 12 are printed (the first are JIT warm-up). Run as a
 * plain main class, see docs/benchmarks.md; {@code -Dbench.requests=N} sets requests per round (20,000).
 */
public final class LedgerJournalCpu {

    private LedgerJournalCpu() {
    }

    public static void main(String[] a) throws Exception {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Dimensions dims = new Dimensions("k3Jd9s0aQ1", "ws_4f7a", "my-agent", "9f86d081884c7d659a2feaa0c55ad015",
                "deepseek", "CN");
        UsageRecord st = new UsageRecord("gen-1a2B3c4D5e6F7g8H9i0J1k2L", 1_793_491_200_000L, "chat.completions",
                "deepseek/deepseek-v4-flash", "deepseek/deepseek-v4-flash", "deepseek", "deepseek-v4-flash", true, 0, "",
                "", Usage.NONE, Cost.ZERO, 0, -1, List.of(new AttemptRecord("deepseek", "deepseek-v4-flash", 0, "", 0)),
                dims);
        UsageRecord r = new UsageRecord("gen-1a2B3c4D5e6F7g8H9i0J1k2L", 1_793_491_200_000L, "chat.completions",
                "deepseek/deepseek-v4-flash", "deepseek/deepseek-v4-flash", "deepseek", "deepseek-v4-flash", true, 200,
                "", "stop", new Usage(1834, 412, 1024, 0, 96), new Cost(81_000_000, 452_000_000, 28_000_000, 0), 2841,
                312, List.of(new AttemptRecord("deepseek", "deepseek-v4-flash", 200, "", 2839)), dims);
        Path dir = Files.createTempDirectory("switchyard-journal-cpu");
        JournaledLedger l = JournaledLedger.open(new JournalSettings(dir, 8 << 20, 4L << 30, Duration.ofMillis(20)),
                new LedgerJournalBenchmark.NullStore(), 512);
        long perRequest = bytesPerRequest(dir, l, st, r);
        System.out.printf("bytes per request in the journal (2 entries, framed): %d%n", perRequest);
        Pwrite pwrite = new Pwrite(dir.resolve("pwrite.bin"), (int) (perRequest / 2));
        long drainId = threadId("switchyard-journal-drain");
        long syncId = threadId("switchyard-journal-sync");
        ObjectWriter w = new ObjectMapper().writerFor(UsageRecord.class);
        int n = Integer.getInteger("bench.requests", 20_000);
        for (int round = 0; round < 12; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long enc = 0;
            for (int i = 0; i < n; i++) {
                enc += w.writeValueAsBytes(st).length + w.writeValueAsBytes(r).length;
            }
            long drain0 = mx.getThreadCpuTime(drainId);
            long sync0 = mx.getThreadCpuTime(syncId);
            long drained0 = l.drain().drained();
            long f0 = minorFaults("/proc/thread-self/stat");
            long pf0 = minorFaults("/proc/self/stat");
            long drainAlloc0 = mx.getThreadAllocatedBytes(drainId);
            long a1 = mx.getCurrentThreadAllocatedBytes();
            long c1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                l.started(st);
                l.finished(r);
            }
            long c2 = mx.getCurrentThreadCpuTime();
            long a2 = mx.getCurrentThreadAllocatedBytes();
            long f1 = minorFaults("/proc/thread-self/stat");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (l.pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
            long p0 = mx.getCurrentThreadCpuTime();
            long pf = minorFaults("/proc/thread-self/stat");
            pwrite.requests(n);
            long p1 = mx.getCurrentThreadCpuTime();
            pf = minorFaults("/proc/thread-self/stat") - pf;
            long drained = l.drain().drained() - drained0;
            long drainCpu = mx.getThreadCpuTime(drainId) - drain0;
            long syncCpu = mx.getThreadCpuTime(syncId) - sync0;
            long drainAlloc = mx.getThreadAllocatedBytes(drainId) - drainAlloc0;
            long pf1 = minorFaults("/proc/self/stat");
            if (round >= 6) {
                long[] mapped = journalMapped(dir);
                System.out.printf("round %d: per request CPU: JSON encode only %.2f us, append %.2f us; drain %.2f us"
                        + " per entry (%d entries); allocated: appending thread %d B per request, drain %d B per entry;"
                        + " sync %.3f us; minor faults per request: appending thread %.3f,"
                        + " process %.3f; RSS %d MiB (file %d MiB), journal mapped %d MiB of which deleted %d MiB;"
                        + " stalls %d, refused %d, JSON bytes per entry ~%d; the same bytes by pwrite instead: %.2f us,"
                        + " %.3f faults per request%n",
                        round, (c1 - c0) / 1000.0 / n, (c2 - c1) / 1000.0 / n, drainCpu / 1000.0 / Math.max(1, drained),
                        drained, (a2 - a1) / n, drainAlloc / Math.max(1, drained), syncCpu / 1000.0 / n, (double) (f1 - f0) / n, (double) (pf1 - pf0) / n,
                        status("VmRSS") >> 10, status("RssFile") >> 10, mapped[0] >> 10, mapped[1] >> 10,
                        l.journal().stalls(), l.dropped(), enc / n / 2, (p1 - p0) / 1000.0 / n, (double) pf / n);
            }
        }
        l.close(Duration.ofSeconds(30));
        pwrite.close();
    }

    /**
     * The alternative to the mapped copy: each entry written by {@code FileChannel.write} at its position (pwrite(2),
     * into the page cache as well, so it survives the process's death too) in a preallocated 8 MiB file, wrapping.
     */
    private static final class Pwrite implements AutoCloseable {

        private static final int FILE = 8 << 20;
        private final FileChannel ch;
        private final ByteBuffer entry;
        private long pos;

        Pwrite(Path file, int entryBytes) throws IOException {
            ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            ch.write(ByteBuffer.allocate(FILE), 0);
            entry = ByteBuffer.allocateDirect(entryBytes);
            while (entry.hasRemaining()) {
                entry.put((byte) 'x');
            }
        }

        void requests(int n) throws IOException {
            for (int i = 0; i < 2 * n; i++) {
                if (pos + entry.capacity() > FILE) {
                    pos = 0;
                }
                entry.clear();
                pos += ch.write(entry, pos);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** Journal bytes of 1,000 requests: appended to the fresh journal's first segment, measured from its file. */
    private static long bytesPerRequest(Path dir, JournaledLedger l, UsageRecord st, UsageRecord r) throws IOException {
        Path first;
        try (Stream<Path> files = Files.list(dir)) {
            first = files.sorted().findFirst().orElseThrow();
        }
        for (int i = 0; i < 1_000; i++) {
            l.started(st);
            l.finished(r);
        }
        byte[] bytes = Files.readAllBytes(first);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end / 1_000;
    }

    private static long threadId(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no thread " + name)).threadId();
    }

    /** Field 10 of a {@code stat} file of /proc: minor faults. */
    private static long minorFaults(String stat) throws IOException {
        String s = Files.readString(Path.of(stat));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]);
    }

    /** A line of /proc/self/status in KiB. */
    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Resident KiB of the journal's mappings, and of those whose file is deleted, from /proc/self/smaps. */
    private static long[] journalMapped(Path dir) throws IOException {
        long total = 0;
        long deleted = 0;
        boolean journal = false;
        boolean gone = false;
        String prefix = dir.toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                journal = line.contains(prefix);
                gone = line.endsWith("(deleted)");
            } else if (journal && line.startsWith("Rss:")) {
                long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                total += kib;
                deleted += gone ? kib : 0;
            }
        }
        return new long[] {total, deleted};
    }
}
