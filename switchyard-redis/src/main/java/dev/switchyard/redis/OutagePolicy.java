package dev.switchyard.redis;

/**
 * What a replica does while the shared store cannot be reached: the operator's explicit choice, since each way has a
 * cost.
 */
public enum OutagePolicy {

    /** Refuse what needs the shared store (503, retryable): limits and budgets are never exceeded, service stops. */
    FAIL_CLOSED,

    /**
     * Decide with this replica's own in-process engine: service goes on, and each replica enforces the whole limit on
     * its own, so N replicas admit up to N times the limit until the store is back.
     */
    FAIL_OPEN_LOCAL;

    /** Parses the configuration's spelling, {@code fail_closed} or {@code fail_open}. */
    public static OutagePolicy parse(String text) {
        return switch (text) {
            case "fail_closed" -> FAIL_CLOSED;
            case "fail_open" -> FAIL_OPEN_LOCAL;
            default -> throw new IllegalArgumentException("outage policy '" + text
                    + "' (expected: fail_closed or fail_open)");
        };
    }
}
