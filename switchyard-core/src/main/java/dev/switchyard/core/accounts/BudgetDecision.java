package dev.switchyard.core.accounts;

import java.util.List;
import java.util.Objects;

/** What a {@link BudgetLedger} decided for one reservation. */
public sealed interface BudgetDecision {

    /**
     * Credit is held on every scope until settled.
     *
     * @param id unique per reservation
     * @param scopes the scopes holding it
     * @param picos the amount held, grown by {@link BudgetLedger#extend}
     * @param madeAtMillis when; its spend counts in the period containing this instant
     */
    record Reserved(String id, List<BudgetLedger.ScopedBudget> scopes, long picos, long madeAtMillis)
            implements BudgetDecision {
        public Reserved {
            Objects.requireNonNull(id, "id");
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * Not enough credit; nothing was held.
     *
     * @param scope the scope that lacked it (the one with the least remaining)
     * @param remainingPicos what that scope has left this period
     * @param requestedPicos what was asked for
     * @param resetAtMillis when that scope's period starts again, {@code Long.MAX_VALUE} for never
     */
    record Refused(Scope scope, long remainingPicos, long requestedPicos, long resetAtMillis)
            implements BudgetDecision {
        public Refused {
            Objects.requireNonNull(scope, "scope");
        }
    }
}
