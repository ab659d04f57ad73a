package dev.switchyard.core.pipeline;

import io.vertx.core.Future;
import java.time.Duration;

/** Waits without blocking. Injected so that retry backoff is instant in unit tests. */
@FunctionalInterface
public interface Scheduler {

    /** A future that completes after the delay. */
    Future<Void> delay(Duration delay);

    /** Vert.x timers on the caller's context. */
    static Scheduler vertx(io.vertx.core.Vertx vertx) {
        return d -> {
            if (d.isZero() || d.isNegative()) {
                return Future.succeededFuture();
            }
            io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
            vertx.setTimer(d.toMillis(), id -> p.complete());
            return p.future();
        };
    }
}
