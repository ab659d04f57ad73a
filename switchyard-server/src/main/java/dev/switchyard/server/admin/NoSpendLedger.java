package dev.switchyard.server.admin;

import dev.switchyard.core.accounts.BudgetDecision;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetStanding;
import java.util.List;

/**
 * A stand-in until the budget ledger lands (TODO(feat/ledger): replace in {@code Gateway} with the real
 * {@link BudgetLedger}): every budget stands unspent, so {@code limit_remaining} equals {@code limit}. It only answers
 * {@link #standing}; reserving is not supported.
 */
public final class NoSpendLedger implements BudgetLedger {

    @Override
    public BudgetDecision reserve(List<ScopedBudget> scopes, long picos, long nowMillis) {
        throw new UnsupportedOperationException("NoSpendLedger is a placeholder until the ledger branch is merged");
    }

    @Override
    public boolean extend(BudgetDecision.Reserved reservation, long morePicos, long nowMillis) {
        throw new UnsupportedOperationException("NoSpendLedger is a placeholder until the ledger branch is merged");
    }

    @Override
    public void settle(BudgetDecision.Reserved reservation, long actualPicos, long nowMillis) {
        throw new UnsupportedOperationException("NoSpendLedger is a placeholder until the ledger branch is merged");
    }

    @Override
    public BudgetStanding standing(ScopedBudget scope, long nowMillis) {
        return new BudgetStanding(scope.budget().limitPicos(), 0, 0, scope.budget().reset().startOf(nowMillis),
                scope.budget().reset().nextStart(nowMillis));
    }
}
