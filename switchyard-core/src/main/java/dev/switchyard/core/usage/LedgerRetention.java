package dev.switchyard.core.usage;

import dev.switchyard.core.WallClock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the raw ledger to a window: records older than {@code retentionDays} days (by the injected wall clock) are
 * deleted; the rollups, which every aggregate query reads, are kept forever. A retention of 0 keeps everything.
 *
 * <p>Deletion runs in bounded batches of {@code batchRows}, each its own short transaction, so the usage writer (the
 * store's only other writer) never waits long behind it, with a short pause between batches so the writer is never
 * starved by a large backlog (a first sweep after enabling retention). {@link #sweep()} deletes until nothing old is left;
 * {@link #start(Duration)} runs it periodically on one daemon thread.
 */
public final class LedgerRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRetention.class);
    /** Raw records deleted per transaction by default. */
    public static final int DEFAULT_BATCH_ROWS = 5_000;
    private static final long PAUSE_BETWEEN_BATCHES_MILLIS = 20;

    private final UsageStore store;
    private final int retentionDays;
    private final WallClock clock;
    private final int batchRows;
    private ScheduledExecutorService scheduler;

    /**
     * @param store the ledger
     * @param retentionDays how many days of raw records to keep; 0 keeps them forever
     * @param clock the wall clock that says what is old
     * @param batchRows records deleted per transaction
     */
    public LedgerRetention(UsageStore store, int retentionDays, WallClock clock, int batchRows) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retentionDays < 0) {
            throw new IllegalArgumentException("ledger.retention_days: " + retentionDays + " (expected: >= 0)");
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows: " + batchRows + " (expected: > 0)");
        }
        this.retentionDays = retentionDays;
        this.batchRows = batchRows;
    }

    /** The instant before which raw records are deleted now; {@link Long#MIN_VALUE} when nothing ever is. */
    public long cutoffMillis() {
        if (retentionDays == 0) {
            return Long.MIN_VALUE;
        }
        return clock.epochMillis() - retentionDays * Bucket.DAY_MILLIS;
    }

    /** Deletes every raw record older than the window, batch by batch; returns how many went. */
    public long sweep() {
        long cutoff = cutoffMillis();
        if (cutoff == Long.MIN_VALUE) {
            return 0;
        }
        long total = 0;
        while (true) {
            int n = store.deleteRawBefore(cutoff, batchRows);
            total += n;
            if (n < batchRows) {
                return total;
            }
            try {
                Thread.sleep(PAUSE_BETWEEN_BATCHES_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            }
        }
    }

    /** Sweeps now and then every {@code period} on a daemon thread, until {@link #close()}. */
    public synchronized LedgerRetention start(Duration period) {
        if (retentionDays == 0 || scheduler != null) {
            return this;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("switchyard-ledger-retention").daemon(true).unstarted(r));
        scheduler.scheduleWithFixedDelay(this::sweepLogged, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweepLogged() {
        try {
            long n = sweep();
            if (n > 0) {
                LOG.info("ledger retention: deleted {} raw record(s) older than {} day(s)", n, retentionDays);
            }
        } catch (RuntimeException e) {
            LOG.warn("ledger retention sweep failed (will retry): {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }
}
