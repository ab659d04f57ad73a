package dev.switchyard.server;

import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.time.Instant;
import java.util.List;

/** Ledger rows with dimensions, written straight into a gateway's store (the gateway's own rows have no key yet). */
final class LedgerSeeds {

    /** The wall clock the ledger tests run at. */
    static final long NOW = Instant.parse("2026-11-15T12:34:00Z").toEpochMilli();

    private LedgerSeeds() {
    }

    static UsageRecord row(String id, String at, String key, String workspace, String model, String provider,
                           int status, long prompt, long completion, long costPicos) {
        return new UsageRecord(id, Instant.parse(at).toEpochMilli(), "chat.completions", model,
                status < 400 ? model : "", provider, "up", false, status, status < 400 ? "" : "http_" + status,
                "stop", new Usage(prompt, completion, 0, 0, 3), new Cost(costPicos, 0, 0, 0), 100, 10, List.of(),
                new Dimensions(key, workspace, "app-" + key, "", "vendor", "US"));
    }

    /** Six rows over three days, two keys in two workspaces, two models, two providers, one error. */
    static List<UsageRecord> rows() {
        return List.of(
                row("gen-s1", "2026-11-13T10:15:00Z", "k1", "w1", "v/alpha", "pa", 200, 100, 10, 1_500_000_000L),
                row("gen-s2", "2026-11-13T11:20:00Z", "k1", "w1", "v/alpha", "pb", 200, 200, 20, 2_500_000_000L),
                row("gen-s3", "2026-11-14T09:00:00Z", "k2", "w2", "v/beta", "pa", 429, 0, 0, 0),
                row("gen-s4", "2026-11-14T09:30:00Z", "k2", "w2", "v/beta", "pa", 200, 300, 30, 7L),
                row("gen-s5", "2026-10-01T09:30:00Z", "k1", "w1", "v/alpha", "pa", 200, 999, 99, 9_000_000_000L),
                row("gen-s6", "2026-11-14T23:59:59Z", "k1", "w1", "v/beta", "pb", 200, 50, 5, 1_000_000_000_000L));
    }
}
