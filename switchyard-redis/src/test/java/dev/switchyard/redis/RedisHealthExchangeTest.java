package dev.switchyard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.HealthRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas' health registries, one Redis: what one replica's breaker sees, the other avoids. */
class RedisHealthExchangeTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong wall = new AtomicLong(1_800_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final HealthConfig config = HealthConfig.builder().failureThreshold(2).openDuration(Duration.ofSeconds(30))
            .build();

    private void advance(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
        wall.addAndGet(millis);
    }

    @Test
    void anOpenBreakerOnOneReplicaKeepsTheEndpointOutOnTheOtherUntilItsTimeIsUp() {
        REDIS.flush();
        HealthRegistry a = new HealthRegistry(config, ticker);
        HealthRegistry b = new HealthRegistry(config, ticker);
        RedisHealthExchange toA = new RedisHealthExchange(REDIS.api(), wall::get, a, "a", 5_000);
        RedisHealthExchange toB = new RedisHealthExchange(REDIS.api(), wall::get, b, "b", 5_000);
        b.of("deepseek/x@p").onSuccess(100, 50, 20); // b knows the endpoint as healthy

        a.of("deepseek/x@p").onFailure();
        a.of("deepseek/x@p").onFailure();
        assertThat(a.of("deepseek/x@p").unavailableReason()).isEqualTo("circuit_open");
        assertThat(toA.sync().await()).as("a learns nothing from itself").isZero();
        assertThat(toB.sync().await()).isEqualTo(1);
        assertThat(b.of("deepseek/x@p").unavailableReason()).isEqualTo("circuit_open");
        assertThat(b.of("deepseek/x@p").ownUnavailability()).as("b does not pass it on as its own").isEmpty();

        advance(29_000);
        assertThat(toB.sync().await()).isEqualTo(1);
        assertThat(b.of("deepseek/x@p").unavailableReason()).isEqualTo("circuit_open");
        advance(1_001);
        assertThat(b.of("deepseek/x@p").unavailableReason()).as("a's open period is over").isEmpty();
        assertThat(toB.sync().await()).as("the expired report is gone").isZero();
    }

    @Test
    void aCooldownTravelsToo() {
        REDIS.flush();
        HealthRegistry a = new HealthRegistry(config, ticker);
        HealthRegistry b = new HealthRegistry(config, ticker);
        a.of("kimi/k@p").onRateLimited(10);
        new RedisHealthExchange(REDIS.api(), wall::get, a, "a", 5_000).sync().await();
        new RedisHealthExchange(REDIS.api(), wall::get, b, "b", 5_000).sync().await();
        assertThat(b.of("kimi/k@p").unavailableReason()).isEqualTo("cooldown");
        assertThat(b.of("kimi/k@p").tryAcquire()).isFalse();
    }
}
