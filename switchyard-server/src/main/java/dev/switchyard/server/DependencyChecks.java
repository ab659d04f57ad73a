package dev.switchyard.server;

import dev.switchyard.core.usage.UsageWriter;
import dev.switchyard.core.usage.journal.JournaledLedger;
import dev.switchyard.core.usage.journal.WhenFull;
import java.util.Locale;

/** The readiness probe's checks of the dependencies a replica needs: the ledger (journal or write queue) and Redis. */
final class DependencyChecks {

    private DependencyChecks() {
    }

    /**
     * With the journal, the ledger is up until the journal is full; down then, and critical (the replica leaves the
     * load balancer) when new requests are refused meanwhile ({@code ledger.journal.when_full: refuse_requests}).
     */
    static Readiness.Check journal(JournaledLedger ledger) {
        return Readiness.Check.of("ledger", () -> ledger.journal().whenFull() == WhenFull.REFUSE_REQUESTS, () -> {
            var j = ledger.journal();
            String size = j.bytes() + " of " + j.maxBytes() + " journal bytes";
            if (j.full()) {
                return Readiness.Status.down("journal full (" + size + "): the usage store has not taken records"
                        + (ledger.drain().storeFailing() ? ", it is unreachable" : "") + "; new requests are "
                        + (j.whenFull() == WhenFull.REFUSE_REQUESTS ? "refused" : "served unrecorded")
                        + " (ledger.journal.when_full)");
            }
            return Readiness.Status.up((ledger.drain().storeFailing() ? "store unreachable, spooling: " : "")
                    + size + ", " + ledger.drain().lag() + " records waiting for the store");
        });
    }

    /** Without the journal, the ledger is down while its in-memory write queue is full. */
    static Readiness.Check writeQueue(UsageWriter writer, int capacity) {
        return Readiness.Check.of("ledger", () -> true, () -> {
            long pending = writer.pending();
            String detail = pending + " of " + capacity + " records waiting to be written";
            return pending < capacity ? Readiness.Status.up(detail) : Readiness.Status.down(detail);
        });
    }

    /** Redis, as the last call to it found it; reported, not critical (its outage policy governs requests). */
    static Readiness.Check redis(SharedState shared, RedisConfig config) {
        String policy = config.outage().name().toLowerCase(Locale.ROOT);
        return Readiness.Check.of("redis", () -> false, () -> shared.reachable()
                ? Readiness.Status.up(config.redactedUrl())
                : Readiness.Status.down("unreachable (" + shared.lastError() + "); outage policy " + policy));
    }
}
