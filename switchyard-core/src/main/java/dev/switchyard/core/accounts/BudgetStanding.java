package dev.switchyard.core.accounts;

/**
 * One scope's budget this period.
 *
 * @param limitPicos the credit per period
 * @param spentPicos settled spend this period
 * @param reservedPicos held by calls in flight
 * @param periodStartMillis when this period began (0 for a budget that never resets)
 * @param resetAtMillis when the next begins, {@code Long.MAX_VALUE} for never
 */
public record BudgetStanding(long limitPicos, long spentPicos, long reservedPicos, long periodStartMillis,
                             long resetAtMillis) {

    /** Credit not yet spent or held; never negative. */
    public long remainingPicos() {
        return Math.max(0, limitPicos - spentPicos - reservedPicos);
    }
}
