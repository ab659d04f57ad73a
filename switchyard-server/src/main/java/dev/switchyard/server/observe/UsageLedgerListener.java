package dev.switchyard.server.observe;

import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.usage.UsageRecord;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Hands every finished exchange's record to the ledger: the write-ahead journal's append
 * ({@link dev.switchyard.core.usage.journal.JournaledLedger#finished}), or the asynchronous writer's queue when the
 * journal is off ({@link dev.switchyard.core.usage.UsageWriter#submit}). Either returns at once.
 */
public final class UsageLedgerListener implements ExchangeListener {

    private final Predicate<UsageRecord> sink;

    public UsageLedgerListener(Predicate<UsageRecord> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void onComplete(UsageRecord record) {
        sink.test(record);
    }
}
