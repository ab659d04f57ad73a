package dev.switchyard.core.pipeline;

import dev.switchyard.core.usage.UsageRecord;

/**
 * Observes exchanges without taking part in them: the usage ledger, metrics, traces and logs hang here rather than
 * in the chain. Listeners are called on the event loop and must be fast, must not block and must not throw.
 */
public interface ExchangeListener {

    /** A request entered the pipeline. */
    default void onStart(Exchange exchange) {
    }

    /** A request finished, however it ended; the record is final. */
    void onComplete(UsageRecord record);
}
