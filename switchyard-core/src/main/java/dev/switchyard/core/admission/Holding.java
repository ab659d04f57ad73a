package dev.switchyard.core.admission;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.Interceptor.Chain;
import io.vertx.core.Future;
import java.util.function.UnaryOperator;

/**
 * The one shape of a stage that holds something for a request (a concurrency slot, a reservation): proceed, and let
 * go exactly once, either when the rest of the chain fails before any answer, or through the answer (its ending),
 * which the stage wraps.
 */
final class Holding {

    private Holding() {
    }

    static Future<Answer> proceed(Chain chain, Exchange exchange, Runnable releaseOnFailure,
                                  UnaryOperator<Answer> holdUntilEnd) {
        Future<Answer> answer;
        try {
            answer = chain.proceed(exchange);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.transform(ar -> {
            if (ar.failed()) {
                releaseOnFailure.run();
                return Future.failedFuture(ar.cause());
            }
            return Future.succeededFuture(holdUntilEnd.apply(ar.result()));
        });
    }
}
