package dev.switchyard.server;

import dev.switchyard.core.usage.journal.JournalSettings;
import dev.switchyard.core.usage.journal.WhenFull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ledger.journal}: the ledger's write-ahead journal (docs/reliability.md, "Crash safety").
 *
 * @param enabled whether ledger records go through the journal (else straight to the in-memory writer queue, which
 *     a crash empties)
 * @param dir where its segment files live; empty: {@code <data_dir>/journal}
 * @param syncInterval how often new entries are flushed to the device (the power-loss window); zero leaves it to the
 *     operating system
 * @param segmentBytes the size of one segment file
 * @param maxBytes the most the journal may hold (it grows while the store is unreachable); it is full once it
 *     writes into the last segment this allows
 * @param whenFull what new requests get while it is full (decision 0022)
 */
public record JournalConfig(boolean enabled, Optional<Path> dir, Duration syncInterval, long segmentBytes,
                            long maxBytes, WhenFull whenFull) {

    /** On, in the data directory, flushed every 20 ms, 8 MiB segments, at most 1 GiB, refusing requests when full. */
    public static final JournalConfig DEFAULT = new JournalConfig(true, Optional.empty(), Duration.ofMillis(20),
            8L << 20, 1L << 30, WhenFull.REFUSE_REQUESTS);

    public JournalConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(whenFull, "whenFull");
        Objects.requireNonNull(syncInterval, "syncInterval");
        if (syncInterval.isNegative() || syncInterval.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("ledger.journal.sync_interval_ms: " + syncInterval.toMillis()
                    + " (expected: 0..60000, 0 leaves flushing to the operating system)");
        }
        if (segmentBytes < JournalSettings.MIN_SEGMENT_BYTES || segmentBytes > (1L << 30)) {
            throw new IllegalArgumentException("ledger.journal.segment_bytes: " + segmentBytes + " (expected: "
                    + JournalSettings.MIN_SEGMENT_BYTES + ".." + (1L << 30) + ")");
        }
        if (maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("ledger.journal.max_bytes: " + maxBytes
                    + " (expected: at least two segments, " + 2 * segmentBytes + ")");
        }
    }

    /** The settings the journal opens with, its directory resolved against the data directory. */
    public JournalSettings settings(Path dataDir) {
        return new JournalSettings(dir.orElse(dataDir.resolve("journal")), (int) segmentBytes, maxBytes, syncInterval,
                whenFull);
    }

    public JournalConfig withEnabled(boolean v) {
        return new JournalConfig(v, dir, syncInterval, segmentBytes, maxBytes, whenFull);
    }

    public JournalConfig withDir(Path v) {
        return new JournalConfig(enabled, Optional.of(v), syncInterval, segmentBytes, maxBytes, whenFull);
    }

    public JournalConfig withSyncInterval(Duration v) {
        return new JournalConfig(enabled, dir, v, segmentBytes, maxBytes, whenFull);
    }

    public JournalConfig withSegmentBytes(long v) {
        return new JournalConfig(enabled, dir, syncInterval, v, Math.max(maxBytes, 2 * v), whenFull);
    }

    public JournalConfig withWhenFull(WhenFull v) {
        return new JournalConfig(enabled, dir, syncInterval, segmentBytes, maxBytes, v);
    }

    public JournalConfig withMaxBytes(long v) {
        return new JournalConfig(enabled, dir, syncInterval, segmentBytes, v, whenFull);
    }
}
