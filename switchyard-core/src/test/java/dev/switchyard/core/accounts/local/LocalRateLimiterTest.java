package dev.switchyard.core.accounts.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.RateDecision;
import dev.switchyard.core.accounts.RateDecision.Admitted;
import dev.switchyard.core.accounts.RateDecision.Kind;
import dev.switchyard.core.accounts.RateDecision.Refused;
import dev.switchyard.core.accounts.RateLimiter;
import dev.switchyard.core.accounts.RateLimiterContract;
import dev.switchyard.core.accounts.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest extends RateLimiterContract {

    @Override
    protected RateLimiter newLimiter() {
        return new LocalRateLimiter();
    }

    private LocalRateLimiter local() {
        return (LocalRateLimiter) limiter;
    }

    @Test
    void aTokenChargeCountsUntil61SecondsAfterItsSecondBegan() {
        var key = on(KEY, limits(0, 1_000, 0));
        assertThat(admit(T0 + 500, 1_000, key)).isInstanceOf(Admitted.class);
        RateDecision refused = admit(T0 + 60_999, 1, key);
        assertThat(refused).isInstanceOf(Refused.class);
        assertThat(((Refused) refused).retryAfterMillis()).isEqualTo(1);
        assertThat(((Refused) refused).refusing().resetMillis()).isEqualTo(1);
        assertThat(admit(T0 + 61_000, 1, key)).isInstanceOf(Admitted.class);
    }

    @Test
    void settleCorrectsTheBucketTheEstimateWasChargedTo() {
        var key = on(KEY, limits(0, 1_000, 0));
        Admitted first = (Admitted) admit(T0, 800, key);
        assertThat(admit(T0 + 5_000, 100, key)).isInstanceOf(Admitted.class);
        limiter.settle(first, 100, T0 + 30_000);
        RateDecision mid = admit(T0 + 30_001, 0, key);
        assertThat(standing(mid, KEY, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(800);
        assertThat(standing(mid, KEY, Kind.TOKENS).orElseThrow().resetMillis()).isEqualTo(66_000 - 30_001);
        RateDecision afterFirst = admit(T0 + 61_000, 0, key);
        assertThat(standing(afterFirst, KEY, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(900);
        RateDecision afterBoth = admit(T0 + 66_000, 0, key);
        assertThat(standing(afterBoth, KEY, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(1_000);
    }

    @Test
    void aSettleAfterItsBucketLeftTheWindowChangesNothing() {
        var key = on(KEY, limits(0, 1_000, 0));
        Admitted a = (Admitted) admit(T0, 500, key);
        assertThat(admit(T0 + 61_500, 300, key)).isInstanceOf(Admitted.class);
        limiter.settle(a, 900, T0 + 62_000);
        RateDecision d = admit(T0 + 62_001, 0, key);
        assertThat(standing(d, KEY, Kind.TOKENS).orElseThrow().remaining()).isEqualTo(700);
    }

    @Test
    void anEstimateAboveTheWholeLimitRunsOnlyInAnEmptyWindow() {
        var key = on(KEY, limits(0, 1_000, 0));
        Admitted small = (Admitted) admit(T0, 10, key);
        RateDecision big = admit(T0 + 1_000, 5_000, key);
        assertThat(big).isInstanceOf(Refused.class);
        assertThat(((Refused) big).retryAfterMillis()).as("until the window is empty").isEqualTo(60_000);
        limiter.settle(small, 0, T0 + 2_000);
        assertThat(admit(T0 + 2_001, 5_000, key)).as("nothing left in the window").isInstanceOf(Admitted.class);
        assertThat(admit(T0 + 2_002, 1, key)).isInstanceOf(Refused.class);
    }

    @Test
    void aCallerWhoseClockIsBehindIsRecordedAtTheNewestTime() {
        var key = on(KEY, limits(2, 0, 0));
        assertThat(admit(T0 + 1_000, 0, key)).isInstanceOf(Admitted.class);
        assertThat(admit(T0 + 500, 0, key)).isInstanceOf(Admitted.class);
        RateDecision d = admit(T0 + 60_600, 0, key);
        assertThat(d).isInstanceOf(Refused.class);
        assertThat(((Refused) d).retryAfterMillis()).isEqualTo(400);
        assertThat(admit(T0 + 61_000, 0, key)).isInstanceOf(Admitted.class);
    }

    @Test
    void requestsMatchABruteForceCountWhenCallersClocksDisagree() {
        Random random = new Random(7);
        List<Long> recorded = new ArrayList<>();
        long clock = T0;
        long rpm = 10;
        for (int i = 0; i < 20_000; i++) {
            clock += random.nextInt(random.nextInt(10) == 0 ? 20_000 : 2_000);
            long now = clock - random.nextInt(300);
            if (random.nextInt(500) == 0) {
                rpm = 1 + random.nextInt(30);
            }
            long cutoff = now - 60_000;
            long inWindow = recorded.stream().filter(t -> t > cutoff).count();
            RateDecision d = admit(now, 0, on(KEY, limits(rpm, 0, 0)));
            assertThat(d instanceof Admitted).as("request %d, rpm %d, %d in window", i, rpm, inWindow)
                    .isEqualTo(inWindow < rpm);
            if (d instanceof Admitted) {
                long newest = recorded.isEmpty() ? now : Math.max(now, recorded.get(recorded.size() - 1));
                recorded.add(newest);
                assertThat(standing(d, KEY, Kind.REQUESTS).orElseThrow().remaining()).isEqualTo(rpm - inWindow - 1);
            }
            if (recorded.size() > 1000) {
                recorded.removeIf(t -> t <= cutoff - 1_000);
            }
        }
    }

    @Test
    void aLargeLimitGrowsTheRingAsTrafficNeeds() {
        var key = on(KEY, limits(100_000, 0, 0));
        for (int i = 0; i < 50_000; i++) {
            assertThat(admit(T0 + i / 100, 0, key)).isInstanceOf(Admitted.class);
        }
        RateDecision d = admit(T0 + 600, 0, key);
        assertThat(standing(d, KEY, Kind.REQUESTS).orElseThrow().remaining()).isEqualTo(49_999);
        RateDecision later = admit(T0 + 60_250, 0, key);
        assertThat(standing(later, KEY, Kind.REQUESTS).orElseThrow().remaining())
                .as("admissions at +0..+250 ms have left").isEqualTo(100_000 - (50_000 - 25_100) - 2);
    }

    @Test
    void idleScopesAreEvictedButNotThoseWithRequestsInFlight() {
        for (int i = 0; i < 100; i++) {
            var scope = on(Scope.key("k" + i), limits(10, 100, 1));
            Admitted a = (Admitted) admit(T0, 10, scope);
            limiter.settle(a, 10, T0);
        }
        Admitted running = (Admitted) admit(T0, 10, on(KEY, limits(10, 100, 1)));
        assertThat(local().trackedScopes()).isEqualTo(101);
        assertThat(local().evictIdle(T0 + LocalRateLimiter.IDLE_MILLIS)).isZero();
        assertThat(local().evictIdle(T0 + LocalRateLimiter.IDLE_MILLIS + 1)).isEqualTo(100);
        assertThat(local().trackedScopes()).isEqualTo(1);

        RateDecision stillHeld = admit(T0 + 200_000, 0, on(KEY, limits(10, 100, 1)));
        assertThat(stillHeld).as("the running request still holds the only slot").isInstanceOf(Refused.class);
        limiter.settle(running, 10, T0 + 200_001);
        assertThat(admit(T0 + 200_002, 0, on(KEY, limits(10, 100, 1)))).isInstanceOf(Admitted.class);
    }

    @Test
    void anEvictionRacingAnAdmissionNeverLosesACharge() throws Exception {
        int keys = 400;
        long rpm = 3;
        for (int k = 0; k < keys; k++) {
            var scope = on(Scope.key("race-" + k), limits(rpm, 0, 0));
            limiter.settle((Admitted) admit(T0, 0, scope), 0, T0);
        }
        long t1 = T0 + LocalRateLimiter.IDLE_MILLIS + 1;
        AtomicIntegerArray admitted = new AtomicIntegerArray(keys);
        AtomicBoolean done = new AtomicBoolean();
        Thread sweeper = new Thread(() -> {
            while (!done.get()) {
                local().evictIdle(t1);
            }
        });
        sweeper.start();
        try {
            runConcurrently(4, t -> {
                for (int k = 0; k < keys; k++) {
                    var scope = on(Scope.key("race-" + k), limits(rpm, 0, 0));
                    for (int i = 0; i < 2; i++) {
                        if (admit(t1, 0, scope) instanceof Admitted a) {
                            admitted.incrementAndGet(k);
                            limiter.settle(a, 0, t1);
                        }
                    }
                }
            });
        } finally {
            done.set(true);
            sweeper.join();
        }
        for (int k = 0; k < keys; k++) {
            assertThat(admitted.get(k)).as("key %d", k).isEqualTo((int) rpm);
        }
    }

    @Test
    void callsSweepIdleScopesLazily() {
        for (int i = 0; i < 10; i++) {
            limiter.settle((Admitted) admit(T0, 0, on(Scope.key("k" + i), limits(1, 0, 0))), 0, T0);
        }
        admit(T0 + 60_000, 0, on(KEY, limits(1, 0, 0)));
        assertThat(local().trackedScopes()).isEqualTo(11);
        admit(T0 + 121_000, 0, on(KEY, limits(1, 0, 0)));
        assertThat(local().trackedScopes()).as("swept at the first call a minute after the last sweep").isEqualTo(1);
        var again = on(Scope.key("k0"), limits(1, 0, 0));
        assertThat(admit(T0 + 121_001, 0, again)).as("an evicted scope starts empty, as it would have")
                .isInstanceOf(Admitted.class);
        assertThat(admit(T0 + 121_002, 0, again)).isInstanceOf(Refused.class);
    }
}
