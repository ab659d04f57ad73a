package dev.switchyard.core;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Brings an answer back to the thread that asked. A future completed by a shared client (a store, a cache load)
 * completes on whichever thread finished it; a request's state belongs to its own event loop, so the request
 * continues there.
 */
public final class CallerContext {

    private CallerContext() {
    }

    /**
     * The same outcome, delivered on the calling thread's Vert.x context (at once when it completes there, or when the
     * future is already complete); unchanged when the caller has no context (a plain thread, as in tests).
     */
    public static <T> Future<T> resume(Future<T> shared) {
        Context here = Vertx.currentContext();
        if (here == null || shared.isComplete()) {
            return shared;
        }
        Promise<T> local = Promise.promise();
        shared.onComplete(ar -> {
            if (Vertx.currentContext() == here) {
                local.handle(ar);
            } else {
                here.runOnContext(v -> local.handle(ar));
            }
        });
        return local.future();
    }
}
