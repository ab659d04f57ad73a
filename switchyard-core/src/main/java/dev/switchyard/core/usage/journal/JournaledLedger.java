package dev.switchyard.core.usage.journal;

import dev.switchyard.core.usage.LedgerStatus;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageStore;
import java.time.Duration;
import java.util.Objects;

/**
 * The ledger's way into its store with the write-ahead journal in front: what the gateway wires. The event loop calls
 * {@link #started} and {@link #finished}, which only append to the journal ({@link LedgerJournal}); the
 * {@link JournalDrain} moves the records into the store and replays what an earlier run left.
 */
public final class JournaledLedger implements LedgerStatus, AutoCloseable {

    private final LedgerJournal journal;
    private final JournalDrain drain;
    private final JournalGate gate;
    private final java.util.concurrent.atomic.LongAdder skippedWhileFull = new java.util.concurrent.atomic.LongAdder();

    private JournaledLedger(LedgerJournal journal, JournalDrain drain) {
        this.journal = journal;
        this.drain = drain;
        this.gate = new JournalGate(journal);
    }

    /**
     * Opens the journal and starts draining it into the store (replaying first what an earlier run left). Blocking:
     * call at start-up.
     *
     * @param settings where and how the journal is kept
     * @param store where records go
     * @param batchSize records per store append at most
     */
    public static JournaledLedger open(JournalSettings settings, UsageStore store, int batchSize) {
        Objects.requireNonNull(store, "store");
        LedgerJournal journal = LedgerJournal.open(settings);
        return new JournaledLedger(journal, new JournalDrain(journal, store, batchSize, DRAIN_IDLE).start());
    }

    /**
     * How long the drain waits once it has read every entry. The store's cost per record falls steeply with the batch
     * (SQLite, per record of a batch of 10: ~65 µs of CPU; of 50: ~30 µs; of 250: ~17 µs: each append prepares its
     * statements and commits once), and on a one-core machine that CPU is the serving core's: at a few thousand
     * requests a second, waiting 50 ms rather than 10 ms between reads makes batches of a few hundred instead of a few
     * dozen, and wakes the drain 20 times a second instead of 100 when idle. Records reach the store (and the
     * console) up to this much later; the journal, not the store, is what makes them durable.
     */
    static final Duration DRAIN_IDLE = Duration.ofMillis(50);

    /** The request reached a provider; {@code dispatched} is what the ledger keeps if it never finishes. */
    public boolean started(UsageRecord dispatched) {
        return journal.append(EntryKind.STARTED, dispatched);
    }

    /**
     * The request finished with this record. While the journal is full, the records of requests that never reached
     * a provider and cost nothing (refusals: the gate's 503s, 401, 429...) are not journaled, so that the last
     * segment stays for the records that carry money; they are counted in {@link #skippedWhileFull()}.
     */
    public boolean finished(UsageRecord record) {
        if (journal.full() && record.attempts().isEmpty() && record.cost().totalPicos() == 0) {
            skippedWhileFull.increment();
            return false;
        }
        return journal.append(EntryKind.FINISHED, record);
    }

    /** Records of requests that cost nothing and reached no provider, left out while the journal was full. */
    public long skippedWhileFull() {
        return skippedWhileFull.sum();
    }

    @Override
    public long pending() {
        return drain.lag();
    }

    @Override
    public long written() {
        return drain.written();
    }

    @Override
    public long dropped() {
        return journal.refused();
    }

    /** The journal itself: size, segments, alarms. */
    public LedgerJournal journal() {
        return journal;
    }

    /** The request-ring stage that applies {@link WhenFull} while the journal is full. */
    public JournalGate gate() {
        return gate;
    }

    /** The drain: whether the store is failing, what was replayed. */
    public JournalDrain drain() {
        return drain;
    }

    /** Drains what is journaled into the store (up to {@code wait}), then closes the journal; the rest stays on disk. */
    public void close(Duration wait) {
        try {
            drain.close(wait);
        } finally {
            journal.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
