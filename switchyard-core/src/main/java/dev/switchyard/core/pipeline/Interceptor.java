package dev.switchyard.core.pipeline;

import io.vertx.core.Future;

/**
 * One stage of the request ring (auth, limits, budget, cache, guardrails). It may act before and after the rest of
 * the chain, short-circuit by failing with a {@link dev.switchyard.core.error.GatewayError}, or pass the exchange on
 * with {@link Chain#proceed}. Stages run on the event loop and must never block.
 */
@FunctionalInterface
public interface Interceptor {

    Future<Void> intercept(Exchange exchange, Chain chain);

    /** The rest of the request ring, ending in the router. */
    @FunctionalInterface
    interface Chain {
        Future<Void> proceed(Exchange exchange);
    }
}
