package dev.switchyard.core.accounts;

import static dev.switchyard.core.accounts.RateLimiterContract.runConcurrently;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.BudgetDecision.Refused;
import dev.switchyard.core.accounts.BudgetDecision.Reserved;
import dev.switchyard.core.accounts.BudgetLedger.ScopedBudget;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BudgetLedger} must do, whatever keeps its counters: run it against an implementation by extending
 * this class and saying how to make a fresh, empty one. Time is only ever the {@code nowMillis} passed in.
 */
public abstract class BudgetLedgerContract {

    /** Monday 2026-11-30, noon UTC. */
    protected static final long T0 = millis("2026-11-30T12:00:00Z");
    protected static final Scope KEY = Scope.key("key-1");
    protected static final Scope WS = Scope.workspace("ws-1");

    /** The ledger under test. */
    protected BudgetLedger underlying;
    /** The same ledger, each answer awaited, so that the rules read as plain calls. */
    protected Sync ledger;

    /** A fresh ledger that has recorded nothing. */
    protected abstract BudgetLedger newLedger();

    @BeforeEach
    void createLedger() {
        underlying = newLedger();
        ledger = new Sync(underlying);
    }

    /** A {@link BudgetLedger} whose answers are awaited (off the event loop, as tests run). */
    protected record Sync(BudgetLedger async) {

        public BudgetDecision reserve(List<ScopedBudget> scopes, long picos, long now) {
            return join(async.reserve(scopes, picos, now));
        }

        public boolean extend(Reserved r, long more, long now) {
            return join(async.extend(r, more, now));
        }

        public void settle(Reserved r, long actual, long now) {
            join(async.settle(r, actual, now));
        }

        public BudgetStanding standing(ScopedBudget scope, long now) {
            return join(async.standing(scope, now));
        }

        private static <T> T join(io.vertx.core.Future<T> f) {
            return f.toCompletionStage().toCompletableFuture().join();
        }
    }

    protected static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    protected static ScopedBudget budget(Scope scope, long limitPicos, Period reset) {
        return new ScopedBudget(scope, new Budget(limitPicos, reset));
    }

    protected Reserved reserved(BudgetDecision d) {
        assertThat(d).isInstanceOf(Reserved.class);
        return (Reserved) d;
    }

    @Test
    void aReservationHoldsCreditAndItsSettlementBecomesSpend() {
        ScopedBudget key = budget(KEY, 1_000, Period.DAILY);
        Reserved r = reserved(ledger.reserve(List.of(key), 300, T0));
        assertThat(r.picos()).isEqualTo(300);
        assertThat(r.scopes()).containsExactly(key);
        assertThat(r.madeAtMillis()).isEqualTo(T0);
        BudgetStanding held = ledger.standing(key, T0);
        assertThat(held.reservedPicos()).isEqualTo(300);
        assertThat(held.remainingPicos()).isEqualTo(700);

        ledger.settle(r, 120, T0 + 1);
        assertThat(ledger.standing(key, T0 + 2)).isEqualTo(new BudgetStanding(1_000, 120, 0,
                millis("2026-11-30T00:00:00Z"), millis("2026-12-01T00:00:00Z")));
    }

    @Test
    void aRefusalNamesTheScopeWithTheLeastRemainingAndHoldsNothing() {
        ScopedBudget key = budget(KEY, 1_000, Period.DAILY);
        ScopedBudget ws = budget(WS, 500, Period.WEEKLY);
        Reserved first = reserved(ledger.reserve(List.of(key, ws), 400, T0));

        BudgetDecision second = ledger.reserve(List.of(key, ws), 200, T0 + 1);
        assertThat(second).isEqualTo(new Refused(WS, 100, 200, millis("2026-12-07T00:00:00Z")));
        assertThat(ledger.standing(key, T0 + 2).reservedPicos()).as("the key held nothing").isEqualTo(400);
        assertThat(ledger.standing(ws, T0 + 2).reservedPicos()).isEqualTo(400);

        ledger.settle(first, 400, T0 + 3);
        BudgetDecision third = ledger.reserve(List.of(key, ws), 101, T0 + 4);
        assertThat(third).isEqualTo(new Refused(WS, 100, 101, millis("2026-12-07T00:00:00Z")));
        reserved(ledger.reserve(List.of(key, ws), 100, T0 + 5));
        BudgetDecision keyOnly = ledger.reserve(List.of(key), 501, T0 + 6);
        assertThat(keyOnly).isEqualTo(new Refused(KEY, 500, 501, millis("2026-12-01T00:00:00Z")));
    }

