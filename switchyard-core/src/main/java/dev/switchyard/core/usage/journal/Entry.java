package dev.switchyard.core.usage.journal;

import dev.switchyard.core.usage.UsageRecord;
import java.util.Objects;

/**
 * One entry read back from the journal.
 *
 * @param kind started or finished
 * @param record the ledger record it carries
 */
record Entry(EntryKind kind, UsageRecord record) {

    Entry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(record, "record");
    }
}
