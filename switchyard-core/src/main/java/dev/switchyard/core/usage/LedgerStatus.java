package dev.switchyard.core.usage;

/** How the ledger's way into its store is doing, for {@code /health} and {@code /metrics}. */
public interface LedgerStatus {

    /** Records on their way to the store, not committed yet. */
    long pending();

    /** Records committed to the store since start. */
    long written();

    /** Records lost: refused because the queue or journal was full. */
    long dropped();
}
