package dev.switchyard.core.usage.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the ledger journal is kept.
 *
 * @param dir the directory of its segment files (created if missing)
 * @param segmentBytes the size of one segment file
 * @param maxBytes the most the journal may hold on disk; beyond it new entries are refused (and counted)
 * @param syncInterval how often the sync thread flushes new entries to the device; {@link Duration#ZERO} leaves it
 *     to the operating system (a process crash still loses nothing; a power loss may lose what the OS had not written)
 * @param whenFull what new requests get while the journal is full
 */
public record JournalSettings(Path dir, int segmentBytes, long maxBytes, Duration syncInterval, WhenFull whenFull) {

    /** The smallest segment: big enough for any record. */
    public static final int MIN_SEGMENT_BYTES = 1 << 20;

    public JournalSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(whenFull, "whenFull");
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes: " + segmentBytes + " (expected: >= " + MIN_SEGMENT_BYTES
                    + ")");
        }
        if (maxBytes < 2L * segmentBytes) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= two segments, "
                    + 2L * segmentBytes + ")");
        }
        if (syncInterval.isNegative()) {
            throw new IllegalArgumentException("syncInterval: " + syncInterval + " (expected: >= 0)");
        }
    }

    /** The same, refusing new requests while full (the default policy). */
    public JournalSettings(Path dir, int segmentBytes, long maxBytes, Duration syncInterval) {
        this(dir, segmentBytes, maxBytes, syncInterval, WhenFull.REFUSE_REQUESTS);
    }

    /** Whether entries are flushed to the device on a timer (else only by the operating system). */
    public boolean syncs() {
        return !syncInterval.isZero();
    }
}
