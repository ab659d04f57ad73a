package dev.switchyard.core.routing;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.AttemptInterceptor;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.error.UpstreamFailure;
import io.vertx.core.Future;

/**
 * The attempt-ring stage that guards and measures each provider call: the breaker must grant the attempt (a half-open
 * endpoint lets only its probes through), and the outcome feeds the endpoint's health.
 *
 * <p>A failure before the answer begins is judged at once; an answer is judged when it ends, since a stream that broke
 * off is the endpoint's fault as much as a refusal.
 *
 * <ul>
 *   <li>success: latency, time to first byte and output throughput (completion tokens over the time after the first
 *       byte) update the moving averages and windows;</li>
 *   <li>429: a cooldown, for the provider's {@code Retry-After};</li>
 *   <li>another retryable failure (5xx, connect error, timeout, a stream cut): a failure, which may open the breaker;
 *   </li>
 *   <li>anything else (the client's own 400, the client leaving): no verdict on the endpoint.</li>
 * </ul>
 */
public final class HealthTracking implements AttemptInterceptor {

    @Override
    public Future<Answer> intercept(Exchange exchange, Attempt attempt, Chain chain) {
        EndpointHealth health = attempt.candidate().health();
        if (!health.tryAcquire()) {
            String reason = health.unavailableReason().isEmpty() ? "circuit_half_open" : health.unavailableReason();
            return Future.failedFuture(new UpstreamFailure(GatewayError.builder(ErrorKind.UNAVAILABLE,
                    "endpoint " + attempt.candidate().key() + " is not taking requests (" + reason + ")").build(),
                    reason, true, 0));
        }
        return chain.proceed(exchange, attempt).transform(ar -> {
            if (ar.failed()) {
                judgeFailure(health, ar.cause());
                return Future.failedFuture(ar.cause());
            }
            long first = exchange.ticker().nanos();
            return Future.succeededFuture(ar.result().onEnd(ending -> judgeAnswer(health, exchange, attempt, first,
                    ending)));
        });
    }

    private static void judgeAnswer(EndpointHealth health, Exchange exchange, Attempt attempt, long firstNanos,
                                    Ending ending) {
        if (ending.failure().isPresent()) {
            if (isEndpointFault(ending.failure().get())) {
                health.onFailure(); // broke off after it began: not retryable, but still the endpoint's fault
            } else {
                health.onAbandoned();
            }
            return;
        }
        long end = exchange.ticker().nanos();
        double latency = (end - attempt.startNanos()) / 1e6;
        double ttft = (firstNanos - attempt.startNanos()) / 1e6;
        double generationSeconds = (end - firstNanos) / 1e9;
        long tokens = ending.usage().completionTokens();
        double tps = tokens > 0 && generationSeconds > 0.001 ? tokens / generationSeconds : -1;
        health.onSuccess(latency, ttft, tps);
    }

    private static void judgeFailure(EndpointHealth health, Throwable cause) {
        if (cause instanceof UpstreamFailure f && f.upstreamStatus() == 429) {
            health.onRateLimited(f.error().retryAfterSeconds().orElse(-1L));
        } else if (cause instanceof UpstreamFailure f && f.declined()) {
            health.onAbandoned(); // the request's demands, not the endpoint's health
        } else if (cause instanceof UpstreamFailure f && f.retryable()) {
            health.onFailure();
        } else if (cause instanceof UpstreamFailure f && isEndpointFault(f)) {
            health.onFailure();
        } else {
            health.onAbandoned();
        }
    }

    private static boolean isEndpointFault(UpstreamFailure f) {
        return switch (f.errorClass()) {
            case "connection_lost", "stream_cut", "stream_malformed", "timeout_idle", "timeout_total" -> true;
            default -> false;
        };
    }
}
