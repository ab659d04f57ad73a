package dev.switchyard.core.admission;

import dev.switchyard.core.CallerContext;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.Interceptor.Chain;
import io.vertx.core.Future;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one shape of a stage that holds something for a request (a concurrency slot, a reservation): proceed, and let
 * go exactly once, either when the rest of the chain fails before any answer, or through the answer (its ending),
 * which the stage wraps.
 */
final class Holding {

    private Holding() {
    }

    /**
     * Continues with a decision once it is made: at once when it already is (the in-process engines, no callback),
     * otherwise back on the request's thread (a shared store answers on its own). A decision that could not be made
     * becomes {@code unavailable}'s error.
     */
    static <D> Future<Answer> onceDecided(Future<D> decided, Function<D, Future<Answer>> next,
                                          Function<Throwable, Throwable> unavailable) {
        if (decided.isComplete()) {
            return decided.succeeded() ? next.apply(decided.result())
                    : Future.failedFuture(unavailable.apply(decided.cause()));
        }
        return CallerContext.resume(decided).transform(ar -> ar.succeeded() ? next.apply(ar.result())
                : Future.failedFuture(unavailable.apply(ar.cause())));
    }

    /**
     * The 503 for a store that could not decide (a shared one unreachable under the fail-closed policy), naming what
     * could not be checked; an error already in the gateway's terms passes unchanged. The cause stays out of the
     * client's message: it names the store's address and the network error, which are the operator's to see (in
     * {@code /health/ready}), not the caller's.
     */
    static Throwable unavailable(Throwable cause, String what, String code) {
        if (cause instanceof GatewayError) {
            return cause;
        }
        return GatewayError.builder(ErrorKind.UNAVAILABLE, what + " cannot be checked right now (their shared store"
                + " is unreachable); retry shortly").code(code).retryAfterSeconds(1).build();
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
