package dev.switchyard.redis;

import dev.switchyard.core.WallClock;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What this replica holds in Redis for its requests in flight (concurrency slots, budget holds), each under a lease:
 * a member of one or more sorted sets scored by its expiry. A replica that dies stops renewing, so its holds run out
 * within one lease; a live one renews all of its own every third of a lease ({@link #renew}, one round trip per hold,
 * {@code lease_renew.lua}), so a long stream keeps its hold as long as it runs.
 *
 * <p>It is also the record of which holds are still open: {@link #release} answers true once per hold, so an engine
 * settles each exactly once and a second settle cannot free another request's slot.
 */
final class LeaseKeeper {

    private static final LuaScript RENEW = LuaScript.load("lease_renew.lua");

    private final RedisCalls calls;
    private final WallClock clock;
    private final long leaseMillis;
    private final long timeoutMillis;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();

    /** Where one hold's lease lives: a member per sorted set. */
    private record Lease(List<String> keys, List<String> members) {
    }

    LeaseKeeper(RedisCalls calls, WallClock clock, long leaseMillis, long timeoutMillis) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leaseMillis = leaseMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** Notes a hold made in Redis: the member {@code members[i]} of the sorted set {@code keys[i]}, for each i. */
    void hold(String id, List<String> keys, List<String> members) {
        if (keys.size() != members.size()) {
            throw new IllegalArgumentException("lease " + id + ": " + keys.size() + " keys, " + members.size()
                    + " members (expected: one member per key)");
        }
        held.put(id, new Lease(List.copyOf(keys), List.copyOf(members)));
    }

    /** Whether the hold is still open here. */
    boolean holds(String id) {
        return held.containsKey(id);
    }

    /** Ends a hold; true the first time only. */
    boolean release(String id) {
        return held.remove(id) != null;
    }

    /** Holds still open. */
    int size() {
        return held.size();
    }

    /** The lease length; renewals come every third of it. */
    long leaseMillis() {
        return leaseMillis;
    }

    /**
     * Renews the leases of every hold still open. A renewal that fails leaves its lease to run out, which frees the
     * hold early rather than late; only leases that still exist are extended.
     *
     * @return how many holds were renewed
     */
    Future<Integer> renew() {
        if (held.isEmpty() || !calls.worthTrying()) {
            return Future.succeededFuture(0);
        }
        String expiry = Long.toString(clock.epochMillis() + leaseMillis);
        List<Future<?>> renewals = new ArrayList<>(held.size());
        for (Lease lease : held.values()) {
            List<String> args = new ArrayList<>(1 + lease.members().size());
            args.add(expiry);
            args.addAll(lease.members());
            renewals.add(RENEW.run(calls.redis(), lease.keys(), args).timeout(timeoutMillis, TimeUnit.MILLISECONDS));
        }
        return Future.join(renewals).transform(ar -> Future.succeededFuture(
                (int) renewals.stream().filter(Future::succeeded).count()));
    }
}