    @Test
    void extendGrowsAHoldOnlyWhenEveryScopeHasTheCredit() {
        ScopedBudget key = budget(KEY, 1_000, Period.DAILY);
        ScopedBudget ws = budget(WS, 2_000, Period.DAILY);
        Reserved r = reserved(ledger.reserve(List.of(key, ws), 600, T0));
        assertThat(ledger.extend(r, 300, T0 + 1)).isTrue();
        assertThat(ledger.extend(r, 200, T0 + 2)).as("the key has 100 left").isFalse();
        assertThat(ledger.standing(key, T0 + 3).reservedPicos()).isEqualTo(900);
        assertThat(ledger.standing(ws, T0 + 3).reservedPicos()).as("nothing held by the refused extension")
                .isEqualTo(900);
        assertThat(ledger.extend(r, 100, T0 + 4)).isTrue();
        assertThat(ledger.standing(key, T0 + 5).remainingPicos()).isZero();

        ledger.settle(r, 850, T0 + 6);
        assertThat(ledger.standing(key, T0 + 7).spentPicos()).isEqualTo(850);
        assertThat(ledger.standing(key, T0 + 7).reservedPicos()).as("the whole extended hold released").isZero();
        assertThat(ledger.standing(ws, T0 + 7).reservedPicos()).isZero();
        assertThat(ledger.standing(ws, T0 + 7).spentPicos()).isEqualTo(850);
    }

    @Test
    void settlingTwiceIsANoOpAndASettledReservationCannotGrow() {
        ScopedBudget key = budget(KEY, 1_000, Period.DAILY);
        Reserved r = reserved(ledger.reserve(List.of(key), 500, T0));
        Reserved other = reserved(ledger.reserve(List.of(key), 100, T0));
        ledger.settle(r, 300, T0 + 1);
        ledger.settle(r, 300, T0 + 2);
        ledger.settle(r, 0, T0 + 3);
        BudgetStanding s = ledger.standing(key, T0 + 4);
        assertThat(s.spentPicos()).isEqualTo(300);
        assertThat(s.reservedPicos()).as("the other reservation still held").isEqualTo(100);
        assertThat(ledger.extend(r, 1, T0 + 5)).isFalse();
        assertThat(ledger.standing(key, T0 + 5).reservedPicos()).isEqualTo(100);
        ledger.settle(other, 100, T0 + 6);
        assertThat(ledger.standing(key, T0 + 7).spentPicos()).isEqualTo(400);
    }

