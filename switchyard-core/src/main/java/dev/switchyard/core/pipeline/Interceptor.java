package dev.switchyard.core.pipeline;

import dev.switchyard.core.answer.Answer;
import io.vertx.core.Future;

/**
 * One stage of the request ring (auth, limits, budget, cache, guardrails). It may act before the rest of the chain,
 * short-circuit by failing with a {@link dev.switchyard.core.error.GatewayError}, or pass the exchange on with
 * {@link Chain#proceed} and act on the {@link Answer} that comes back: see its deltas and ending with
 * {@link Answer#through}, or settle after it with {@link Answer#onEnd}. A stage that holds something for the request
 * (a slot, a reservation) must let go of it both when the chain fails and when the answer ends. Stages run on the
 * event loop and must never block.
 */
@FunctionalInterface
public interface Interceptor {

    Future<Answer> intercept(Exchange exchange, Chain chain);

    /** The rest of the request ring, ending in the router. */
    @FunctionalInterface
    interface Chain {
        Future<Answer> proceed(Exchange exchange);
    }
}
