package dev.switchyard.core.accounts.local;

import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.BudgetDecision;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Scope;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The in-process {@link BudgetLedger}: credit per scope and period, held by reservations before a call and turned into
 * spend after it, atomically across a key and its workspace.
 *
 * <h2>What each scope keeps</h2>
 * The start of its current period, the spend settled in it, and the credit reserved by calls in flight. The period is
 * {@link Period#startOf} the caller's {@code nowMillis} (UTC) under the budget's reset; the first call at or after the
 * next boundary starts a new period with spend 0, with no job running. A call whose clock is a little behind a boundary
 * another event loop already crossed stays in the newer period (periods never move backwards). Remaining credit is
 * {@code limit − spent − reserved}, never below zero.
 *
 * <h2>Reserve, extend, settle</h2>
 * {@link #reserve} locks every scope's state (per-scope locks, taken in a canonical order), and holds the amount on all
 * of them only if each has at least that much remaining; otherwise it holds nothing and names the scope with the least
 * remaining and when its period resets (a scope listed twice is held twice). {@link #extend} grows a live reservation
 * by the same rule. {@link #settle} releases the reservation and adds the actual amount to spend. Because a call's
 * reservation is taken from credit that was still free, spend plus reservations never exceed the limit as long as calls
 * settle at most what they reserved; a call that costs more than it reserved (settling above its hold, without
 * extending) overshoots by exactly that difference, which is the only overshoot there is.
 *
 * <p>Settle is exactly-once by construction: each reservation is an entry in a map of holds, keyed by its id, and only
 * the call that removes the entry settles it; a second settle of the same id finds nothing and does nothing, and an
 * extend after the settle returns false. The hold remembers its current amount (the {@link BudgetDecision.Reserved}
 * record is immutable and keeps the original one) and the period it was charged in.
 *
 * <h2>Periods and reservations across a boundary</h2>
 * A reservation made before a boundary and settled after it settles its spend into the old period: it is released, and
 * its actual amount is not added to the new period's spend (the usage ledger records it, with its time, in the old
 * period). While it is still in flight after the boundary it keeps holding its credit in the new period too, which errs
 * towards refusing, for at most the length of one call. A change of a budget's reset (daily to monthly, say) keeps the
 * current spend if the new period began earlier and starts from zero if it began later; reseed after such a change.
 *
 * <h2>Start-up</h2>
 * Spend settled before a restart is not in memory. Start-up calls {@link #seed} for each budgeted scope with
 * {@code SpendHistory.spentSince(scope, reset.startOf(now))} (blocking: off the event loop, before traffic), so the
 * ledger resumes where the last process left off.
 *
 * <h2>Money and memory</h2>
 * Amounts are picodollars in {@code long}s; sums that the checks bound use {@link Math#addExact}, and spend, which a
 * call may push beyond its limit, saturates at {@link Long#MAX_VALUE} (about 9.2 million dollars) instead of wrapping.
 * A scope's state is about 100 bytes and lives while its period does: once its period has ended and nothing is held, it
 * would start from zero anyway and is evicted, lazily once a minute or by {@link #evictStale}. Budgets that never reset
 * ({@link Period#NONE}) keep their state for as long as the process runs. Holds live from reserve to settle; a
 * reservation never settled (which the interface rules out) would keep its hold and its credit. Time
 * is only ever the {@code nowMillis} passed in.
 */
public final class LocalBudgetLedger implements BudgetLedger {

    /** How often a call sweeps out scopes whose period has ended. */
    public static final long SWEEP_EVERY_MILLIS = 60_000;

    private final ScopeTable<Account> table = new ScopeTable<>(Account::new);
    private final ConcurrentHashMap<String, Hold> holds = new ConcurrentHashMap<>();
    private final Supplier<String> ids;

    /** A ledger whose reservation ids are {@code r1}, {@code r2}, … (unique within this ledger). */
    public LocalBudgetLedger() {
        this(counterIds());
    }

    /**
     * A ledger taking reservation ids from {@code ids}, which must never repeat an id still held.
     *
     * @param ids called once per reservation attempt
     */
    public LocalBudgetLedger(Supplier<String> ids) {
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    private static Supplier<String> counterIds() {
        AtomicLong counter = new AtomicLong();
        return () -> "r" + counter.incrementAndGet();
    }

    @Override
    public Future<BudgetDecision> reserve(List<ScopedBudget> scopes, long picos, long nowMillis) {
        return Future.succeededFuture(reserveNow(scopes, picos, nowMillis));
    }

    @Override
    public Future<Boolean> extend(BudgetDecision.Reserved reservation, long morePicos, long nowMillis) {
        return Future.succeededFuture(extendNow(reservation, morePicos, nowMillis));
    }

    @Override
    public Future<Void> settle(BudgetDecision.Reserved reservation, long actualPicos, long nowMillis) {
        settleNow(reservation, actualPicos, nowMillis);
        return Future.succeededFuture();
    }

    @Override
    public Future<BudgetStanding> standing(ScopedBudget scope, long nowMillis) {
        return Future.succeededFuture(standingNow(scope, nowMillis));
    }

    /** {@link #reserve}, decided and held on the calling thread. */
    public BudgetDecision reserveNow(List<ScopedBudget> scopes, long picos, long nowMillis) {
        Objects.requireNonNull(scopes, "scopes");
        requireNonNegative("picos", picos);
        maybeSweep(nowMillis);
        int n = scopes.size();
        Scope[] keys = new Scope[n];
        Budget[] budgets = new Budget[n];
        for (int i = 0; i < n; i++) {
            ScopedBudget sb = scopes.get(i);
            keys[i] = sb.scope();
            budgets[i] = sb.budget();
        }
        String id = Objects.requireNonNull(ids.get(), "id");
        ScopeTable.Entry[] states = new ScopeTable.Entry[n];
        table.lockAll(keys, n, states);
        try {
            int least = -1;
            long leastRemaining = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                Account a = (Account) states[i];
                a.roll(budgets[i].reset(), nowMillis);
                long remaining = a.remaining(budgets[i].limitPicos());
                if (remaining < leastRemaining) {
                    least = i;
                    leastRemaining = remaining;
                }
            }
            if (least >= 0 && leastRemaining < picos) {
                return new BudgetDecision.Refused(keys[least], leastRemaining, picos,
                        ((Account) states[least]).periodEnd);
            }
            long[] periodStarts = new long[n];
            for (int i = 0; i < n; i++) {
                periodStarts[i] = ((Account) states[i]).periodStart;
            }
            Hold hold = new Hold(keys, budgets, periodStarts, picos);
            if (holds.putIfAbsent(id, hold) != null) {
                throw new IllegalStateException("reservation id " + id + " is already held (expected: unique ids)");
            }
            for (int i = 0; i < n; i++) {
                Account a = (Account) states[i];
                a.reserved = Math.addExact(a.reserved, picos);
                a.holds++;
            }
            return new BudgetDecision.Reserved(id, scopes, picos, nowMillis);
        } finally {
            ScopeTable.unlockAll(states, n);
        }
    }

    /** {@link #extend}, on the calling thread. */
    public boolean extendNow(BudgetDecision.Reserved reservation, long morePicos, long nowMillis) {
        Objects.requireNonNull(reservation, "reservation");
        requireNonNegative("morePicos", morePicos);
        Hold hold = holds.get(reservation.id());
        if (hold == null) {
            return false;
        }
        int n = hold.scopes.length;
        ScopeTable.Entry[] states = new ScopeTable.Entry[n];
        table.lockAll(hold.scopes, n, states);
        try {
            if (hold.settled) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                Account a = (Account) states[i];
                a.roll(hold.budgets[i].reset(), nowMillis);
                if (a.remaining(hold.budgets[i].limitPicos()) < morePicos) {
                    return false;
                }
            }
            for (int i = 0; i < n; i++) {
                Account a = (Account) states[i];
                a.reserved = Math.addExact(a.reserved, morePicos);
            }
            hold.picos = Math.addExact(hold.picos, morePicos);
            return true;
        } finally {
            ScopeTable.unlockAll(states, n);
        }
    }

    /** {@link #settle}, on the calling thread. */
    public void settleNow(BudgetDecision.Reserved reservation, long actualPicos, long nowMillis) {
        Objects.requireNonNull(reservation, "reservation");
        requireNonNegative("actualPicos", actualPicos);
        Hold hold = holds.remove(reservation.id());
        if (hold == null) {
            return;
        }
        int n = hold.scopes.length;
        ScopeTable.Entry[] states = new ScopeTable.Entry[n];
        table.lockAll(hold.scopes, n, states);
        try {
            hold.settled = true;
            for (int i = 0; i < n; i++) {
                Account a = (Account) states[i];
                a.roll(hold.budgets[i].reset(), nowMillis);
                a.reserved = Math.max(0, a.reserved - hold.picos);
                a.holds--;
                if (hold.periodStarts[i] == a.periodStart) {
                    a.spent = saturatedAdd(a.spent, actualPicos);
                }
            }
        } finally {
            ScopeTable.unlockAll(states, n);
        }
    }

    /** {@link #standing}, on the calling thread. */
    public BudgetStanding standingNow(ScopedBudget scope, long nowMillis) {
        Objects.requireNonNull(scope, "scope");
        Budget budget = scope.budget();
        Account a = table.peek(scope.scope());
        if (a != null) {
            a.lock.lock();
            try {
                if (!a.dead) {
                    a.roll(budget.reset(), nowMillis);
                    return new BudgetStanding(budget.limitPicos(), a.spent, a.reserved, a.periodStart, a.periodEnd);
                }
            } finally {
                a.lock.unlock();
            }
        }
        Period p = budget.reset();
        return new BudgetStanding(budget.limitPicos(), 0, 0, p.startOf(nowMillis), p.nextStart(nowMillis));
    }

    /**
     * Sets the spend a scope had already settled in the period starting at {@code periodStartMillis}, as the usage
     * ledger remembers it. Start-up calls it, before traffic, with {@code SpendHistory.spentSince(scope,
     * budget.reset().startOf(now))} for each budgeted scope. It replaces the spend of that period; a seed for a
     * period older than the one the scope is in is ignored, and one for a newer period moves the scope into it.
     *
     * @param scope the key or workspace
     * @param periodStartMillis {@link Period#startOf} the current time under the scope's reset (0 for never)
     * @param spentPicos settled spend since then, at least 0
     */
    public void seed(Scope scope, long periodStartMillis, long spentPicos) {
        Objects.requireNonNull(scope, "scope");
        requireNonNegative("spentPicos", spentPicos);
        Scope[] keys = {scope};
        ScopeTable.Entry[] states = new ScopeTable.Entry[1];
        table.lockAll(keys, 1, states);
        try {
            Account a = (Account) states[0];
            if (periodStartMillis > a.periodStart) {
                a.periodStart = periodStartMillis;
                a.period = null;
                a.spent = spentPicos;
            } else if (periodStartMillis == a.periodStart) {
                a.spent = spentPicos;
            }
        } finally {
            ScopeTable.unlockAll(states, 1);
        }
    }

    /**
     * Evicts the scopes whose period has ended with nothing held (their next call would start from zero anyway).
     * Calls run this lazily once a minute; a server may also call it from a timer.
     *
     * @return how many scopes were evicted
     */
    public int evictStale(long nowMillis) {
        return table.sweep(stale(nowMillis));
    }

    /** How many scopes currently have state in memory. */
    public int trackedScopes() {
        return table.size();
    }

    /** How many reservations are held (reserved and not yet settled). */
    public int heldReservations() {
        return holds.size();
    }

    /** The scopes whose state carries nothing at {@code nowMillis}. */
    private static Predicate<Account> stale(long nowMillis) {
        return a -> a.holds == 0 && a.period != null && nowMillis >= a.periodEnd;
    }

    private void maybeSweep(long nowMillis) {
        table.maybeSweep(nowMillis, SWEEP_EVERY_MILLIS, stale(nowMillis));
    }

    private static void requireNonNegative(String name, long picos) {
        if (picos < 0) {
            throw new IllegalArgumentException(name + ": " + picos + " picodollars (expected: >= 0)");
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < a ? Long.MAX_VALUE : r;
    }

    /** One scope's period, spend and holds, guarded by its lock. */
    static final class Account extends ScopeTable.Entry {
        /** The reset the period was computed under; null before the first call (or after a seed). */
        Period period;
        long periodStart = Long.MIN_VALUE;
        long periodEnd = Long.MIN_VALUE;
        long spent;
        long reserved;
        int holds;

        Account(long order) {
            super(order);
        }

        /** Moves to the period containing {@code nowMillis} under {@code reset}, if newer than the current one. */
        void roll(Period reset, long nowMillis) {
            if (reset == period && nowMillis >= periodStart && nowMillis < periodEnd) {
                return;
            }
            long start = reset.startOf(nowMillis);
            if (start > periodStart) {
                periodStart = start;
                spent = 0;
            }
            period = reset;
            periodEnd = reset.nextStart(periodStart);
        }

        /** {@code limit − spent − reserved}, at least 0, without overflow. */
        long remaining(long limit) {
            if (spent >= limit) {
                return 0;
            }
            long r = limit - spent;
            return reserved >= r ? 0 : r - reserved;
        }
    }

    /** One reservation in flight. Fields other than the finals are guarded by the locks of its scopes. */
    private static final class Hold {
        final Scope[] scopes;
        final Budget[] budgets;
        /** The period each scope was charged in: spend settles into it, or nowhere if it has ended. */
        final long[] periodStarts;
        long picos;
        boolean settled;

        Hold(Scope[] scopes, Budget[] budgets, long[] periodStarts, long picos) {
            this.scopes = scopes;
            this.budgets = budgets;
            this.periodStarts = periodStarts;
            this.picos = picos;
        }
    }
}
