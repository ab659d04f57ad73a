package dev.switchyard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.RateDecision;
import dev.switchyard.core.accounts.RateLimiter.ScopedLimits;
import dev.switchyard.core.accounts.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leases that outlive a dead replica only briefly, and both outage policies, on a real Redis stopped and started. */
class RedisRateLimiterOutageTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final long T0 = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
    private static final List<ScopedLimits> ONE_AT_A_TIME = List.of(
            new ScopedLimits(Scope.key("k"), new Limits(2, 0, 1, Set.of(), Set.of())),
            new ScopedLimits(Scope.workspace("w"), Limits.NONE));

    private final AtomicLong now = new AtomicLong(T0);

    @BeforeEach
    void clean() throws Exception {
        REDIS.start(); // a no-op when running: a test below stops it
        REDIS.flush();
    }

    @AfterEach
    void restart() throws Exception {
        REDIS.start();
    }

    private RedisRateLimiter limiter(String replica, OutagePolicy policy, Reachability reachability) {
        return new RedisRateLimiter(REDIS.api(), now::get,
                new RedisRateLimiter.Settings(replica, 30_000, 2_000, policy, true), reachability);
    }

    private static RateDecision admit(RedisRateLimiter limiter, long at) {
        return limiter.admit(ONE_AT_A_TIME, 0, at).toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aDeadReplicasSlotIsFreedWhenItsLeaseRunsOutAndALiveOneKeepsItsSlot() {
        Reachability reach = new Reachability(now::get, 1_000);
        RedisRateLimiter dead = limiter("dead", OutagePolicy.FAIL_CLOSED, reach);
        assertThat(admit(dead, T0)).isInstanceOf(RateDecision.Admitted.class);
        RedisRateLimiter live = limiter("live", OutagePolicy.FAIL_CLOSED, reach);
        assertThat(admit(live, T0 + 29_999)).as("the dead replica's lease still holds the only slot")
                .isInstanceOf(RateDecision.Refused.class);
        RateDecision taken = admit(live, T0 + 30_000);
        assertThat(taken).as("the lease ran out at +30 s").isInstanceOf(RateDecision.Admitted.class);

        now.set(T0 + 50_000);
        assertThat(live.renewLeases().await()).isEqualTo(1);
        assertThat(admit(limiter("third", OutagePolicy.FAIL_CLOSED, reach), T0 + 70_000))
                .as("renewed at +50 s, the live replica's lease holds until +80 s")
                .isInstanceOf(RateDecision.Refused.class);
        live.settle((RateDecision.Admitted) taken, 0, T0 + 71_000).await();
        assertThat(live.inFlight()).isZero();
        assertThat(admit(limiter("third", OutagePolicy.FAIL_CLOSED, reach), T0 + 72_000))
                .isInstanceOf(RateDecision.Admitted.class);
    }

    @Test
    void failClosedRefusesWhileRedisIsDownAndRecoversByItself() throws Exception {
        Reachability reach = new Reachability(now::get, 1_000);
        RedisRateLimiter limiter = limiter("r", OutagePolicy.FAIL_CLOSED, reach);
        assertThat(admit(limiter, T0)).isInstanceOf(RateDecision.Admitted.class);
        REDIS.stop();
        assertThatThrownBy(() -> admit(limiter, T0 + 1)).isInstanceOf(CompletionException.class)
                .hasMessageContaining("Redis");
        assertThat(reach.up()).isFalse();
        assertThatThrownBy(() -> admit(limiter, T0 + 2)).as("within the back-off: no call, still refused")
                .hasMessageContaining("unreachable");
        REDIS.start();
        now.set(T0 + 1_500);
        RateDecision after = admit(limiter, T0 + 1_500);
        assertThat(after).as("the probe after the back-off finds Redis (restarted empty: no persistence in this test)")
                .isInstanceOf(RateDecision.Admitted.class);
        assertThat(((RateDecision.Admitted) after).id()).isNotEmpty();
        assertThat(reach.up()).isTrue();
    }

    @Test
    void failOpenDecidesLocallyWhileRedisIsDownThenReturnsToRedis() throws Exception {
        Reachability reach = new Reachability(now::get, 1_000);
        RedisRateLimiter limiter = limiter("r", OutagePolicy.FAIL_OPEN_LOCAL, reach);
        REDIS.stop();
        RateDecision local = admit(limiter, T0);
        assertThat(local).as("decided by the local engine").isInstanceOf(RateDecision.Admitted.class);
        assertThat(((RateDecision.Admitted) local).id()).isEmpty();
        assertThat(admit(limiter, T0 + 1)).as("the local engine enforces the limit too")
                .isInstanceOf(RateDecision.Refused.class);
        limiter.settle((RateDecision.Admitted) local, 0, T0 + 2).await();
        REDIS.start();
        now.set(T0 + 2_000);
        RateDecision shared = admit(limiter, T0 + 2_000);
        assertThat(shared).isInstanceOf(RateDecision.Admitted.class);
        assertThat(((RateDecision.Admitted) shared).id()).as("decided by Redis again").isNotEmpty();
        assertThat(reach.up()).isTrue();
    }
}
