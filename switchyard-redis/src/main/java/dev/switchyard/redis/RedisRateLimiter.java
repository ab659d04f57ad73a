package dev.switchyard.redis;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.RateDecision;
import dev.switchyard.core.accounts.RateDecision.Kind;
import dev.switchyard.core.accounts.RateDecision.Standing;
import dev.switchyard.core.accounts.RateLimiter;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.accounts.local.LocalRateLimiter;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link RateLimiter} that replicas share: every decision is made by one Lua script on Redis, in one round trip,
 * atomically across the key and its workspace, so N replicas admit exactly what one would.
 *
 * <h2>The same rules as the in-process limiter</h2>
 * The script ({@code rate_admit.lua}) is {@link LocalRateLimiter}'s algorithm over Redis structures, and both run the
 * one contract suite. Per scope:
 * <ul>
 *   <li>requests per minute: a sorted set of admission times, trimmed to the rolling 60 s window; admitted iff it holds
 *       fewer than the limit, and a refusal waits until the limit-th newest admission leaves the window;</li>
 *   <li>tokens per minute: a hash of one-second buckets, each live for 61 s, charged with the estimate and corrected
 *       by {@link #settle} in the bucket it was charged to;</li>
 *   <li>concurrent requests: a sorted set of leases, one per request in flight, scored by expiry.</li>
 * </ul>
 * Time is the injected clock's, passed to the script, so replicas must keep their clocks in step (NTP); a skew of a
 * few milliseconds only moves a window edge by as much.
 *
 * <h2>Leases, not counters</h2>
 * A replica that dies with requests in flight never settles them. A counter would keep their slots forever; a lease
 * runs out after {@code leaseMillis} unless the replica that holds it renews it, which a live replica does for all of
 * its requests in flight every third of a lease ({@code LeaseKeeper}, shared in kind with the budget ledger's holds,
 * one round trip per request). So a crash
 * frees its slots within one lease, and a long stream keeps its slot as long as it runs.
 *
 * <h2>Keys and Redis Cluster</h2>
 * A scope's state lives under {@code sy:rl:<scope>:r|t|c}. One script touches the scopes of one request, the key's
 * and its workspace's, and Redis Cluster runs a script only on keys of one slot; with {@code clusterHashTags} on, the
 * keys carry the workspace id as a hash tag ({@code sy:rl:{ws}:<scope>:…}), so a request's keys share a slot and a
 * cluster spreads workspaces across nodes. That relies on a key never moving to another workspace, which Switchyard
 * guarantees (a key's workspace is fixed at creation). Every key expires a minute or two after its last use, so Redis
 * holds only the scopes in use.
 *
 * <h2>Outages</h2>
 * A call that fails (connection refused, timeout after {@code callTimeoutMillis}) marks Redis down for a short
 * back-off ({@link Reachability}); meanwhile the {@link OutagePolicy} decides: fail closed (the future fails, and the
 * request gets 503) or fail open, deciding on this replica's own {@link LocalRateLimiter} (both through
 * {@code RedisCalls}, as for the budget ledger). Admissions made locally are
 * settled locally. The first call after the back-off probes Redis again, and service returns without anyone acting.
 * A settle that cannot reach Redis is dropped: its lease runs out, and its token correction is lost, which can only
 * over-count tokens, never under-count.
 */
public final class RedisRateLimiter implements RateLimiter {

    private static final LuaScript ADMIT = LuaScript.load("rate_admit.lua");
    private static final LuaScript SETTLE = LuaScript.load("rate_settle.lua");
    private static final String LOCAL = "";

    private final Settings settings;
    private final RedisCalls calls;
    private final LeaseKeeper leases;
    private final LocalRateLimiter fallback = new LocalRateLimiter();
    private final AtomicLong sequence = new AtomicLong();

    /**
     * The limiter's tunables.
     *
     * @param replicaId unique among the replicas sharing the Redis (names this replica's leases)
     * @param leaseMillis how long a concurrency slot outlives a replica that stopped renewing it
     * @param callTimeoutMillis how long one script call may take before Redis counts as unreachable
     * @param outage what to do while Redis cannot be reached
     * @param clusterHashTags whether keys carry the workspace as a Redis Cluster hash tag
     */
    public record Settings(String replicaId, long leaseMillis, long callTimeoutMillis, OutagePolicy outage,
                           boolean clusterHashTags) {
        public Settings {
            Objects.requireNonNull(replicaId, "replicaId");
            Objects.requireNonNull(outage, "outage");
            if (replicaId.isEmpty() || leaseMillis < 3 || callTimeoutMillis < 1) {
                throw new IllegalArgumentException("redis limiter: replica '" + replicaId + "', lease "
                        + leaseMillis + " ms, call timeout " + callTimeoutMillis
                        + " ms (expected: a replica id, lease >= 3 ms, timeout >= 1 ms)");
            }
        }
    }

    /**
     * @param redis the client (pooled, reconnecting)
     * @param clock the injected wall clock
     * @param settings tunables
     * @param reachability shared with the other Redis-backed parts of this replica
     */
    public RedisRateLimiter(RedisAPI redis, WallClock clock, Settings settings, Reachability reachability) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calls = new RedisCalls(redis, reachability, settings.callTimeoutMillis(), settings.outage(),
                "rate-limit");
        this.leases = new LeaseKeeper(calls, clock, settings.leaseMillis(), settings.callTimeoutMillis());
    }

    @Override
    public Future<RateDecision> admit(List<ScopedLimits> scopes, long estimatedTokens, long nowMillis) {
        Objects.requireNonNull(scopes, "scopes");
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("estimatedTokens: " + estimatedTokens + " (expected: >= 0)");
        }
        if (!anyCounted(scopes)) {
            return Future.succeededFuture(new RateDecision.Admitted(LOCAL, List.of(), scopes, estimatedTokens,
                    nowMillis));
        }
        String id = settings.replicaId() + ":" + sequence.incrementAndGet();
        List<String> args = new ArrayList<>(5 + 3 * scopes.size());
        args.add(Long.toString(nowMillis));
        args.add(Long.toString(estimatedTokens));
        args.add(Long.toString(settings.leaseMillis()));
        args.add(id);
        args.add(Integer.toString(scopes.size()));
        addLimits(args, scopes);
        return calls.decide(ADMIT, keys(scopes, settings.clusterHashTags()), args, r -> {
            RateDecision d = decision(r, id, scopes, estimatedTokens, nowMillis);
            if (d instanceof RateDecision.Admitted) {
                holdSlots(id, scopes);
            }
            return d;
        }, () -> fallback.decide(scopes, estimatedTokens, nowMillis));
    }

    /** Notes the request's concurrency leases (member {@code id:i} in each counted scope's set) for renewal. */
    private void holdSlots(String id, List<ScopedLimits> scopes) {
        String tag = settings.clusterHashTags() ? tag(scopes) : "";
        List<String> keys = new ArrayList<>(scopes.size());
        List<String> members = new ArrayList<>(scopes.size());
        for (int i = 0; i < scopes.size(); i++) {
            if (counted(scopes.get(i).limits())) {
                keys.add(key(tag, scopes.get(i).scope(), "c"));
                members.add(id + ":" + (i + 1));
            }
        }
        leases.hold(id, keys, members);
    }

    @Override
    public Future<Void> settle(RateDecision.Admitted admitted, long actualTokens, long nowMillis) {
        Objects.requireNonNull(admitted, "admitted");
        if (actualTokens < 0) {
            throw new IllegalArgumentException("actualTokens: " + actualTokens + " (expected: >= 0)");
        }
        if (admitted.id().isEmpty()) {
            return fallback.settle(admitted, actualTokens, nowMillis);
        }
        if (!leases.release(admitted.id())) {
            return Future.succeededFuture(); // settled already: a second settle must not free another's slot
        }
        List<ScopedLimits> scopes = admitted.scopes();
        List<String> args = new ArrayList<>(6 + 3 * scopes.size());
        args.add(Long.toString(nowMillis));
        args.add(Long.toString(admitted.admittedAtMillis()));
        args.add(Long.toString(admitted.estimatedTokens()));
        args.add(Long.toString(actualTokens));
        args.add(admitted.id());
        args.add(Integer.toString(scopes.size()));
        addLimits(args, scopes);
        return calls.record(SETTLE, keys(scopes, settings.clusterHashTags()), args);
    }

    /**
     * Renews the leases of this replica's requests in flight; the server calls it every third of a lease. A renewal
     * that fails leaves the lease to run out, which frees the slot early rather than late.
     *
     * @return how many leases were renewed
     */
    public Future<Integer> renewLeases() {
        return leases.renew();
    }

    /** Requests this replica admitted through Redis and has not settled yet. */
    public int inFlight() {
        return leases.size();
    }

    /** The lease length; the server renews every third of it. */
    public long leaseMillis() {
        return leases.leaseMillis();
    }

    private static RateDecision decision(Response r, String id, List<ScopedLimits> scopes, long estimate, long now) {
        boolean admitted = r.get(0).toLong() == 1;
        int refusingScope = r.get(1).toInteger() - 1;
        int refusingKind = r.get(2).toInteger();
        long retryAfter = r.get(3).toLong();
        List<Standing> standings = new ArrayList<>(3 * scopes.size());
        Standing refusing = null;
        for (int i = 0; i < scopes.size(); i++) {
            int at = 4 + 6 * i;
            if (r.get(at).toLong() == 0) {
                continue;
            }
            Scope scope = scopes.get(i).scope();
            Limits l = scopes.get(i).limits();
            if (l.requestsPerMinute() > 0) {
                Standing s = new Standing(scope, Kind.REQUESTS, l.requestsPerMinute(),
                        Math.max(0, l.requestsPerMinute() - r.get(at + 1).toLong()), r.get(at + 2).toLong());
                standings.add(s);
                refusing = i == refusingScope && refusingKind == 1 ? s : refusing;
            }
            if (l.tokensPerMinute() > 0) {
                Standing s = new Standing(scope, Kind.TOKENS, l.tokensPerMinute(),
                        Math.max(0, l.tokensPerMinute() - r.get(at + 3).toLong()), r.get(at + 4).toLong());
                standings.add(s);
                refusing = i == refusingScope && refusingKind == 2 ? s : refusing;
            }
            if (l.maxConcurrent() > 0) {
                Standing s = new Standing(scope, Kind.CONCURRENT, l.maxConcurrent(),
                        Math.max(0, l.maxConcurrent() - r.get(at + 5).toLong()), 0);
                standings.add(s);
                refusing = i == refusingScope && refusingKind == 3 ? s : refusing;
            }
        }
        if (admitted) {
            return new RateDecision.Admitted(id, standings, scopes, estimate, now);
        }
        return new RateDecision.Refused(standings, Objects.requireNonNull(refusing, "the script named no limit"),
                retryAfter);
    }

    private static void addLimits(List<String> args, List<ScopedLimits> scopes) {
        for (ScopedLimits sl : scopes) {
            args.add(Long.toString(sl.limits().requestsPerMinute()));
            args.add(Long.toString(sl.limits().tokensPerMinute()));
            args.add(Integer.toString(sl.limits().maxConcurrent()));
        }
    }

    private static List<String> keys(List<ScopedLimits> scopes, boolean hashTags) {
        String tag = hashTags ? tag(scopes) : "";
        List<String> keys = new ArrayList<>(3 * scopes.size());
        for (ScopedLimits sl : scopes) {
            keys.add(key(tag, sl.scope(), "r"));
            keys.add(key(tag, sl.scope(), "t"));
            keys.add(key(tag, sl.scope(), "c"));
        }
        return keys;
    }

    /** The hash tag that keeps one request's keys in one cluster slot: its workspace, else its first scope. */
    private static String tag(List<ScopedLimits> scopes) {
        for (ScopedLimits sl : scopes) {
            if (sl.scope().kind() == Scope.Kind.WORKSPACE) {
                return sl.scope().id();
            }
        }
        return scopes.get(0).scope().id();
    }

    private static String key(String tag, Scope scope, String what) {
        return tag.isEmpty() ? "sy:rl:" + scope + ":" + what : "sy:rl:{" + tag + "}:" + scope + ":" + what;
    }

    private static boolean anyCounted(List<ScopedLimits> scopes) {
        for (ScopedLimits sl : scopes) {
            if (counted(sl.limits())) {
                return true;
            }
        }
        return false;
    }

    private static boolean counted(Limits l) {
        return l.requestsPerMinute() > 0 || l.tokensPerMinute() > 0 || l.maxConcurrent() > 0;
    }
}
