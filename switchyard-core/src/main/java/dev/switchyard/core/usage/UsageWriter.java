package dev.switchyard.core.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves usage records off the event loop and into a {@link UsageStore} in batches.
 *
 * <p>The event loop only ever calls {@link #submit}, which never blocks: the record goes into a bounded queue. One
 * dedicated platform thread drains the queue, up to {@code batchSize} records at a time, and appends them. After the
 * first record of a batch it lingers up to {@code linger} for more, because a store transaction's commit costs far more
 * than its rows: under load, batches fill; when idle, a record waits at most {@code linger}. The
 * overflow policy is explicit: when the queue is full the new record is dropped and counted in {@link #dropped()}
 * (and logged), because blocking the event loop would stall every request in flight. A failed append is retried with
 * a capped backoff, so a store that is briefly down loses nothing that fits in the queue. {@link #close()} drains
 * what is queued before it returns.
 */
public final class UsageWriter implements AutoCloseable, LedgerStatus {

    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);

    private final UsageStore store;
    private final BlockingQueue<UsageRecord> queue;
    private final int batchSize;
    private final long lingerNanos;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closing;

    /** A writer that lingers 20 ms for a batch to fill. */
    public UsageWriter(UsageStore store, int capacity, int batchSize) {
        this(store, capacity, batchSize, java.time.Duration.ofMillis(20));
    }

    /**
     * @param store where records go
     * @param capacity how many records may wait; beyond it new ones are dropped
     * @param batchSize how many records one append carries at most
     * @param linger how long a batch waits for more records after its first
     */
    public UsageWriter(UsageStore store, int capacity, int batchSize, java.time.Duration linger) {
        this.lingerNanos = linger.toNanos();
        this.store = Objects.requireNonNull(store, "store");
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("capacity and batchSize must be >= 1");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.thread = Thread.ofPlatform().name("switchyard-usage-writer").daemon(true).unstarted(this::run);
        this.thread.start();
    }

    /** Queues a record without blocking; returns false (and counts a drop) when the queue is full. */
    public boolean submit(UsageRecord record) {
        if (queue.offer(record)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        if (Long.bitCount(n) == 1) { // log at 1, 2, 4, 8, ... drops so a flood cannot flood the log
            LOG.warn("usage queue full: dropped {} record(s) so far (latest id {})", n, record.id());
        }
        return false;
    }

    /** Records dropped because the queue was full. */
    @Override
    public long dropped() {
        return dropped.get();
    }

    /** Records appended to the store. */
    @Override
    public long written() {
        return written.get();
    }

    /** Records waiting to be written. */
    @Override
    public long pending() {
        return queue.size();
    }

    private void run() {
        List<UsageRecord> batch = new ArrayList<>(batchSize);
        long backoffMillis = 50;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    UsageRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    long deadline = System.nanoTime() + lingerNanos;
                    queue.drainTo(batch, batchSize - batch.size());
                    while (batch.size() < batchSize && !closing) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        UsageRecord more = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (more == null) {
                            break;
                        }
                        batch.add(more);
                        queue.drainTo(batch, batchSize - batch.size());
                    }
                }
                store.append(batch);
                written.addAndGet(batch.size());
                batch.clear();
                backoffMillis = 50;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("usage store append failed ({} record(s) kept for retry): {}", batch.size(), e.toString());
                if (closing && backoffMillis > 1_000) {
                    LOG.error("giving up on {} usage record(s) at shutdown", batch.size() + queue.size());
                    return;
                }
                sleepQuietly(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
