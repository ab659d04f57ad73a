package dev.switchyard.core.usage.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal and its drain against an in-memory store: records reach the store once, segments are released once
 * committed, a crash's open requests become interrupted records, a torn tail is skipped, and an unreachable store
 * loses nothing.
 */
class LedgerJournalTest {

    @TempDir
    Path dir;

    private JournalSettings settings(int segmentBytes) {
        return new JournalSettings(dir.resolve("journal"), segmentBytes, 64L * segmentBytes, Duration.ofMillis(5));
    }

    static UsageRecord record(String id, int status) {
        return new UsageRecord(id, 1_764_000_000_000L, "chat.completions", "deepseek-chat", "deepseek/deepseek-flash",
                "deepseek", "deepseek-flash", true, status, "", "stop", new Usage(100, 20, 30, 5, 7),
                new Cost(1, 2, 3, 4), 1234, 56, List.of(new AttemptRecord("deepseek", "deepseek-flash", 200, "", 1200)),
                new Dimensions("key1", "ws1", "app", "", "deepseek", "CN"));
    }

    static UsageRecord started(String id) {
        return new UsageRecord(id, 1_764_000_000_000L, "chat.completions", "deepseek-chat", "deepseek/deepseek-flash",
                "deepseek", "deepseek-flash", true, 0, "", "", Usage.NONE, Cost.ZERO, 0, -1,
                List.of(new AttemptRecord("deepseek", "deepseek-flash", 0, "", 0)), Dimensions.NONE);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private long files() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("journal"))) {
            return s.filter(p -> p.toString().endsWith(".journal")).count();
        }
    }

    @Test
    void finishedRecordsReachTheStoreOnceAndCommittedSegmentsAreDeleted() throws Exception {
        MemoryStore store = new MemoryStore();
        LedgerJournal journal = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain drain = new JournalDrain(journal, store, 64, Duration.ofMillis(2)).start();
        int n = 6_000; // about 3.4 MB of entries: several segments of 1 MiB
        for (int i = 0; i < n; i++) {
            assertThat(journal.append(EntryKind.STARTED, started("gen-" + i))).isTrue();
            assertThat(journal.append(EntryKind.FINISHED, record("gen-" + i, 200))).isTrue();
        }
        await(() -> store.rows.size() == n && drain.caughtUp());
        assertThat(store.inserted.get()).isEqualTo(n);
        assertThat(store.find("gen-17")).contains(record("gen-17", 200));
        await(() -> journal.segmentCount() <= 2);
        drain.close();
        journal.close();
        assertThat(files()).isLessThanOrEqualTo(2);
        assertThat(journal.append(EntryKind.FINISHED, record("gen-late", 200))).as("refused once closed").isFalse();
    }

    @Test
    void aCrashLeavesOpenRequestsThatTheNextRunRecordsAsInterrupted() throws Exception {
        LedgerJournal first = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        first.append(EntryKind.STARTED, started("gen-done"));
        first.append(EntryKind.FINISHED, record("gen-done", 200));
        first.append(EntryKind.STARTED, started("gen-in-flight"));
        first.append(EntryKind.FINISHED, record("gen-no-provider", 404));
        first.close(); // no drain ran: as if the process died with everything still only in the journal

        MemoryStore store = new MemoryStore();
        LedgerJournal second = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain drain = new JournalDrain(second, store, 64, Duration.ofMillis(2)).start();
        await(() -> store.rows.size() == 3 && drain.caughtUp());
        assertThat(store.find("gen-done").orElseThrow().status()).isEqualTo(200);
        assertThat(store.find("gen-no-provider").orElseThrow().status()).isEqualTo(404);
        UsageRecord interrupted = store.find("gen-in-flight").orElseThrow();
        assertThat(interrupted.errorClass()).isEqualTo(JournalDrain.INTERRUPTED);
        assertThat(interrupted.providerId()).isEqualTo("deepseek");
        assertThat(interrupted.attempts()).singleElement()
                .satisfies(a -> assertThat(a.errorClass()).isEqualTo(JournalDrain.INTERRUPTED));
        assertThat(drain.interruptedCount()).isEqualTo(1);
        await(() -> second.segmentCount() == 1); // the earlier run's segment is released once replayed
        drain.close();
        second.close();
    }

    @Test
    void replayingWhatTheStoreAlreadyHasCountsNothingTwice() throws Exception {
        MemoryStore store = new MemoryStore();
        LedgerJournal first = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain drain = new JournalDrain(first, store, 64, Duration.ofMillis(2)).start();
        for (int i = 0; i < 50; i++) {
            first.append(EntryKind.FINISHED, record("gen-" + i, 200));
        }
        await(() -> store.rows.size() == 50 && drain.caughtUp());
        drain.close();
        first.close(); // the active segment stays: the next run replays it

        LedgerJournal second = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain again = new JournalDrain(second, store, 64, Duration.ofMillis(2)).start();
        await(() -> store.offered.get() == 100 && again.caughtUp());
        assertThat(store.inserted.get()).isEqualTo(50);
        again.close();
        second.close();
    }

    @Test
    void aTornTailIsSkippedAndWhatCameBeforeItIsKept() throws Exception {
        LedgerJournal first = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        first.append(EntryKind.FINISHED, record("gen-a", 200));
        first.append(EntryKind.FINISHED, record("gen-b", 200));
        first.close();
        Path segment;
        try (Stream<Path> s = Files.list(dir.resolve("journal"))) {
            segment = s.filter(p -> p.toString().endsWith(".journal")).findFirst().orElseThrow();
        }
        long end = Frames.encode(EntryKind.FINISHED, record("gen-a", 200)).length
                + Frames.encode(EntryKind.FINISHED, record("gen-b", 200)).length;
        byte[] half = Frames.encode(EntryKind.FINISHED, record("gen-torn", 200));
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(end);
            f.write(half, 0, half.length / 2); // the process died in the middle of a copy
        }

        MemoryStore store = new MemoryStore();
        LedgerJournal second = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain drain = new JournalDrain(second, store, 64, Duration.ofMillis(2)).start();
        await(() -> store.rows.size() == 2 && drain.caughtUp());
        assertThat(store.rows).containsOnlyKeys("gen-a", "gen-b");
        assertThat(drain.damaged()).isEqualTo(1);
        drain.close();
        second.close();
    }

    @Test
    void anUnreachableStoreKeepsRecordsInTheJournalAndTheyArriveOnceWhenItReturns() throws Exception {
        MemoryStore store = new MemoryStore();
        store.down = true;
        LedgerJournal journal = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain drain = new JournalDrain(journal, store, 64, Duration.ofMillis(2)).start();
        for (int i = 0; i < 6_000; i++) { // about 1.7 MB: more than a segment of 1 MiB
            journal.append(EntryKind.FINISHED, record("gen-" + i, 200));
        }
        await(() -> store.failures.get() >= 2 && drain.storeFailing());
        assertThat(store.rows).isEmpty();
        assertThat(journal.segmentCount()).as("the journal holds them meanwhile").isGreaterThan(1);
        store.down = false;
        await(() -> store.rows.size() == 6_000 && drain.caughtUp());
        assertThat(drain.storeFailing()).isFalse();
        assertThat(store.inserted.get()).isEqualTo(6_000);
        await(() -> journal.segmentCount() <= 2);
        drain.close();
        journal.close();
    }

    @Test
    void aLongRequestIsCarriedForwardWhenItsSegmentIsReleased() throws Exception {
        MemoryStore store = new MemoryStore();
        LedgerJournal first = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain drain = new JournalDrain(first, store, 64, Duration.ofMillis(2)).start();
        first.append(EntryKind.STARTED, started("gen-long"));
        for (int i = 0; i < 6_000; i++) {
            first.append(EntryKind.FINISHED, record("gen-" + i, 200));
        }
        await(() -> store.rows.size() == 6_000 && drain.caughtUp());
        await(() -> first.segmentCount() <= 2); // the STARTED entry's segment is gone
        drain.close(); // then the process dies with gen-long still running
        first.close();

        LedgerJournal second = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain again = new JournalDrain(second, store, 64, Duration.ofMillis(2)).start();
        await(() -> store.rows.containsKey("gen-long") && again.caughtUp());
        assertThat(store.find("gen-long").orElseThrow().errorClass()).isEqualTo(JournalDrain.INTERRUPTED);
        assertThat(store.inserted.get()).isEqualTo(6_001);
        again.close();
        second.close();
    }

    @Test
    void aFullJournalStaysWithinItsLimitKeepsItsLastSegmentForRequestsInFlightAndRecoversWhenTheStoreReturns()
            throws Exception {
        int segment = JournalSettings.MIN_SEGMENT_BYTES;
        long limit = 3L * segment;
        MemoryStore store = new MemoryStore();
        store.down = true;
        LedgerJournal journal = LedgerJournal.open(new JournalSettings(dir.resolve("journal"), segment, limit,
                Duration.ofMillis(2)));
        JournalDrain drain = new JournalDrain(journal, store, 64, Duration.ofMillis(2)).start();
        int i = 0;
        while (!journal.full()) {
            assertThat(journal.append(EntryKind.FINISHED, record("gen-" + i++, 200))).as("room before full").isTrue();
            assertThat(i).as("full within the limit's worth of records").isLessThan(20_000);
            Thread.onSpinWait();
            if (i % 500 == 0) {
                Thread.sleep(5); // let the sync thread prepare the next segment, as it would between requests
            }
        }
        int whenFull = i;
        assertThat(journal.bytes()).as("never beyond the limit").isLessThanOrEqualTo(limit);
        int reserve = 0;
        while (journal.append(EntryKind.FINISHED, record("gen-" + i++, 200))) {
            reserve++; // requests in flight when it filled still finish into the last segment
        }
        assertThat(reserve).as("the last segment is a reserve").isGreaterThan(100);
        assertThat(journal.refused()).isEqualTo(1);
        assertThat(journal.bytes()).isLessThanOrEqualTo(limit);
        assertThat(files()).isLessThanOrEqualTo(3);
        assertThat(journal.full()).isTrue();

        store.down = false;
        int journaled = whenFull + reserve;
        await(() -> !journal.full());
        await(() -> store.rows.size() == journaled);
        assertThat(journal.append(EntryKind.FINISHED, record("gen-after", 200))).isTrue();
        drain.close();
        journal.close();
    }

    /** The record with text beyond ASCII and two attempts in the JSON journal of the version before (the fixture). */
    static UsageRecord v0Unicode() {
        return new UsageRecord("gen-v0-unicode", 1_764_000_000_001L, "messages", "claude-sonnet",
                "anthropic/claude-sonnet-4", "anthropic", "claude-sonnet-4-20250514", false, 200, "", "end_turn",
                new Usage(12, 34, 0, 0, 0, true), new Cost(5, 6, 0, 0), 77, -1,
                List.of(new AttemptRecord("anthropic", "claude-sonnet-4-20250514", 529, "http_529", 10),
                        new AttemptRecord("anthropic", "claude-sonnet-4-20250514", 200, "", 60)),
                new Dimensions("key2", "ws2", "Äpp ✓ 🚀", "u-hash", "anthropic", "US"));
    }

    @Test
    void aJournalWrittenAsJsonByTheVersionBeforeReplaysAfterTheUpgrade() throws Exception {
        // written by commit d9c3065 (entries as JSON): two finished requests, one finished without a provider, one in
        // flight when it stopped; the trailing zeros of the preallocated segment cut off
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        try (InputStream in = getClass().getResourceAsStream("/journal-v0-json/ledger-000000000001.journal")) {
            Files.copy(in, journalDir.resolve("ledger-000000000001.journal"));
        }
        MemoryStore store = new MemoryStore();
        LedgerJournal journal = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain drain = new JournalDrain(journal, store, 64, Duration.ofMillis(2)).start();
        journal.append(EntryKind.STARTED, started("gen-new"));
        journal.append(EntryKind.FINISHED, record("gen-new", 200)); // this version's entries follow the old ones
        await(() -> store.rows.size() == 5 && drain.caughtUp());
        assertThat(store.find("gen-v0-done")).contains(record("gen-v0-done", 200));
        assertThat(store.find("gen-v0-unicode")).contains(v0Unicode());
        assertThat(store.find("gen-v0-no-provider")).contains(record("gen-v0-no-provider", 404));
        assertThat(store.find("gen-v0-in-flight")).contains(JournalDrain.interrupted(started("gen-v0-in-flight")));
        assertThat(store.find("gen-new")).contains(record("gen-new", 200));
        assertThat(drain.damaged()).isZero();
        assertThat(drain.interruptedCount()).isEqualTo(1);
        await(() -> journal.segmentCount() == 1); // the old segment is released once replayed
        drain.close();
        journal.close();
    }

    @Test
    void aReleasedSegmentIsUnmappedAtOnceNotWhenTheCollectorFreesItsBuffer() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        Assumptions.assumeTrue(Files.isReadable(maps), "reads the process's mappings from Linux's /proc");
        MemoryStore store = new MemoryStore();
        LedgerJournal journal = LedgerJournal.open(settings(JournalSettings.MIN_SEGMENT_BYTES));
        JournalDrain drain = new JournalDrain(journal, store, 64, Duration.ofMillis(2)).start();
        Set<Segment> held = new HashSet<>(); // reachable to the end: only an explicit unmap frees their mappings
        int n = 6_000;
        for (int i = 0; i < n; i++) {
            journal.append(EntryKind.STARTED, started("gen-" + i));
            journal.append(EntryKind.FINISHED, record("gen-" + i, 200));
            if (i % 200 == 0) {
                held.addAll(journal.segments());
            }
        }
        await(() -> store.rows.size() == n && drain.caughtUp());
        await(() -> journal.segmentCount() <= 2);
        assertThat(held).as("segments were released").hasSizeGreaterThan(journal.segmentCount());
        String journalDir = dir.resolve("journal").toString();
        List<String> mapped = Files.readAllLines(maps).stream().filter(l -> l.contains(journalDir)).toList();
        assertThat(mapped).as("no mapping of a deleted segment left").noneMatch(l -> l.endsWith("(deleted)"))
                .hasSizeLessThanOrEqualTo(3); // the active segment, the one before it, the standby
        drain.close();
        journal.close();
        assertThat(Files.readAllLines(maps)).as("a closed journal leaves nothing mapped (its files stay)")
                .noneMatch(l -> l.contains(journalDir));
        assertThat(files()).isPositive();
    }
}
