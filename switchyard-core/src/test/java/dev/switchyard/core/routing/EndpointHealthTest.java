package dev.switchyard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointHealthTest {

    private final FakeTicker ticker = new FakeTicker();
    private final HealthConfig config = HealthConfig.builder().failureThreshold(3).openDuration(Duration.ofSeconds(30))
            .halfOpenProbes(1).defaultCooldown(Duration.ofSeconds(5)).maxCooldown(Duration.ofSeconds(60))
            .ewmaAlpha(0.5).build();
    private final EndpointHealth health = new EndpointHealth(config, ticker);

    @Test
    void breakerOpensAfterConsecutiveFailuresAndClosesAfterASuccessfulProbe() {
        for (int i = 0; i < 2; i++) {
            assertThat(health.tryAcquire()).isTrue();
            health.onFailure();
        }
        assertThat(health.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(health.tryAcquire()).isTrue();
        health.onFailure();
        assertThat(health.state()).isEqualTo(BreakerState.OPEN);
        assertThat(health.unavailableReason()).isEqualTo("circuit_open");
        assertThat(health.tryAcquire()).isFalse();
        assertThat(health.secondsUntilAvailable()).isEqualTo(30);

        ticker.advance(Duration.ofSeconds(29));
        assertThat(health.tryAcquire()).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(health.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(health.unavailableReason()).isEmpty();
        assertThat(health.tryAcquire()).as("the probe").isTrue();
        assertThat(health.tryAcquire()).as("a second request while the probe runs").isFalse();
        health.onSuccess(100, 20, 50);
        assertThat(health.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(health.tryAcquire()).isTrue();
    }

    @Test
    void aFailedProbeOpensTheBreakerForAnotherFullPeriod() {
        for (int i = 0; i < 3; i++) {
            health.tryAcquire();
            health.onFailure();
        }
        ticker.advance(Duration.ofSeconds(30));
        assertThat(health.tryAcquire()).isTrue();
        health.onFailure();
        assertThat(health.state()).isEqualTo(BreakerState.OPEN);
        ticker.advance(Duration.ofSeconds(29));
        assertThat(health.tryAcquire()).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(health.tryAcquire()).isTrue();
    }

    @Test
    void abandonedProbeFreesItsSlot() {
        for (int i = 0; i < 3; i++) {
            health.tryAcquire();
            health.onFailure();
        }
        ticker.advance(Duration.ofSeconds(30));
        assertThat(health.tryAcquire()).isTrue();
        health.onAbandoned();
        assertThat(health.tryAcquire()).isTrue();
    }

    @Test
    void rateLimitCoolsDownForRetryAfterCappedAndIsNotAFailure() {
        health.tryAcquire();
        health.onRateLimited(7);
        assertThat(health.unavailableReason()).isEqualTo("cooldown");
        assertThat(health.secondsUntilAvailable()).isEqualTo(7);
        assertThat(health.errorRate()).isZero();
        assertThat(health.state()).isEqualTo(BreakerState.CLOSED);
        ticker.advance(Duration.ofSeconds(7));
        assertThat(health.unavailableReason()).isEmpty();

        health.onRateLimited(-1);
        assertThat(health.secondsUntilAvailable()).isEqualTo(5);
        ticker.advance(Duration.ofSeconds(5));
        health.onRateLimited(3600);
        assertThat(health.secondsUntilAvailable()).isEqualTo(60);
        assertThat(health.snapshot().last5m().requests()).as("rate limits are not counted in uptime").isZero();
    }

    @Test
    void movingAveragesWeighTheNewestSample() {
        health.onSuccess(100, 40, 10);
        assertThat(health.latencyMillis()).isEqualTo(100);
        health.onSuccess(200, 60, -1);
        assertThat(health.latencyMillis()).isEqualTo(150);
        assertThat(health.ttftMillis()).isEqualTo(50);
        assertThat(health.throughput()).isEqualTo(10);
        health.onFailure();
        assertThat(health.errorRate()).isEqualTo(0.5);
        health.onSuccess(100, 40, 10);
        assertThat(health.errorRate()).isEqualTo(0.25);
    }

    @Test
    void windowsReportUptimeAndPercentilesAndForgetOldSamples() {
        for (int i = 0; i < 9; i++) {
            health.onSuccess(1000, 100, 50);
        }
        health.onFailure();
        HealthSnapshot now = health.snapshot();
        assertThat(now.last5m().requests()).isEqualTo(10);
        assertThat(now.last5m().uptimePercent()).isEqualTo(90.0);
        assertThat(now.last5m().ttftMillis()[0]).isBetween(75.0, 125.0);
        assertThat(now.last30m().tokensPerSecond()[3]).isBetween(37.5, 62.5);

        ticker.advance(Duration.ofMinutes(6));
        HealthSnapshot later = health.snapshot();
        assertThat(later.last5m().requests()).isZero();
        assertThat(later.last5m().uptimePercent()).isEqualTo(-1);
        assertThat(later.last30m().requests()).isEqualTo(10);

        ticker.advance(Duration.ofMinutes(30));
        assertThat(health.snapshot().last30m().requests()).isZero();
        assertThat(health.snapshot().last1d().requests()).isEqualTo(10);
        ticker.advance(Duration.ofHours(24));
        assertThat(health.snapshot().last1d().requests()).isZero();
    }

    @Test
    void anUnavailabilityLearnedFromAnotherReplicaShowsHowLongItLasts() {
        health.learnedElsewhere(new Unavailability("circuit_open", 12_500));
        assertThat(health.unavailableReason()).isEqualTo("circuit_open");
        assertThat(health.secondsUntilAvailable()).as("what the endpoints view and Retry-After say").isEqualTo(13);
        assertThat(health.ownUnavailability()).as("never reported back").isEmpty();
        ticker.advance(Duration.ofMillis(12_500));
        assertThat(health.unavailableReason()).isEmpty();
        assertThat(health.secondsUntilAvailable()).isZero();
    }

    @Test
    void percentileBuckets() {
        long[] counts = new long[WindowedStats.BUCKETS];
        counts[WindowedStats.bucketOf(10)] = 50;
        counts[WindowedStats.bucketOf(1000)] = 50;
        assertThat(WindowedStats.percentile(counts, 0.5)).isBetween(7.5, 12.5);
        assertThat(WindowedStats.percentile(counts, 0.99)).isBetween(750.0, 1250.0);
        assertThat(WindowedStats.percentile(new long[WindowedStats.BUCKETS], 0.5)).isEqualTo(-1);
    }
}
