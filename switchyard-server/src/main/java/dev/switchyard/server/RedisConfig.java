package dev.switchyard.server;

import dev.switchyard.redis.OutagePolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared-state settings ({@code redis:} in the configuration file); see docs/scale-out.md. Without a URL every
 * replica keeps its limits and budgets in process, which is exact for one process only.
 *
 * @param url the Redis server, {@code redis://[user:password@]host:port[/db]}; empty for none
 * @param poolSize connections to Redis per replica
 * @param callTimeoutMillis how long one decision may wait for Redis before it counts as unreachable
 * @param leaseMillis how long a request's concurrency slot and budget hold outlive a replica that died
 * @param backoffMillis after a failed call, how long Redis is treated as down before the next probe
 * @param outage what requests get while Redis is unreachable: refused (503), or decided by this replica alone
 * @param clusterHashTags whether keys carry the workspace as a Redis Cluster hash tag
 * @param healthSyncMillis how often replicas exchange which endpoints their breakers and cooldowns keep out
 */
public record RedisConfig(Optional<String> url, int poolSize, long callTimeoutMillis, long leaseMillis,
                          long backoffMillis, OutagePolicy outage, boolean clusterHashTags, long healthSyncMillis) {

    /** No Redis. */
    public static final RedisConfig NONE = new RedisConfig(Optional.empty(), 16, 250, 60_000, 1_000,
            OutagePolicy.FAIL_CLOSED, false, 1_000);

    public RedisConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(outage, "outage");
        url.ifPresent(u -> {
            if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
                throw new IllegalArgumentException("redis.url: '" + redacted(u)
                        + "' (expected: redis://host:port or rediss://host:port)");
            }
        });
        if (healthSyncMillis < 100) {
            throw new IllegalArgumentException("redis.health_sync_ms: " + healthSyncMillis + " (expected: >= 100)");
        }
        if (poolSize < 1 || callTimeoutMillis < 1 || leaseMillis < 3_000 || backoffMillis < 0) {
            throw new IllegalArgumentException("redis: pool_size " + poolSize + ", call_timeout_ms "
                    + callTimeoutMillis + ", lease_ms " + leaseMillis + ", backoff_ms " + backoffMillis
                    + " (expected: pool_size >= 1, call_timeout_ms >= 1, lease_ms >= 3000, backoff_ms >= 0)");
        }
    }

    /** Whether replicas share their limits and budgets through Redis. */
    public boolean enabled() {
        return url.isPresent();
    }

    /** The URL without its password, for messages and the start-up summary. */
    public String redactedUrl() {
        return url.map(RedisConfig::redacted).orElse("none");
    }

    private static String redacted(String u) {
        return u.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }
}
