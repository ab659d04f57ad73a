package dev.switchyard.server.observe;

import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageWriter;

/** Hands every finished exchange's record to the asynchronous ledger writer. */
public final class UsageLedgerListener implements ExchangeListener {

    private final UsageWriter writer;

    public UsageLedgerListener(UsageWriter writer) {
        this.writer = writer;
    }

    @Override
    public void onComplete(UsageRecord record) {
        writer.submit(record);
    }
}
