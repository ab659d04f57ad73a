package dev.switchyard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.routing.StickySessions;
import dev.switchyard.core.routing.StickySessionsContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sticky-session contract against a real Redis (with cluster hash tags on), and what the shared table adds: two
 * replicas see one table, Redis sees no session key in clear, and an outage falls back to the replica's own table.
 */
class RedisStickySessionsContractTest extends StickySessionsContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final AtomicLong millis = new AtomicLong(1_764_000_000_000L);
    private final AtomicLong nanos = new AtomicLong();

    @Override
    protected StickySessions newTable() {
        REDIS.flush();
        return replica(new Reachability(millis::get, 1_000));
    }

    private StickySessions replica(Reachability reachability) {
        return new RedisStickySessions(REDIS.api(), millis::get, nanos::get, TTL, 100, reachability, 5_000, true);
    }

    @Override
    protected void advance(Duration d) {
        millis.addAndGet(d.toMillis());
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void twoReplicasShareOneTableInOneKeyPerSessionAndModelThatHidesTheSession() {
        StickySessions other = replica(new Reachability(millis::get, 1_000));
        table.remember("alice@example.com", "m/a", "sim#1").await();
        assertThat(other.lookup("alice@example.com", List.of("m/a")).await()).isEqualTo(Map.of("m/a", "sim#1"));
        List<String> keys = new java.util.ArrayList<>();
        REDIS.api().keys("*").await().forEach(k -> keys.add(k.toString()));
        assertThat(keys).singleElement().satisfies(k -> assertThat(k).startsWith("sy:st:{").endsWith("}:m/a")
                .doesNotContain("alice"));
        long ttl = REDIS.api().pttl(keys.get(0)).await().toLong();
        assertThat(ttl).as("expires by itself").isPositive().isLessThanOrEqualTo(TTL.toMillis());
    }

    @Test
    void whileRedisIsUnreachableTheReplicaKeepsItsOwnTableAndNothingWaits() throws Exception {
        Reachability reachability = new Reachability(millis::get, 60_000);
        StickySessions replica = replica(reachability);
        REDIS.stop();
        try {
            assertThat(replica.lookup("s1", List.of("m/a")).await()).as("no entry, no failure").isEmpty();
            assertThat(reachability.up()).isFalse();
            replica.remember("s1", "m/a", "local-1").await();
            assertThat(replica.lookup("s1", List.of("m/a")).await()).isEqualTo(Map.of("m/a", "local-1"));
        } finally {
            REDIS.start();
        }
    }
}
