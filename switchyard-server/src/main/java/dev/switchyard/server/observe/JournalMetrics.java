package dev.switchyard.server.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.usage.journal.JournaledLedger;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The ledger journal in {@code /metrics} and {@code /health}: its size and limit, how far the store is behind, and the
 * two alarms, a failing store and a full journal (with what new requests get meanwhile, and how many were refused).
 */
public final class JournalMetrics {

    private JournalMetrics() {
    }

    /** Registers the journal's gauges. */
    public static void register(MeterRegistry registry, JournaledLedger ledger) {
        registry.gauge("switchyard.ledger.journal.bytes", ledger, l -> l.journal().bytes());
        registry.gauge("switchyard.ledger.journal.segments", ledger, l -> l.journal().segmentCount());
        registry.gauge("switchyard.ledger.journal.lag", ledger, l -> l.drain().lag());
        registry.gauge("switchyard.ledger.journal.refused", ledger, l -> l.journal().refused());
        registry.gauge("switchyard.ledger.journal.full", ledger, l -> l.journal().full() ? 1 : 0);
        registry.gauge("switchyard.ledger.journal.max.bytes", ledger, l -> l.journal().maxBytes());
        registry.gauge("switchyard.ledger.journal.refused.requests", ledger, l -> l.gate().refusedRequests());
        registry.gauge("switchyard.ledger.store.failing", ledger, l -> l.drain().storeFailing() ? 1 : 0);
        registry.gauge("switchyard.ledger.interrupted", ledger, l -> l.drain().interruptedCount());
        registry.gauge("switchyard.ledger.journal.damaged", ledger, l -> l.drain().damaged());
        registry.gauge("switchyard.ledger.journal.stalls", ledger, l -> l.journal().stalls());
    }

    /** Fills the {@code journal} object of {@code /health}; {@code status} says "ok" or names the alarm. */
    public static void health(ObjectNode out, JournaledLedger ledger) {
        boolean full = ledger.journal().full();
        boolean failing = ledger.drain().storeFailing();
        out.put("status", full ? "full" : failing ? "store_unreachable" : "ok")
                .put("bytes", ledger.journal().bytes())
                .put("segments", ledger.journal().segmentCount())
                .put("lag", ledger.drain().lag())
                .put("max_bytes", ledger.journal().maxBytes())
                .put("when_full", ledger.journal().whenFull().spelling())
                .put("refused", ledger.journal().refused())
                .put("refused_requests", ledger.gate().refusedRequests())
                .put("free_records_skipped", ledger.skippedWhileFull())
                .put("interrupted_recorded", ledger.drain().interruptedCount())
                .put("damaged_skipped", ledger.drain().damaged());
    }
}
