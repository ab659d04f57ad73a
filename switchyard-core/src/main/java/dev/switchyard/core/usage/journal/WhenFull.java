package dev.switchyard.core.usage.journal;

/**
 * What new requests get while the ledger journal is full ({@code ledger.journal.when_full}), that is while the usage
 * store has not taken records for so long that the journal reached its size limit. Either way the state is an alarm
 * (logs, {@code /metrics}, {@code /health}); the choice is between money and service (decision 0022).
 */
public enum WhenFull {

    /**
     * Refuse new requests with 503 in the door's own format until the journal has room again; requests already in
     * flight finish and are recorded. Nothing is ever served that the ledger cannot record: the default.
     */
    REFUSE_REQUESTS,

    /**
     * Keep serving; once the journal's last segment is used up, records are refused (counted in
     * {@code switchyard_ledger_journal_refused}) and those requests are never billed, budgeted from the ledger, or
     * seen in reports.
     */
    SERVE_UNRECORDED;

    /** Parses the configuration's spelling, {@code refuse_requests} or {@code serve_unrecorded}. */
    public static WhenFull parse(String text) {
        return switch (text) {
            case "refuse_requests" -> REFUSE_REQUESTS;
            case "serve_unrecorded" -> SERVE_UNRECORDED;
            default -> throw new IllegalArgumentException("ledger.journal.when_full: '" + text
                    + "' (expected: refuse_requests or serve_unrecorded)");
        };
    }

    /** The configuration's spelling. */
    public String spelling() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
