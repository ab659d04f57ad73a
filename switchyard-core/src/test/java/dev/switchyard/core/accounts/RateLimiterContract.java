package dev.switchyard.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.RateDecision.Admitted;
import dev.switchyard.core.accounts.RateDecision.Kind;
import dev.switchyard.core.accounts.RateDecision.Refused;
import dev.switchyard.core.accounts.RateDecision.Standing;
import dev.switchyard.core.accounts.RateLimiter.ScopedLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do, whatever keeps its counters: run it against an implementation by extending
 * this class and saying how to make a fresh, empty one. Time is only ever the {@code nowMillis} passed in.
 */
public abstract class RateLimiterContract {

    /** A Monday noon, UTC, on a whole second. */
    protected static final long T0 = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();
    protected static final Scope KEY = Scope.key("key-1");
    protected static final Scope OTHER_KEY = Scope.key("key-2");
    protected static final Scope WS = Scope.workspace("ws-1");

    protected RateLimiter limiter;

    /** A fresh limiter that has counted nothing. */
    protected abstract RateLimiter newLimiter();

    @BeforeEach
    void createLimiter() {
        limiter = newLimiter();
    }

    protected static Limits limits(long rpm, long tpm, int concurrent) {
        return new Limits(rpm, tpm, concurrent, Set.of(), Set.of());
    }

    protected static ScopedLimits on(Scope scope, Limits limits) {
        return new ScopedLimits(scope, limits);
    }

    protected static Optional<Standing> standing(RateDecision d, Scope scope, Kind kind) {
        return d.standings().stream().filter(s -> s.scope().equals(scope) && s.kind() == kind).findFirst();
    }

    protected RateDecision admit(long now, long tokens, ScopedLimits... scopes) {
        return limiter.admit(List.of(scopes), tokens, now).toCompletionStage().toCompletableFuture().join();
    }

