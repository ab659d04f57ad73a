package dev.switchyard.core.pipeline;

import io.vertx.core.Future;

/**
 * One stage of the attempt ring, wrapped around every provider call (breaker, timeouts, endpoint stats). It sees each
 * attempt, including fallbacks.
 */
@FunctionalInterface
public interface AttemptInterceptor {

    Future<Void> intercept(Exchange exchange, Attempt attempt, Chain chain);

    /** The rest of the attempt ring, ending in the provider adapter. */
    @FunctionalInterface
    interface Chain {
        Future<Void> proceed(Exchange exchange, Attempt attempt);
    }
}
