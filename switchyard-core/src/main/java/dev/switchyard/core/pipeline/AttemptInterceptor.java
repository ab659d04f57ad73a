package dev.switchyard.core.pipeline;

import dev.switchyard.core.answer.Answer;
import io.vertx.core.Future;

/**
 * One stage of the attempt ring, wrapped around every provider call (breaker, timeouts, endpoint stats). It sees each
 * attempt, including fallbacks: its failure before commit, or its answer, whose ending says how the call finished.
 */
@FunctionalInterface
public interface AttemptInterceptor {

    Future<Answer> intercept(Exchange exchange, Attempt attempt, Chain chain);

    /** The rest of the attempt ring, ending in the provider adapter. */
    @FunctionalInterface
    interface Chain {
        Future<Answer> proceed(Exchange exchange, Attempt attempt);
    }
}