    @Test
    void reservationIdsAreUnique() {
        ScopedBudget key = budget(KEY, 1_000_000, Period.NONE);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            Reserved r = reserved(ledger.reserve(List.of(key), 1, T0));
            assertThat(ids.add(r.id())).as(r.id()).isTrue();
            if (i % 2 == 0) {
                ledger.settle(r, 1, T0);
            }
        }
    }

    @Test
    void aDailyBudgetStartsAgainAtMidnightUtc() {
        ScopedBudget key = budget(KEY, 1_000, Period.DAILY);
        long beforeMidnight = millis("2026-11-30T23:59:59.999Z");
        long midnight = millis("2026-12-01T00:00:00Z");
        ledger.settle(reserved(ledger.reserve(List.of(key), 700, beforeMidnight)), 700, beforeMidnight);
        assertThat(ledger.reserve(List.of(key), 301, beforeMidnight))
                .isEqualTo(new Refused(KEY, 300, 301, midnight));

        assertThat(ledger.standing(key, midnight)).isEqualTo(new BudgetStanding(1_000, 0, 0, midnight,
                millis("2026-12-02T00:00:00Z")));
        reserved(ledger.reserve(List.of(key), 1_000, midnight));
    }

    @Test
    void aWeeklyBudgetStartsAgainOnMondayUtc() {
        ScopedBudget key = budget(KEY, 1_000, Period.WEEKLY);
        long wednesday = millis("2026-11-25T10:00:00Z");
        ledger.settle(reserved(ledger.reserve(List.of(key), 400, wednesday)), 400, wednesday);
        long sundayNight = millis("2026-11-29T23:59:59.999Z");
        ledger.settle(reserved(ledger.reserve(List.of(key), 500, sundayNight)), 500, sundayNight);
        BudgetStanding sunday = ledger.standing(key, sundayNight);
        assertThat(sunday.spentPicos()).isEqualTo(900);
        assertThat(sunday.periodStartMillis()).isEqualTo(millis("2026-11-23T00:00:00Z"));
        assertThat(sunday.resetAtMillis()).isEqualTo(millis("2026-11-30T00:00:00Z"));

        BudgetStanding monday = ledger.standing(key, millis("2026-11-30T00:00:00Z"));
        assertThat(monday.spentPicos()).isZero();
        assertThat(monday.resetAtMillis()).isEqualTo(millis("2026-12-07T00:00:00Z"));
    }

    @Test
    void aMonthlyBudgetStartsAgainOnTheFirstUtc() {
        ScopedBudget key = budget(KEY, 1_000, Period.MONTHLY);
        long early = millis("2026-11-01T00:00:00Z");
        ledger.settle(reserved(ledger.reserve(List.of(key), 600, early)), 600, early);
        long lastMoment = millis("2026-11-30T23:59:59.999Z");
        assertThat(ledger.standing(key, lastMoment).spentPicos()).isEqualTo(600);
        assertThat(ledger.reserve(List.of(key), 401, lastMoment))
                .isEqualTo(new Refused(KEY, 400, 401, millis("2026-12-01T00:00:00Z")));
        assertThat(ledger.standing(key, millis("2026-12-01T00:00:00Z")).spentPicos()).isZero();
        reserved(ledger.reserve(List.of(key), 1_000, millis("2026-12-01T00:00:00Z")));
    }

    @Test
    void aBudgetThatNeverResetsSaysSo() {
        ScopedBudget key = budget(KEY, 100, Period.NONE);
        ledger.settle(reserved(ledger.reserve(List.of(key), 100, T0)), 100, T0);
        assertThat(ledger.reserve(List.of(key), 1, T0 + 365L * 86_400_000))
                .isEqualTo(new Refused(KEY, 0, 1, Long.MAX_VALUE));
        BudgetStanding s = ledger.standing(key, T0);
        assertThat(s.periodStartMillis()).isZero();
        assertThat(s.resetAtMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aReservationMadeBeforeTheBoundarySettlesIntoTheOldPeriod() {
        ScopedBudget key = budget(KEY, 1_000, Period.DAILY);
        long beforeMidnight = millis("2026-11-30T23:59:59Z");
        long afterMidnight = millis("2026-12-01T00:00:01Z");
        Reserved r = reserved(ledger.reserve(List.of(key), 800, beforeMidnight));
        assertThat(ledger.standing(key, afterMidnight).spentPicos()).isZero();
        ledger.settle(r, 500, afterMidnight);
        BudgetStanding s = ledger.standing(key, afterMidnight);
        assertThat(s.spentPicos()).as("spent in yesterday's period").isZero();
        assertThat(s.reservedPicos()).isZero();
        assertThat(s.remainingPicos()).isEqualTo(1_000);
    }

    @Test
    void aCallThatCostsMoreThanItsHoldOvershootsByExactlyTheDifference() {
        ScopedBudget key = budget(KEY, 1_000, Period.DAILY);
        ledger.settle(reserved(ledger.reserve(List.of(key), 900, T0)), 1_200, T0 + 1);
        BudgetStanding s = ledger.standing(key, T0 + 2);
        assertThat(s.spentPicos()).isEqualTo(1_200);
        assertThat(s.remainingPicos()).isZero();
        assertThat(ledger.reserve(List.of(key), 0, T0 + 3)).isInstanceOf(Reserved.class);
        assertThat(ledger.reserve(List.of(key), 1, T0 + 3)).isEqualTo(new Refused(KEY, 0, 1,
                millis("2026-12-01T00:00:00Z")));
    }

    @Test
    void manyThreadsNeverSpendMoreThanTheLimitAndSpendIsTheSumOfSettlements() throws Exception {
        long keyLimit = 5_000_000;
        long wsLimit = 4_000_000;
        ScopedBudget key = budget(KEY, keyLimit, Period.DAILY);
        ScopedBudget ws = budget(WS, wsLimit, Period.DAILY);
        ScopedBudget otherKey = budget(Scope.key("key-2"), Long.MAX_VALUE, Period.DAILY);
        AtomicLong keySettled = new AtomicLong();
        AtomicLong wsSettled = new AtomicLong();
        AtomicLong refusals = new AtomicLong();
        runConcurrently(8, t -> {
            Random random = new Random(t);
            boolean viaKey = t % 2 == 0;
            List<ScopedBudget> scopes = viaKey ? List.of(key, ws) : List.of(otherKey, ws);
            for (int i = 0; i < 5_000; i++) {
                long now = T0 + i;
                long picos = 1 + random.nextInt(5_000);
                BudgetDecision d = ledger.reserve(scopes, picos, now);
                if (d instanceof Reserved r) {
                    long held = picos;
                    if (random.nextInt(4) == 0 && ledger.extend(r, 500, now)) {
                        held += 500;
                    }
                    long actual = random.nextLong(held + 1);
                    ledger.settle(r, actual, now);
                    if (random.nextBoolean()) {
                        ledger.settle(r, actual, now);
                    }
                    wsSettled.addAndGet(actual);
                    if (viaKey) {
                        keySettled.addAndGet(actual);
                    }
                } else {
                    refusals.incrementAndGet();
                }
                if (i % 100 == 0) {
                    BudgetStanding w = ledger.standing(ws, now);
                    assertThat(w.spentPicos() + w.reservedPicos()).isLessThanOrEqualTo(wsLimit);
                    BudgetStanding k = ledger.standing(key, now);
                    assertThat(k.spentPicos() + k.reservedPicos()).isLessThanOrEqualTo(keyLimit);
                }
            }
        });
        BudgetStanding w = ledger.standing(ws, T0 + 10_000);
        BudgetStanding k = ledger.standing(key, T0 + 10_000);
        assertThat(refusals.get()).as("the workspace ran out").isPositive();
        assertThat(w.reservedPicos()).isZero();
        assertThat(k.reservedPicos()).isZero();
        assertThat(w.spentPicos()).isEqualTo(wsSettled.get()).isLessThanOrEqualTo(wsLimit);
        assertThat(k.spentPicos()).isEqualTo(keySettled.get()).isLessThanOrEqualTo(keyLimit);
    }
}
