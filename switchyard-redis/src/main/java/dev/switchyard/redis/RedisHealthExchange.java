package dev.switchyard.redis;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.routing.HealthRegistry;
import dev.switchyard.core.routing.Unavailability;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Replicas tell each other which endpoints to avoid. Every sync (once per health interval, off the request path) a
 * replica writes the endpoints its own breakers or cooldowns keep out, with the wall-clock time they return, into one
 * Redis hash ({@code sy:health}), and reads what the others wrote: an endpoint failing through one replica is then
 * avoided through every replica within one interval, and subject there to the same panic rule as a local open breaker
 * (so shared health can never refuse a model outright).
 *
 * <p>Only first-hand observations are written, never what was learned from another replica, so a report ends when
 * its time does and is not passed around forever. Entries whose time has passed are deleted by whoever reads them.
 * A sync that cannot reach Redis changes nothing: each replica then goes on with what it learned itself.
 */
public final class RedisHealthExchange {

    static final String KEY = "sy:health";

    private final RedisAPI redis;
    private final WallClock clock;
    private final HealthRegistry registry;
    private final String replicaId;
    private final long callTimeoutMillis;

    /**
     * @param redis the client
     * @param clock the wall clock (replicas compare wall times; keep them in step with NTP)
     * @param registry this replica's endpoint health
     * @param replicaId this replica's name in the entries it writes
     * @param callTimeoutMillis how long one sync call may take
     */
    public RedisHealthExchange(RedisAPI redis, WallClock clock, HealthRegistry registry, String replicaId,
                               long callTimeoutMillis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.replicaId = Objects.requireNonNull(replicaId, "replicaId");
        this.callTimeoutMillis = callTimeoutMillis;
    }

    /**
     * Publishes this replica's own observations and applies the others'.
     *
     * @return how many endpoints another replica's report keeps out here now
     */
    public Future<Integer> sync() {
        long now = clock.epochMillis();
        List<String> hset = new ArrayList<>();
        hset.add(KEY);
        registry.forEach((key, health) -> health.ownUnavailability().ifPresent(u -> {
            hset.add(key);
            hset.add(u.reason() + " " + (now + u.remainingMillis()) + " " + replicaId);
        }));
        Future<?> published = hset.size() == 1 ? Future.succeededFuture()
                : redis.hset(hset).compose(r -> redis.pexpire(List.of(KEY, "600000")));
        return published.compose(v -> redis.hgetall(KEY)).timeout(callTimeoutMillis, TimeUnit.MILLISECONDS)
                .compose(all -> apply(all, now));
    }

    private Future<Integer> apply(Response all, long now) {
        int applied = 0;
        List<String> expired = new ArrayList<>();
        expired.add(KEY);
        for (String key : all.getKeys()) {
            Optional<Entry> e = Entry.parse(all.get(key).toString());
            if (e.isEmpty() || e.get().untilMillis() <= now) {
                expired.add(key);
            } else if (!e.get().replica().equals(replicaId)) {
                registry.of(key).learnedElsewhere(new Unavailability(e.get().reason(), e.get().untilMillis() - now));
                applied++;
            }
        }
        int count = applied;
        return expired.size() == 1 ? Future.succeededFuture(count) : redis.hdel(expired).map(r -> count);
    }

    /** One replica's report on one endpoint: {@code reason untilMillis replica}. */
    private record Entry(String reason, long untilMillis, String replica) {
        static Optional<Entry> parse(String text) {
            String[] parts = text.split(" ");
            if (parts.length != 3 || !(parts[0].equals("circuit_open") || parts[0].equals("cooldown"))) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Entry(parts[0], Long.parseLong(parts[1]), parts[2]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
