package dev.switchyard.core.usage.journal;

import dev.switchyard.core.usage.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's write-ahead journal: every ledger record is in it before it is anywhere else.
 *
 * <h2>Why</h2>
 *
 * The ledger used to reach its store through an in-memory queue and a batching writer thread. A {@code kill -9}
 * under 2,200 requests a second lost the 73 answered records still in that queue, and the requests in flight,
 * which had already reached a provider (and would be billed by it), left no trace at all. The store cannot be
 * written on the request's path (a transaction costs far more than a request), so the records need a cheaper
 * durable home first: this journal. {@link JournalDrain} moves them from here into the store, and after a crash it
 * replays what the store had not committed.
 *
 * <h2>What is written, and when</h2>
 *
 * Two entries per request that reaches a provider, one for any other: {@link EntryKind#STARTED} when its first
 * attempt is dispatched (carrying the record to keep if it never finishes, marked interrupted), and
 * {@link EntryKind#FINISHED} with the final record when it ends. Both are appended on the event loop.
 *
 * <h2>Why an append is a memory copy, not a system call</h2>
 *
 * Segments are files mapped into memory ({@link Segment}). An append encodes the record ({@link Frames}: a
 * length-prefixed frame with a CRC32C checksum), takes a lock for the length of one {@code memcpy} of a few hundred
 * bytes, and returns. The copy lands in the operating system's page cache, which outlives the process, so a record
 * whose append has returned survives {@code kill -9} without waiting for anything: no queue between the event loop and
 * durability, no hand-off to another thread, no callback. The files are preallocated with zeros (writing into a hole
 * of a sparse file on a full disk would kill the process) and the next segment is prepared ahead by the sync thread,
 * so the event loop never creates a file or takes a page fault on a new one in the normal course.
 *
 * <h2>Power loss: group commit</h2>
 *
 * Surviving the loss of power needs the pages on the device. One small sync thread flushes ({@code msync}) what was
 * appended since its last pass, every {@link JournalSettings#syncInterval()}: a flush carries every record of the
 * interval, so its cost is per interval rather than per request. The window is therefore: on power loss, records
 * appended in the last interval (plus the flush in progress) may be lost; on a process crash, nothing appended is.
 * With a zero interval the journal never flushes itself and the operating system's write-back decides (typically
 * within 30 seconds).
 *
 * <h2>Bounded</h2>
 *
 * Segments are deleted once the drain has committed their records to the store (the checkpoint). When the store is
 * unreachable the drain keeps retrying and the journal keeps growing, which is the spool an outage needs, up to
 * {@link JournalSettings#maxBytes()}: the sync thread prepares a next segment only while one more fits under it.
 *
 * <h2>Full</h2>
 *
 * The journal is {@link #full()} from the moment it writes into the last segment the limit allows, until the drain
 * releases one (the store took its records). That last segment is a reserve, not a place for new work: requests
 * already in flight finish into it, while new ones follow {@link WhenFull} ({@link JournalGate}); only when it too is
 * used up are appends refused and counted ({@link #refused()}). Entering and leaving the state are logged once each
 * (ERROR, then WARN); {@code /metrics} and {@code /health} show it meanwhile.
 */
public final class LedgerJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerJournal.class);
    private static final int FIRST_SEGMENT_BYTES = 2 * JournalSettings.MIN_SEGMENT_BYTES;

    private final JournalSettings settings;
    private final Object lock = new Object();
    /** Every segment on disk, oldest first; the last is the active one. */
    private final CopyOnWriteArrayList<Segment> segments = new CopyOnWriteArrayList<>();
    private final long firstLiveSeq;
    private final long openedNanos = System.nanoTime();
    private final Thread syncThread;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    private Segment active;
    private long nextSeq;
    private volatile Segment standby;
    /** The sync thread is creating the standby segment (its bytes are spoken for). Under the lock. */
    private boolean preparing;
    private volatile boolean full;
    private volatile boolean closing;
    /** Closed: the segments are unmapped. Under the lock. */
    private boolean closed;

    private LedgerJournal(JournalSettings settings, List<Segment> earlier, long nextSeq) {
        this.settings = settings;
        this.segments.addAll(earlier);
        this.firstLiveSeq = nextSeq;
        this.nextSeq = nextSeq + 1;
        // a small first segment keeps opening cheap; the sync thread prepares a full-size one in the background as
        // soon as this one is used, or a second after start
        this.active = Segment.create(settings.dir(), nextSeq, Math.min(FIRST_SEGMENT_BYTES, settings.segmentBytes()));
        this.segments.add(active);
        synchronized (lock) {
            updateFull(); // segments left by an earlier run may already fill it
        }
        this.syncThread = Thread.ofPlatform().name("switchyard-journal-sync").daemon(true).unstarted(this::syncLoop);
        syncThread.start();
    }

    /**
     * Opens the journal in its directory (creating it if missing). Segments left by an earlier run are kept, sealed,
     * for the drain to replay; new entries go to a new segment. Blocking: call at start-up, off the event loop.
     */
    public static LedgerJournal open(JournalSettings settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            Files.createDirectories(settings.dir());
            List<Segment> earlier = new ArrayList<>();
            long max = 0;
            try (Stream<Path> files = Files.list(settings.dir())) {
                for (Path p : files.sorted().toList()) {
                    Segment.seqOf(p).ifPresent(seq -> earlier.add(Segment.openSealed(p, seq)));
                }
            }
            for (Segment s : earlier) {
                max = Math.max(max, s.seq());
            }
            if (!earlier.isEmpty()) {
                LOG.info("ledger journal: {} segment(s) from an earlier run to replay in {}", earlier.size(),
                        settings.dir());
            }
            return new LedgerJournal(settings, earlier, max + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("ledger journal: cannot open " + settings.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one entry; never blocks on I/O. Returns false (and counts it in {@link #refused()}) when the journal is
     * full or its disk failed.
     */
    public boolean append(EntryKind kind, UsageRecord record) {
        RecordCodec.Writer frame = Frames.frame(kind, record); // this thread's buffer: no allocation
        int length = frame.position();
        if (length > settings.segmentBytes()) {
            LOG.error("ledger journal: record {} of {} bytes is larger than a segment; not journaled", record.id(),
                    length);
            refused.incrementAndGet();
            return false;
        }
        synchronized (lock) {
            if (closed) {
                refused.incrementAndGet();
                return false;
            }
            if (!active.fits(length) && !roll()) {
                long n = refused.incrementAndGet();
                if (Long.bitCount(n) == 1) { // 1, 2, 4, 8...: the alarm itself was logged on entering the state
                    LOG.error("ledger journal: no room left ({} bytes on disk, limit {}): {} entr(ies) refused so"
                            + " far", bytes(), settings.maxBytes(), n);
                }
                return false;
            }
            active.put(frame.bytes(), length);
        }
        appended.incrementAndGet();
        return true;
    }

    /** Seals the active segment and starts the prepared one. Under the lock. */
    private boolean roll() {
        Segment next = standby;
        standby = null;
        if (next == null) {
            // the sync thread had not prepared one yet: create it here, rarely, if one more fits (counting the one
            // the sync thread may be creating right now)
            long spoken = segmentBytes() + (preparing ? settings.segmentBytes() : 0);
            if (spoken + settings.segmentBytes() > settings.maxBytes()) {
                updateFull();
                return false;
            }
            stalls.incrementAndGet();
            try {
                next = Segment.create(settings.dir(), nextSeq++, settings.segmentBytes());
            } catch (UncheckedIOException e) {
                LOG.error("ledger journal: {}", e.getMessage());
                return false;
            }
        }
        active.seal();
        active = next;
        segments.add(next);
        updateFull();
        LockSupport.unpark(syncThread);
        return true;
    }

    /**
     * Under the lock: the journal is full when it writes into the last segment its limit allows, that is when no
     * further segment is prepared, being prepared, or fits. Logs entering and leaving the state, once each.
     */
    private void updateFull() {
        boolean now = standby == null && !preparing
                && segmentBytes() + settings.segmentBytes() > settings.maxBytes();
        if (now == full) {
            return;
        }
        full = now;
        if (now) {
            LOG.error("ledger journal FULL: {} of {} bytes hold records the usage store has not taken (is it"
                    + " reachable?); requests in flight finish into the last segment, new requests are {}",
                    segmentBytes(), settings.maxBytes(), settings.whenFull() == WhenFull.REFUSE_REQUESTS
                            ? "refused with 503 (ledger.journal.when_full: refuse_requests)"
                            : "served without a ledger record once it is used up (ledger.journal.when_full:"
                            + " serve_unrecorded)");
        } else {
            LOG.warn("ledger journal has room again ({} of {} bytes): new requests are served and recorded",
                    segmentBytes(), settings.maxBytes());
        }
    }

    /** The bytes of the segments on disk, the standby aside. */
    private long segmentBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.capacity();
        }
        return total;
    }

    private void syncLoop() {
        long intervalNanos = settings.syncs() ? settings.syncInterval().toNanos() : TimeUnit.MILLISECONDS.toNanos(50);
        while (!closing) {
            LockSupport.parkNanos(intervalNanos);
            try {
                if (settings.syncs()) {
                    for (Segment s : segments) {
                        s.force();
                    }
                }
                if (standby == null && !closing
                        && (segments.getLast().published() > 0 || System.nanoTime() - openedNanos > 1_000_000_000L)) {
                    prepareStandby();
                }
            } catch (RuntimeException e) {
                LOG.error("ledger journal sync failed: {}", e.toString());
            }
        }
    }

    /** Creates the next segment ahead of need, if one more fits under the limit. On the sync thread. */
    private void prepareStandby() {
        long seq;
        synchronized (lock) {
            if (standby != null || preparing || segmentBytes() + settings.segmentBytes() > settings.maxBytes()) {
                return;
            }
            preparing = true;
            seq = nextSeq++;
        }
        Segment prepared = null;
        try {
            prepared = Segment.create(settings.dir(), seq, settings.segmentBytes());
        } finally {
            synchronized (lock) {
                if (closed && prepared != null) {
                    prepared.delete(); // closed meanwhile: nobody will use it
                    prepared = null;
                }
                standby = prepared;
                preparing = false;
                updateFull();
            }
        }
    }

    /** Segments from earlier runs have sequence numbers below this. */
    long firstLiveSeq() {
        return firstLiveSeq;
    }

    /** The segments on disk, oldest first; the last is active. */
    List<Segment> segments() {
        return segments;
    }

    /** Deletes a segment whose records are all in the store. Called by the drain. */
    void release(Segment segment) {
        if (!segment.sealed()) {
            throw new IllegalStateException("journal: the active segment " + segment + " cannot be released");
        }
        synchronized (lock) {
            segments.remove(segment);
            updateFull();
        }
        segment.delete();
        LockSupport.unpark(syncThread); // room for a standby again, perhaps
    }

    /** Entries appended since start. */
    public long appended() {
        return appended.get();
    }

    /** Entries refused because the journal was full or its disk failed. */
    public long refused() {
        return refused.get();
    }

    /** Times the event loop had to create a segment because none was prepared. */
    public long stalls() {
        return stalls.get();
    }

    /**
     * Whether the journal is writing into the last segment its size limit allows (an alarm: the store has not taken
     * records for a while, probably unreachable); new requests then follow {@link JournalSettings#whenFull()}.
     */
    public boolean full() {
        return full;
    }

    /** The journal's size on disk, in bytes. */
    public long bytes() {
        Segment sb = standby;
        return sb == null ? segmentBytes() : segmentBytes() + sb.capacity();
    }

    /** The most the journal may hold on disk. */
    public long maxBytes() {
        return settings.maxBytes();
    }

    /** What new requests get while the journal is full. */
    public WhenFull whenFull() {
        return settings.whenFull();
    }

    /** The segment files on disk. */
    public int segmentCount() {
        return segments.size();
    }

    /**
     * Flushes everything appended to the device, stops the sync thread (without waiting for a segment it may be
     * preparing: it deletes that one when done) and unmaps the segments; later appends are refused. The files stay,
     * for the next run. Call it after the drain is closed: the drain reads the mappings.
     */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(syncThread);
        try {
            syncThread.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            closed = true;
            for (Segment s : segments) {
                s.force();
                s.unmap(); // a mapping is not freed by the collector (Mapping): here, or at the process's end
            }
            Segment sb = standby;
            standby = null;
            if (sb != null) {
                sb.delete();
            }
        }
    }
}
