package dev.switchyard.core.usage.journal;

/** The two kinds of journal entry, one byte each on disk. */
public enum EntryKind {

    /**
     * The request reached a provider: its first attempt was dispatched. The entry carries the record the ledger
     * keeps if the request never finishes (marked interrupted).
     */
    STARTED((byte) 1),

    /** The request finished; the entry carries its final ledger record. */
    FINISHED((byte) 2);

    final byte code;

    EntryKind(byte code) {
        this.code = code;
    }

    static EntryKind of(byte code) {
        return switch (code) {
            case 1 -> STARTED;
            case 2 -> FINISHED;
            default -> throw new IllegalArgumentException("journal entry kind: " + code + " (expected: 1 or 2)");
        };
    }
}
