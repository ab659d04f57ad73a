package dev.switchyard.core.usage.journal;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the journal's records into the {@link UsageStore}, in order, and deletes the segments whose records are all
 * committed (the checkpoint).
 *
 * <h2>Reading the journal, not a queue</h2>
 *
 * The drain follows the journal files from a cursor, as a database's log shipper does, instead of taking records
 * from an in-memory queue: the journal is the only buffer, so a slow or unreachable store never drops a record (the
 * journal grows, and is the spool), and the first run after a crash replays the earlier run's segments through the
 * same loop. Reading back costs a checksum and a decode per entry ({@link Frames}), on this thread, off the event loop.
 *
 * <h2>Exactly once</h2>
 *
 * The store's append is idempotent by generation id, and adds a record to the rollups only when its row was really
 * inserted, in the same transaction ({@link UsageStore#append}). A record replayed twice (the process died after the
 * store committed but before the segment was deleted) is therefore a no-op, and nothing is counted twice.
 *
 * <h2>Requests in flight, and the interrupted ones</h2>
 *
 * A {@link EntryKind#STARTED} entry stays open until its {@link EntryKind#FINISHED} entry is read. Before a segment is
 * deleted, the entries still open in it are appended again to the journal (carried forward), so a long stream does
 * not pin its segment and is never forgotten. Entries left open by an earlier run can never finish: when the drain
 * has read every segment of that run, it appends their records to the store marked interrupted
 * ({@link #interrupted}), after the finished records, so that an id whose final record is already stored keeps it.
 *
 * <h2>An unreachable store</h2>
 *
 * A failed append is retried with a capped exponential backoff (50 ms to 5 s) for as long as it fails; the journal
 * keeps taking records meanwhile. {@link #storeFailing()} and {@link #lag()} say so in {@code /health} and
 * {@code /metrics}; the first failure and the recovery are logged once each.
 */
public final class JournalDrain implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalDrain.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** The error class and finish reason of a request that never finished because the gateway stopped. */
    public static final String INTERRUPTED = "interrupted";

    /**
     * The status of an interrupted record: 500, the gateway failed the request (it stopped), so rollups count it
     * among the errors. The client saw no status, or a reset stream.
     */
    public static final int INTERRUPTED_STATUS = 500;

    private final LedgerJournal journal;
    private final UsageStore store;
    private final int batchSize;
    private final long idleNanos;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private final AtomicLong interruptedCount = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();
    private final AtomicLong drainedLive = new AtomicLong();
    private boolean earlierRunOpen = true;
    private volatile boolean storeFailing;
    private volatile boolean closing;
    private volatile boolean caughtUp;

    /** Open STARTED entries: id → (record, segment it is in). */
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** Ids carried forward whose re-appended STARTED entry has not been read back yet. */
    private final Set<String> carried = new HashSet<>();

    private record Open(UsageRecord record, long seq) {
    }

    /**
     * @param journal where records are read from
     * @param store where they go
     * @param batchSize how many records one store append carries at most
     * @param idle how long the drain waits for new entries when it has read them all
     */
    public JournalDrain(LedgerJournal journal, UsageStore store, int batchSize, Duration idle) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.store = Objects.requireNonNull(store, "store");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: " + batchSize + " (expected: >= 1)");
        }
        this.batchSize = batchSize;
        this.idleNanos = idle.toNanos();
        this.thread = Thread.ofPlatform().name("switchyard-journal-drain").daemon(true).unstarted(this::run);
    }

    /** Starts draining (and, first, replaying what an earlier run left). */
    public JournalDrain start() {
        thread.start();
        return this;
    }

    /**
     * The record kept for a request that reached a provider and never finished: the request as it was dispatched, with
     * status {@value #INTERRUPTED_STATUS} and error class and finish reason {@value #INTERRUPTED} (the store flags it
     * in its {@code interrupted} column). Its tokens are unknown, so it counts none.
     */
    public static UsageRecord interrupted(UsageRecord started) {
        List<AttemptRecord> attempts = started.attempts().stream()
                .map(a -> new AttemptRecord(a.providerId(), a.upstreamModel(), a.status(),
                        a.errorClass().isEmpty() ? INTERRUPTED : a.errorClass(), a.durationMillis()))
                .toList();
        return new UsageRecord(started.id(), started.createdAtMillis(), started.api(), started.modelRequested(),
                started.modelServed(), started.providerId(), started.upstreamModel(), started.streamed(),
                INTERRUPTED_STATUS, INTERRUPTED, INTERRUPTED, started.usage(), started.cost(), started.latencyMillis(),
                started.ttftMillis(), attempts, started.dimensions());
    }

    private void run() {
        Frames.warmUp(); // the codec's first use loads its classes: here, not on the event loop's first append
        Segment current = null;
        int pos = 0;
        List<UsageRecord> batch = new ArrayList<>(batchSize);
        List<Segment> done = new ArrayList<>();
        while (true) {
            if (current == null) {
                List<Segment> segments = journal.segments();
                if (segments.isEmpty()) {
                    return;
                }
                current = segments.getFirst();
                pos = 0;
            }
            if (earlierRunOpen && current.seq() >= journal.firstLiveSeq()) {
                // every segment of the earlier run is read: what it left open was interrupted by its end
                if (!flush(batch)) {
                    return;
                }
                finishEarlierRun();
                earlierRunOpen = false;
            }
            boolean sealed = current.sealed(); // before the end: once sealed, the end read after it is final
            int limit = current.published();
            ByteBuffer view = current.view();
            boolean end = false;
            while (batch.size() < batchSize) {
                Frames.Read read = Frames.read(view, pos, limit);
                if (read instanceof Frames.Valid v) {
                    accept(v.entry(), current.seq(), batch);
                    pos = v.next();
                } else if (read instanceof Frames.Damaged d) {
                    pos = skipDamage(current, view, pos, limit, d);
                } else {
                    end = true;
                    break;
                }
            }
            if (end && sealed) {
                Segment next = after(journal.segments(), current);
                if (next != null) {
                    done.add(current);
                    current = next;
                    pos = 0;
                    continue;
                }
            }
            boolean committed = flush(batch);
            if (committed) {
                checkpoint(done);
            }
            if (end) {
                caughtUp = committed && done.isEmpty() && lag() == 0;
                if (closing) {
                    return;
                }
                LockSupport.parkNanos(idleNanos);
            }
        }
    }

    private int skipDamage(Segment segment, ByteBuffer view, int pos, int limit, Frames.Damaged d) {
        damaged.incrementAndGet();
        Optional<Integer> next = Frames.resync(view, pos, limit);
        LOG.warn("ledger journal: {} at byte {} of {} ({}); {}", d.why(), pos, segment,
                segment.seq() < journal.firstLiveSeq() ? "a torn tail left by a crash, or damage" : "damage",
                next.map(n -> "skipped " + (n - pos) + " bytes to the next valid entry")
                        .orElse("no valid entry after it"));
        return next.orElse(limit);
    }

    private static Segment after(List<Segment> segments, Segment s) {
        int i = segments.indexOf(s);
        return i >= 0 && i + 1 < segments.size() ? segments.get(i + 1) : null;
    }

    private void accept(Entry entry, long seq, List<UsageRecord> batch) {
        drained.incrementAndGet();
        if (seq >= journal.firstLiveSeq()) {
            drainedLive.incrementAndGet();
        }
        UsageRecord r = entry.record();
        switch (entry.kind()) {
            case STARTED -> {
                if (carried.remove(r.id())) {
                    open.computeIfPresent(r.id(), (id, o) -> new Open(o.record(), seq));
                } else {
                    open.put(r.id(), new Open(r, seq));
                }
            }
            case FINISHED -> {
                open.remove(r.id());
                batch.add(r);
            }
        }
    }

    /** The earlier run's open entries: its requests in flight when it stopped. */
    private void finishEarlierRun() {
        List<UsageRecord> interrupted = new ArrayList<>();
        open.values().removeIf(o -> {
            if (o.seq() < journal.firstLiveSeq()) {
                interrupted.add(interrupted(o.record()));
                return true;
            }
            return false;
        });
        carried.clear();
        if (!interrupted.isEmpty()) {
            for (int i = 0; i < interrupted.size(); i += batchSize) {
                flush(new ArrayList<>(interrupted.subList(i, Math.min(interrupted.size(), i + batchSize))));
            }
            interruptedCount.addAndGet(interrupted.size());
            LOG.warn("ledger journal: {} request(s) were in flight at a provider when the gateway stopped;"
                    + " recorded as interrupted", interrupted.size());
        }
    }

    /** Appends the batch to the store, retrying with backoff until it is committed (or the drain is closed). */
    private boolean flush(List<UsageRecord> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        long backoff = 50;
        int failures = 0;
        while (true) {
            try {
                store.append(batch);
                written.addAndGet(batch.size());
                batch.clear();
                if (failures > 0) {
                    storeFailing = false;
                    LOG.warn("usage store reachable again after {} failed append(s); the journal is replaying",
                            failures);
                }
                return true;
            } catch (RuntimeException e) {
                failures++;
                if (failures == 1) {
                    storeFailing = true;
                    LOG.error("usage store append failed; records stay in the journal and are retried: {}",
                            e.toString());
                }
                if (closing && backoff >= 1_000) {
                    LOG.error("usage store still unreachable at shutdown: {} record(s) stay in the journal for the"
                            + " next start", batch.size());
                    batch.clear(); // they are in the journal; the next run replays them
                    return false;
                }
                LockSupport.parkNanos(backoff * 1_000_000);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Deletes the segments read to the end whose records are committed, carrying their open entries forward. */
    private void checkpoint(List<Segment> done) {
        if (done.isEmpty() || earlierRunOpen) {
            return; // an earlier run's segments go only once its open entries are recorded as interrupted
        }
        for (Segment s : done) {
            List<UsageRecord> carry = new ArrayList<>();
            for (Map.Entry<String, Open> e : open.entrySet()) {
                if (e.getValue().seq() == s.seq()) {
                    carry.add(e.getValue().record());
                }
            }
            for (UsageRecord r : carry) {
                if (journal.append(EntryKind.STARTED, r)) {
                    carried.add(r.id());
                } else {
                    LOG.error("ledger journal: could not carry the open request {} forward; {} kept", r.id(), s);
                    return;
                }
            }
            journal.release(s);
        }
        done.clear();
    }

    /** Records committed to the store. */
    public long written() {
        return written.get();
    }

    /** Journal entries read so far. */
    public long drained() {
        return drained.get();
    }

    /** Entries appended to the journal by this run and not read by the drain yet. */
    public long lag() {
        return Math.max(0, journal.appended() - drainedLive.get());
    }

    /** Requests recorded as interrupted after a restart. */
    public long interruptedCount() {
        return interruptedCount.get();
    }

    /** Frames found torn or damaged and skipped. */
    public long damaged() {
        return damaged.get();
    }

    /** Whether the store is refusing appends right now (records are kept in the journal meanwhile). */
    public boolean storeFailing() {
        return storeFailing;
    }

    /** Whether everything journaled so far is committed to the store. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Drains what is journaled (waiting up to {@code wait}), then stops; what is left stays in the journal. */
    public void close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!caughtUp && journal.appended() > 0 && System.nanoTime() < deadline && thread.isAlive()) {
            LockSupport.parkNanos(5_000_000);
        }
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(journal.appended() > 0 ? Math.max(1, wait.toMillis()) : 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
