package dev.switchyard.core.accounts;

import io.vertx.core.Future;
import java.util.List;

/**
 * Credit per scope and period: reserve the most a call can cost before it starts, settle the real cost after it.
 *
 * <p>Every operation is atomic across the scopes it is given (a key and its workspace): a reservation either holds
 * on every scope or on none. Spend is counted per period ({@link Period}, UTC) on an injected clock, so it starts
 * again from zero at the boundary without any job running. Implementations never block: each answer is a
 * {@link Future}, complete at once from the in-process ledger and after one atomic script round trip from a shared
 * one, which fails it when its store cannot be reached (or answers locally, as its outage policy says).
 */
public interface BudgetLedger {

    /**
     * Reserves {@code picos} on every scope, or refuses without reserving anything when any scope's remaining credit
     * (limit minus spent minus reserved, this period) is smaller.
     */
    Future<BudgetDecision> reserve(List<ScopedBudget> scopes, long picos, long nowMillis);

    /**
     * Adds {@code morePicos} to a held reservation (a stream that outgrew it); false, changing nothing, when any scope
     * lacks the credit.
     */
    Future<Boolean> extend(BudgetDecision.Reserved reservation, long morePicos, long nowMillis);

    /**
     * Ends a reservation: {@code actualPicos} becomes spend in the period the reservation was made in, and the rest
     * of the reservation is released. Called exactly once per reservation; {@code 0} for a call that failed or was
     * cancelled before anything was delivered. Callers need not wait for the future; it completes when the
     * settlement is recorded.
     */
    Future<Void> settle(BudgetDecision.Reserved reservation, long actualPicos, long nowMillis);

    /** The scope's standing this period: limit, spent, reserved and remaining. */
    Future<BudgetStanding> standing(ScopedBudget scope, long nowMillis);

    /**
     * One scope and its budget.
     *
     * @param scope the key or workspace
     * @param budget its credit and reset
     */
    record ScopedBudget(Scope scope, Budget budget) {
    }
}
