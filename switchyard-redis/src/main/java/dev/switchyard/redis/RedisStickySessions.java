package dev.switchyard.redis;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.routing.LocalStickySessions;
import dev.switchyard.core.routing.StickySessions;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sticky-session table that replicas share, so that a session keeps its endpoint (and the provider's prompt cache)
 * whichever replica the load balancer sends it to.
 *
 * <h2>One round trip each way</h2>
 * An entry is one Redis string per (session, model), {@code sy:st:<session>:<model>}, holding the candidate's key and
 * the wall-clock time it last served. A request's lookup is one {@code MGET} over its models (primary and fallbacks);
 * a served request's remember is one {@code SET … PX idleTtl}, which nobody waits for. The time in the value is the
 * injected clock's, and an entry older than the idle TTL is ignored, as in process; the key's own expiry only
 * collects entries nobody asks for again.
 *
 * <h2>Keys</h2>
 * The session key is whatever the client sent ({@code session_id}, {@code x-session-id}, {@code prompt_cache_key} or
 * {@code user}, which may be an e-mail address), so Redis sees only a hash of it (SHA-256, 128 bits). With
 * {@code clusterHashTags} the hash is the key's hash tag ({@code sy:st:{<hash>}:<model>}), so the keys of one
 * request's lookup share a Redis Cluster slot, as the limiter's and the budget's keys of one request do.
 *
 * <h2>Outages</h2>
 * Stickiness is a preference, so the operator's outage policy does not apply: while Redis is unreachable (the
 * {@link Reachability} this replica's limiter and budget ledger share), lookups and remembers use this replica's own
 * in-process table, which is what every replica had before, and requests are never refused or delayed past the call
 * timeout for it.
 */
public final class RedisStickySessions implements StickySessions {

    private static final Future<Map<String, String>> NONE = Future.succeededFuture(Map.of());

    private final RedisCalls calls;
    private final WallClock clock;
    private final long idleTtlMillis;
    private final boolean clusterHashTags;
    private final LocalStickySessions local;

    /**
     * @param redis the client
     * @param clock the injected wall clock (replicas compare its times; keep them in step with NTP)
     * @param ticker the monotonic time of the in-process table used during outages
     * @param idleTtl how long an entry lives without use
     * @param localCapacity the most entries the in-process table keeps during an outage
     * @param reachability shared with the other Redis-backed parts of this replica
     * @param callTimeoutMillis how long a lookup may wait for Redis
     * @param clusterHashTags whether keys carry the session hash as a Redis Cluster hash tag
     */
    public RedisStickySessions(RedisAPI redis, WallClock clock, Ticker ticker, Duration idleTtl, int localCapacity,
                               Reachability reachability, long callTimeoutMillis, boolean clusterHashTags) {
        this.calls = new RedisCalls(redis, reachability, callTimeoutMillis, OutagePolicy.FAIL_OPEN_LOCAL,
                "sticky-session");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTtlMillis = idleTtl.toMillis();
        if (idleTtlMillis < 0) {
            throw new IllegalArgumentException("sticky idle TTL: " + idleTtl + " (expected: >= 0; 0 turns it off)");
        }
        this.clusterHashTags = clusterHashTags;
        this.local = new LocalStickySessions(ticker, idleTtl.toNanos(), localCapacity);
    }

    @Override
    public Future<Map<String, String>> lookup(String session, List<String> modelIds) {
        if (modelIds.isEmpty() || idleTtlMillis == 0) {
            return NONE;
        }
        String prefix = prefix(session);
        List<String> keys = new ArrayList<>(modelIds.size());
        for (String m : modelIds) {
            keys.add(prefix + m);
        }
        return calls.decide(() -> calls.redis().mget(keys), r -> fresh(r, modelIds),
                () -> local.lookupNow(session, modelIds));
    }

    @Override
    public Future<Void> remember(String session, String modelId, String candidateKey) {
        if (idleTtlMillis == 0) {
            return Future.succeededFuture(); // entries would be stale at once: stickiness is off
        }
        if (!calls.worthTrying()) {
            local.rememberNow(session, modelId, candidateKey);
        }
        List<String> set = List.of(prefix(session) + modelId, candidateKey + " " + clock.epochMillis(), "PX",
                Long.toString(idleTtlMillis));
        return calls.record(() -> calls.redis().set(set));
    }

    /** The entries of an {@code MGET} still within the idle TTL, by model id. */
    private Map<String, String> fresh(Response values, List<String> modelIds) {
        Map<String, String> found = Map.of();
        long now = clock.epochMillis();
        for (int i = 0; i < modelIds.size(); i++) {
            Response v = values.get(i);
            if (v == null) {
                continue;
            }
            String text = v.toString();
            int space = text.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long lastUsed;
            try {
                lastUsed = Long.parseLong(text, space + 1, text.length(), 10);
            } catch (NumberFormatException e) {
                continue;
            }
            if (now - lastUsed > idleTtlMillis) {
                continue;
            }
            if (found.isEmpty()) {
                found = new HashMap<>(4);
            }
            found.put(modelIds.get(i), text.substring(0, space));
        }
        return found;
    }

    private String prefix(String session) {
        String hash = hash(session);
        return clusterHashTags ? "sy:st:{" + hash + "}:" : "sy:st:" + hash + ":";
    }

    private static String hash(String session) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
