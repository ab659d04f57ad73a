package dev.switchyard.bench.jmh;

import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.BudgetDecision;
import dev.switchyard.core.accounts.BudgetLedger.ScopedBudget;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.RateDecision;
import dev.switchyard.core.accounts.RateLimiter.ScopedLimits;
import dev.switchyard.core.accounts.local.LocalBudgetLedger;
import dev.switchyard.core.accounts.local.LocalRateLimiter;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The accounts work of one request on the in-process engines: admitting and settling it under a key's and its
 * workspace's requests-per-minute, tokens-per-minute and concurrency limits, reserving and settling its cost against
 * both budgets, and a refusal by the workspace. The clock moves {@code clockStepMillis} per operation: at 1 ms the
 * request windows hold a steady 60 000 admissions (a busy key), at 1 000 ms only 60; the limits are set above that, so
 * the admit benchmark is never refused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccountsBenchmark {

    private static final long T0 = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

    private LocalRateLimiter limiter;
    private LocalBudgetLedger ledger;
    private List<ScopedLimits> limits;
    private List<ScopedLimits> refusingLimits;
    private List<ScopedBudget> budgets;
    private long now = T0;

    @Param({"1", "1000"})
    public long clockStepMillis;

    @Setup
    public void setUp() {
        limiter = new LocalRateLimiter();
        ledger = new LocalBudgetLedger();
        dev.switchyard.core.accounts.Scope key = dev.switchyard.core.accounts.Scope.key("bench-key");
        dev.switchyard.core.accounts.Scope ws = dev.switchyard.core.accounts.Scope.workspace("bench-ws");
        limits = List.of(new ScopedLimits(key, new Limits(120_000, 1_000_000_000L, 64, Set.of(), Set.of())),
                new ScopedLimits(ws, new Limits(240_000, 2_000_000_000L, 256, Set.of(), Set.of())));
        dev.switchyard.core.accounts.Scope busyKey = dev.switchyard.core.accounts.Scope.key("busy-key");
        dev.switchyard.core.accounts.Scope fullWs = dev.switchyard.core.accounts.Scope.workspace("full-ws");
        refusingLimits = List.of(new ScopedLimits(busyKey, new Limits(120_000, 1_000_000_000L, 64, Set.of(), Set.of())),
                new ScopedLimits(fullWs, new Limits(1, 0, 0, Set.of(), Set.of())));
        limiter.decide(refusingLimits, 0, T0);
        budgets = List.of(new ScopedBudget(key, new Budget(Long.MAX_VALUE / 4, Period.DAILY)),
                new ScopedBudget(ws, new Budget(Long.MAX_VALUE / 2, Period.MONTHLY)));
    }

    /** One request's rate-limit round trip: admit (check and charge both scopes), then settle. */
    @Benchmark
    public RateDecision admitAndSettle() {
        long t = now += clockStepMillis;
        RateDecision d = limiter.decide(limits, 1_500, t);
        if (d instanceof RateDecision.Admitted a) {
            limiter.settle(a, 900, t);
        } else {
            throw new IllegalStateException("refused: " + d);
        }
        return d;
    }

    /** A request the workspace refuses (requests per minute), with the standings and retry time worked out. */
    @Benchmark
    public RateDecision admitRefused() {
        return limiter.decide(refusingLimits, 1_500, T0 + 1);
    }

    /** One request's budget round trip: reserve the most it may cost on both scopes, then settle the actual cost. */
    @Benchmark
    public BudgetDecision reserveAndSettle() {
        long t = now += clockStepMillis;
        BudgetDecision d = ledger.reserveNow(budgets, 2_000_000, t);
        if (d instanceof BudgetDecision.Reserved r) {
            ledger.settleNow(r, 1_234_567, t);
        } else {
            throw new IllegalStateException("refused: " + d);
        }
        return d;
    }
}
