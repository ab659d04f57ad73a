package dev.switchyard.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the Redis-backed engines call Redis: each call bounded by a timeout, skipped while {@link Reachability}
 * says Redis is down, and answered by the {@link OutagePolicy} when it cannot be made: from this replica's own
 * in-process engine (fail open), or with a failed future naming what could not be checked (fail closed). A call that
 * fails marks Redis down for the back-off; one that succeeds brings it back for every engine sharing the reachability.
 */
final class RedisCalls {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCalls.class);

    private final RedisAPI redis;
    private final Reachability reachability;
    private final long timeoutMillis;
    private final OutagePolicy policy;
    private final String what;

    /**
     * @param redis the client
     * @param reachability shared by every Redis-backed part of this replica
     * @param timeoutMillis how long one call may take before Redis counts as unreachable
     * @param policy what a call that cannot reach Redis answers
     * @param what what the store decides, for the fail-closed message ("rate-limit", "budget")
     */
    RedisCalls(RedisAPI redis, Reachability reachability, long timeoutMillis, OutagePolicy policy, String what) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.reachability = Objects.requireNonNull(reachability, "reachability");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.what = Objects.requireNonNull(what, "what");
        this.timeoutMillis = timeoutMillis;
    }

    RedisAPI redis() {
        return redis;
    }

    /** Runs a script and reads its answer, or answers as the outage policy says. */
    <T> Future<T> decide(LuaScript script, List<String> keys, List<String> args, Function<Response, T> read,
                         Supplier<T> local) {
        return decide(() -> script.run(redis, keys, args), read, local);
    }

    /** Sends a command and reads its answer, or answers as the outage policy says. */
    <T> Future<T> decide(Supplier<Future<Response>> command, Function<Response, T> read, Supplier<T> local) {
        if (!reachability.worthTrying()) {
            return outage(local);
        }
        return command.get().timeout(timeoutMillis, TimeUnit.MILLISECONDS).transform(ar -> {
            if (ar.failed()) {
                reachability.failed(ar.cause());
                return outage(local);
            }
            reachability.succeeded();
            return Future.succeededFuture(read.apply(ar.result()));
        });
    }

    /**
     * Runs a script whose answer nobody waits for (a settle, a remembered session). One that cannot reach Redis is
     * dropped (and marks it down): what it would have recorded is made good otherwise (a lease running out), or was
     * only a preference.
     */
    Future<Void> record(LuaScript script, List<String> keys, List<String> args) {
        return record(() -> script.run(redis, keys, args));
    }

    /** Sends a command whose answer nobody waits for; see {@link #record(LuaScript, List, List)}. */
    Future<Void> record(Supplier<Future<Response>> command) {
        // tried even while Redis is marked down: nobody waits for it, and a success brings Redis back sooner
        return command.get().timeout(timeoutMillis, TimeUnit.MILLISECONDS).transform(ar -> {
            if (ar.failed()) {
                reachability.failed(ar.cause());
                LOG.debug("{} update not recorded in Redis: {}", what, ar.cause().getMessage());
            } else {
                reachability.succeeded();
            }
            return Future.succeededFuture();
        });
    }

    /** Whether Redis is worth a call now (up, or its back-off has run out). */
    boolean worthTrying() {
        return reachability.worthTrying();
    }

    /** The outage policy's answer: the local engine's, or a failure naming the store. */
    <T> Future<T> outage(Supplier<T> local) {
        if (policy == OutagePolicy.FAIL_OPEN_LOCAL) {
            return Future.succeededFuture(local.get());
        }
        return Future.failedFuture(new IllegalStateException("the shared " + what + " store (Redis) is unreachable: "
                + reachability.lastError()));
    }
}