    /** Settles and waits until the limiter has recorded it. */
    protected void settle(Admitted admitted, long actualTokens, long now) {
        limiter.settle(admitted, actualTokens, now).toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void requestsPerMinuteIsExactAtTheWindowBoundary() {
        ScopedLimits key = on(KEY, limits(3, 0, 0));
        assertThat(admit(T0, 0, key)).isInstanceOf(Admitted.class);
        assertThat(admit(T0 + 10_000, 0, key)).isInstanceOf(Admitted.class);
        assertThat(admit(T0 + 20_000, 0, key)).isInstanceOf(Admitted.class);

        RateDecision refused = admit(T0 + 59_999, 0, key);
        assertThat(refused).isInstanceOf(Refused.class);
        Refused r = (Refused) refused;
        assertThat(r.refusing()).isEqualTo(new Standing(KEY, Kind.REQUESTS, 3, 0, 20_001));
        assertThat(r.retryAfterMillis()).isEqualTo(1);

        RateDecision atSixty = admit(T0 + 60_000, 0, key);
        assertThat(atSixty).as("the first admission is exactly 60 s old").isInstanceOf(Admitted.class);
        assertThat(standing(atSixty, KEY, Kind.REQUESTS)).contains(new Standing(KEY, Kind.REQUESTS, 3, 0, 60_000));

        RateDecision next = admit(T0 + 60_001, 0, key);
        assertThat(next).isInstanceOf(Refused.class);
        assertThat(((Refused) next).retryAfterMillis()).isEqualTo(T0 + 70_000 - (T0 + 60_001));
        assertThat(admit(T0 + 69_999, 0, key)).isInstanceOf(Refused.class);
        assertThat(admit(T0 + 70_000, 0, key)).isInstanceOf(Admitted.class);
    }

    @Test
    void requestsPerMinuteMatchesABruteForceCountOverRandomTrafficAndChangingLimits() {
        Random random = new Random(42);
        List<Long> admittedTimes = new ArrayList<>();
        long now = T0;
        long rpm = 20;
        for (int i = 0; i < 20_000; i++) {
            now += random.nextInt(random.nextInt(10) == 0 ? 20_000 : 3_000);
            if (random.nextInt(500) == 0) {
                rpm = 1 + random.nextInt(40);
            }
            long cutoff = now - 60_000;
            long inWindow = admittedTimes.stream().filter(t -> t > cutoff).count();
            RateDecision d = admit(now, 0, on(KEY, limits(rpm, 0, 0)));
            assertThat(d instanceof Admitted).as("request %d at +%d ms, rpm %d, %d in window", i, now - T0, rpm,
                    inWindow).isEqualTo(inWindow < rpm);
            if (d instanceof Admitted a) {
                admittedTimes.add(now);
                settle(a, 0, now);
                assertThat(standing(d, KEY, Kind.REQUESTS).orElseThrow().remaining()).isEqualTo(rpm - inWindow - 1);
            } else {
                long oldestNeeded = admittedTimes.stream().filter(t -> t > cutoff).sorted()
                        .skip(inWindow - rpm).findFirst().orElseThrow();
                assertThat(((Refused) d).retryAfterMillis()).isEqualTo(oldestNeeded + 60_000 - now);
            }
            if (admittedTimes.size() > 1000) {
                admittedTimes.removeIf(t -> t <= cutoff);
            }
        }
    }

    @Test
    void aLoweredRequestLimitRefusesAndARaisedOneAdmitsAgain() {
        for (int i = 0; i < 5; i++) {
            assertThat(admit(T0 + i, 0, on(KEY, limits(5, 0, 0)))).isInstanceOf(Admitted.class);
        }
        assertThat(admit(T0 + 10, 0, on(KEY, limits(2, 0, 0)))).isInstanceOf(Refused.class);
        RateDecision raised = admit(T0 + 20, 0, on(KEY, limits(7, 0, 0)));
        assertThat(raised).isInstanceOf(Admitted.class);
        assertThat(standing(raised, KEY, Kind.REQUESTS).orElseThrow().remaining()).isEqualTo(1);
        assertThat(admit(T0 + 30, 0, on(KEY, limits(7, 0, 0)))).isInstanceOf(Admitted.class);
        assertThat(admit(T0 + 40, 0, on(KEY, limits(7, 0, 0)))).isInstanceOf(Refused.class);
        assertThat(admit(T0 + 60_001, 0, on(KEY, limits(2, 0, 0)))).isInstanceOf(Refused.class);
        assertThat(admit(T0 + 60_019, 0, on(KEY, limits(2, 0, 0)))).as("+20 ms and +30 ms are in the window")
                .isInstanceOf(Refused.class);
        assertThat(admit(T0 + 60_020, 0, on(KEY, limits(2, 0, 0)))).as("only +30 ms is").isInstanceOf(Admitted.class);
    }

    @Test
    void aRefusalByTheWorkspaceChargesNothingToTheKey() {
        ScopedLimits key = on(KEY, limits(10, 1_000, 5));
        ScopedLimits ws = on(WS, limits(1, 0, 0));
        RateDecision first = admit(T0, 100, key, ws);
        assertThat(first).isInstanceOf(Admitted.class);

        RateDecision second = admit(T0 + 1, 100, key, ws);
        assertThat(second).isInstanceOf(Refused.class);
        assertThat(((Refused) second).refusing().scope()).isEqualTo(WS);
        assertThat(((Refused) second).refusing().kind()).isEqualTo(Kind.REQUESTS);
        assertThat(standing(second, KEY, Kind.REQUESTS).orElseThrow().remaining()).isEqualTo(9);
        assertThat(standing(second, KEY, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(900);
        assertThat(standing(second, KEY, Kind.CONCURRENT).orElseThrow().remaining()).isEqualTo(4);

        ScopedLimits otherWs = on(Scope.workspace("ws-2"), limits(100, 0, 0));
        for (int i = 0; i < 4; i++) {
            RateDecision d = admit(T0 + 2, 100, key, otherWs);
            assertThat(d).as("admission %d", i).isInstanceOf(Admitted.class);
        }
        RateDecision full = admit(T0 + 3, 100, key, otherWs);
        assertThat(full).isInstanceOf(Refused.class);
        assertThat(((Refused) full).refusing().kind()).isEqualTo(Kind.CONCURRENT);
        assertThat(((Refused) full).refusing().scope()).isEqualTo(KEY);
        assertThat(standing(full, Scope.workspace("ws-2"), Kind.REQUESTS).orElseThrow().remaining()).isEqualTo(96);
    }

    @Test
    void tokensAreChargedAtTheEstimateAndSettledToTheActualCount() {
        ScopedLimits key = on(KEY, limits(0, 1_000, 0));
        RateDecision first = admit(T0, 600, key);
        assertThat(first).isInstanceOf(Admitted.class);
        assertThat(standing(first, KEY, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(400);
        assertThat(standing(first, KEY, Kind.TOKENS).orElseThrow().resetMillis()).isBetween(60_000L, 61_000L);

        RateDecision second = admit(T0 + 100, 600, key);
        assertThat(second).isInstanceOf(Refused.class);
        Refused r = (Refused) second;
        assertThat(r.refusing().kind()).isEqualTo(Kind.TOKENS);
        assertThat(r.refusing().remaining()).isEqualTo(400);
        assertThat(r.refusing().limit()).isEqualTo(1_000);
        assertThat(r.retryAfterMillis()).isBetween(59_900L, 60_900L);

        settle((Admitted) first, 100, T0 + 200);
        RateDecision third = admit(T0 + 300, 600, key);
        assertThat(third).isInstanceOf(Admitted.class);
        assertThat(standing(third, KEY, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(300);
        settle((Admitted) third, 900, T0 + 400);
        assertThat(admit(T0 + 500, 1, key)).as("100 + 900 used the whole minute").isInstanceOf(Refused.class);

        RateDecision later = admit(T0 + 61_000, 1_000, key);
        assertThat(later).as("everything charged at T0 has left the window").isInstanceOf(Admitted.class);
    }

    @Test
    void settleFreesTheConcurrencySlot() {
        ScopedLimits key = on(KEY, limits(0, 0, 2));
        RateDecision a = admit(T0, 0, key);
        RateDecision b = admit(T0, 0, key);
        assertThat(a).isInstanceOf(Admitted.class);
        assertThat(b).isInstanceOf(Admitted.class);
        assertThat(standing(b, KEY, Kind.CONCURRENT)).contains(new Standing(KEY, Kind.CONCURRENT, 2, 0, 0));

        RateDecision c = admit(T0 + 1, 0, key);
        assertThat(c).isInstanceOf(Refused.class);
        assertThat(((Refused) c).retryAfterMillis()).isZero();
        assertThat(((Refused) c).refusing()).isEqualTo(new Standing(KEY, Kind.CONCURRENT, 2, 0, 0));

        settle((Admitted) a, 0, T0 + 2);
        RateDecision d = admit(T0 + 3, 0, key);
        assertThat(d).isInstanceOf(Admitted.class);
        assertThat(standing(d, KEY, Kind.CONCURRENT).orElseThrow().remaining()).isZero();
    }

    @Test
    void standingsNameEveryLimitThatAppliesAndNoOther() {
        RateDecision d = admit(T0, 50, on(KEY, limits(10, 0, 3)), on(WS, limits(0, 500, 0)),
                on(OTHER_KEY, Limits.NONE));
        assertThat(d).isInstanceOf(Admitted.class);
        assertThat(d.standings()).containsExactlyInAnyOrder(
                new Standing(KEY, Kind.REQUESTS, 10, 9, 60_000),
                new Standing(KEY, Kind.CONCURRENT, 3, 2, 0),
                new Standing(WS, Kind.TOKENS, 500, 450, standing(d, WS, Kind.TOKENS).orElseThrow().resetMillis()));
        assertThat(admit(T0, 0, on(KEY, Limits.NONE)).standings()).isEmpty();
    }

    @Test
    void unlimitedScopesAreNeverRefused() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(admit(T0, 1_000_000, on(KEY, Limits.NONE), on(WS, Limits.NONE))).isInstanceOf(Admitted.class);
        }
    }

    @Test
    void theRefusalCarriesTheLongestWait() {
        admit(T0, 0, on(KEY, limits(1, 0, 1)));
        RateDecision d = admit(T0 + 1_000, 0, on(KEY, limits(1, 0, 1)));
        assertThat(d).isInstanceOf(Refused.class);
        assertThat(((Refused) d).refusing().kind()).isEqualTo(Kind.REQUESTS);
        assertThat(((Refused) d).retryAfterMillis()).isEqualTo(59_000);
        assertThat(d.standings()).hasSize(2);
    }

    @Test
    void manyThreadsAtOneInstantAdmitExactlyTheLimit() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        long rpm = 5_000;
        ScopedLimits key = on(KEY, limits(rpm, 0, 0));
        ScopedLimits ws = on(WS, limits(10_000, 0, 0));
        AtomicInteger admitted = new AtomicInteger();
        runConcurrently(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                RateDecision d = admit(T0, 0, key, ws);
                if (d instanceof Admitted a) {
                    admitted.incrementAndGet();
                    settle(a, 0, T0);
                }
            }
        });
        assertThat(admitted.get()).isEqualTo(rpm);
        RateDecision after = admit(T0, 0, key, ws);
        assertThat(after).isInstanceOf(Refused.class);
        assertThat(standing(after, WS, Kind.REQUESTS).orElseThrow().remaining()).isEqualTo(10_000 - rpm);
    }

    @Test
    void manyThreadsNeverHoldMoreThanTheConcurrencyLimit() throws Exception {
        int max = 3;
        ScopedLimits key = on(KEY, limits(0, 0, max));
        ScopedLimits ws = on(WS, limits(0, 0, max + 1));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        runConcurrently(8, t -> {
            for (int i = 0; i < 5_000; i++) {
                RateDecision d = admit(T0 + i, 0, key, ws);
                if (d instanceof Admitted a) {
                    admitted.incrementAndGet();
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    inFlight.decrementAndGet();
                    settle(a, 0, T0 + i);
                }
            }
        });
        assertThat(peak.get()).isBetween(1, max);
        assertThat(admitted.get()).isPositive();
        RateDecision end = admit(T0 + 10_000, 0, key, ws);
        assertThat(standing(end, KEY, Kind.CONCURRENT).orElseThrow().remaining()).as("all slots freed, one taken")
                .isEqualTo(max - 1);
        assertThat(standing(end, WS, Kind.CONCURRENT).orElseThrow().remaining()).isEqualTo(max);
    }

    @Test
    void manyThreadsKeepTokensWithinTheLimit() throws Exception {
        long tpm = 100_000;
        ScopedLimits key = on(KEY, limits(0, tpm, 0));
        ScopedLimits ws = on(WS, limits(0, tpm * 2, 0));
        AtomicInteger charged = new AtomicInteger();
        runConcurrently(8, t -> {
            Random random = new Random(t);
            for (int i = 0; i < 2_000; i++) {
                int estimate = 1 + random.nextInt(500);
                RateDecision d = admit(T0 + 1, estimate, key, ws);
                if (d instanceof Admitted a) {
                    int actual = random.nextInt(estimate + 1);
                    charged.addAndGet(actual);
                    settle(a, actual, T0 + 2);
                }
            }
        });
        RateDecision end = admit(T0 + 3, 0, key, ws);
        assertThat(charged.get()).isLessThanOrEqualTo((int) tpm);
        assertThat(standing(end, KEY, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(tpm - charged.get());
        assertThat(standing(end, WS, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(2 * tpm - charged.get());
    }

    /** Runs {@code body} on {@code threads} threads started together, failing on the first exception. */
    protected static void runConcurrently(int threads, ThrowingIntConsumer body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.accept(id);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A per-thread body. */
    @FunctionalInterface
    protected interface ThrowingIntConsumer {
        void accept(int thread) throws Exception;
    }
}
