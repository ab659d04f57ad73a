package dev.switchyard.core.accounts;

import io.vertx.core.Future;
import java.util.List;

/**
 * Decides whether a request may start under the rate limits of every scope it counts against (its key and its
 * workspace), and settles what it really used afterwards. Each call is atomic across all the scopes given: either
 * every scope admits and is charged, or none is. Implementations never block: the decision is a {@link Future},
 * completed at once by the in-process limiter (a few synchronised arithmetic steps) and after one atomic script round
 * trip by a shared one. A shared limiter that cannot reach its store fails the future, or decides locally, as its
 * outage policy says.
 */
public interface RateLimiter {

    /**
     * Admits one request, or refuses it naming the limit that refused.
     *
     * @param scopes each scope with its limits; scopes whose limits are all zero are not counted
     * @param estimatedTokens the tokens charged against tokens-per-minute now (prompt estimate plus the most the
     *     answer may hold), corrected by {@link #settle}
     * @param nowMillis the injected clock's time
     */
    Future<RateDecision> admit(List<ScopedLimits> scopes, long estimatedTokens, long nowMillis);

    /**
     * Ends an admitted request: frees its concurrency slot and replaces its token estimate by the real count. Called
     * exactly once per admitted request, however it ended (success, failure, cancellation, disconnect). Callers need
     * not wait for the future (it completes when the store has recorded the settle); a settle that never reaches a
     * shared store is made good there by the slot's lease running out.
     */
    Future<Void> settle(RateDecision.Admitted admitted, long actualTokens, long nowMillis);

    /**
     * One scope and its limits.
     *
     * @param scope the key or workspace
     * @param limits its limits
     */
    record ScopedLimits(Scope scope, Limits limits) {
    }
}
