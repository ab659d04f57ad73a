package dev.switchyard.core.accounts.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.accounts.BudgetDecision.Refused;
import dev.switchyard.core.accounts.BudgetDecision.Reserved;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetLedgerContract;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalBudgetLedgerTest extends BudgetLedgerContract {

    @Override
    protected BudgetLedger newLedger() {
        return new LocalBudgetLedger();
    }

    private LocalBudgetLedger local() {
        return (LocalBudgetLedger) underlying;
    }

    @Test
    void seededSpendCountsAgainstTheCurrentPeriod() {
        var key = budget(KEY, 1_000, Period.DAILY);
        local().seed(KEY, Period.DAILY.startOf(T0), 900);
        assertThat(ledger.standing(key, T0).spentPicos()).isEqualTo(900);
        assertThat(ledger.reserve(List.of(key), 200, T0))
                .isEqualTo(new Refused(KEY, 100, 200, Period.DAILY.nextStart(T0)));
        assertThat(ledger.standing(key, Period.DAILY.nextStart(T0)).spentPicos()).isZero();
    }

    @Test
    void aSeedForAnOlderPeriodIsIgnoredAndOneForANewerPeriodMovesTheScope() {
        var key = budget(KEY, 1_000, Period.DAILY);
        ledger.settle(reserved(ledger.reserve(List.of(key), 100, T0)), 100, T0);
        local().seed(KEY, Period.DAILY.startOf(T0) - 86_400_000, 999);
        assertThat(ledger.standing(key, T0).spentPicos()).isEqualTo(100);
        local().seed(KEY, Period.DAILY.startOf(T0), 300);
        assertThat(ledger.standing(key, T0).spentPicos()).as("replaced").isEqualTo(300);
        long tomorrow = Period.DAILY.nextStart(T0);
        local().seed(KEY, tomorrow, 50);
        assertThat(ledger.standing(key, tomorrow + 1).spentPicos()).isEqualTo(50);
    }

    @Test
    void reservationIdsComeFromTheInjectedSourceAndARepeatedIdIsRejected() {
        LocalBudgetLedger fixed = new LocalBudgetLedger(() -> "same");
        var key = budget(KEY, 1_000, Period.DAILY);
        Reserved r = (Reserved) fixed.reserveNow(List.of(key), 10, T0);
        assertThat(r.id()).isEqualTo("same");
        assertThatThrownBy(() -> fixed.reserveNow(List.of(key), 10, T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same");
        assertThat(fixed.standingNow(key, T0).reservedPicos()).as("the rejected call held nothing").isEqualTo(10);
        fixed.settleNow(r, 10, T0);
        assertThat(fixed.reserveNow(List.of(key), 10, T0)).isInstanceOf(Reserved.class);
    }

    @Test
    void scopesWhosePeriodEndedWithNothingHeldAreEvicted() {
        var daily = budget(KEY, 1_000, Period.DAILY);
        var holding = budget(Scope.key("holding"), 1_000, Period.DAILY);
        var lifetime = budget(WS, 1_000, Period.NONE);
        ledger.settle(reserved(ledger.reserve(List.of(daily, lifetime), 100, T0)), 100, T0);
        Reserved held = reserved(ledger.reserve(List.of(holding), 100, T0));
        assertThat(local().trackedScopes()).isEqualTo(3);
        long tomorrow = Period.DAILY.nextStart(T0);
        assertThat(local().evictStale(tomorrow - 1)).isZero();
        assertThat(local().evictStale(tomorrow)).isEqualTo(1);
        assertThat(local().trackedScopes()).isEqualTo(2);
        assertThat(ledger.standing(lifetime, tomorrow).spentPicos()).isEqualTo(100);
        ledger.settle(held, 100, tomorrow);
        assertThat(local().heldReservations()).isZero();
        assertThat(local().evictStale(tomorrow)).as("released into the new period").isEqualTo(0);
        assertThat(local().evictStale(Period.DAILY.nextStart(tomorrow))).isEqualTo(1);
    }

    @Test
    void spendSaturatesInsteadOfWrapping() {
        var key = budget(KEY, Long.MAX_VALUE, Period.NONE);
        ledger.settle(reserved(ledger.reserve(List.of(key), 1, T0)), Long.MAX_VALUE - 5, T0);
        ledger.settle(reserved(ledger.reserve(List.of(key), 1, T0)), 100, T0);
        assertThat(ledger.standing(key, T0).spentPicos()).isEqualTo(Long.MAX_VALUE);
        assertThat(ledger.reserve(List.of(key), 1, T0)).isInstanceOf(Refused.class);
    }
}
