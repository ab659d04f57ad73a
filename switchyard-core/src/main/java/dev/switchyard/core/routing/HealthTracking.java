package dev.switchyard.core.routing;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.FailureClasses;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.AttemptInterceptor;
import dev.switchyard.core.pipeline.Deadlines;
import dev.switchyard.core.pipeline.Exchange;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The attempt-ring stage that guards and measures each provider call: the breaker must grant the attempt (a half-open
 * endpoint lets only its probes through; a candidate the planner's panic rule kept goes through as a probe), and the
 * outcome feeds the endpoint's health.
 *
 * <p>A failure before the answer begins is judged at once; an answer is judged when it ends, since a stream that broke
 * off is the endpoint's fault as much as a refusal.
 *
 * <h2>What counts against an endpoint</h2>
 * Only what says something about the provider's health (decision 0009). Any client can send any request, so nothing
 * a client can provoke by itself may open a breaker that every other client then runs into:
 * <ul>
 *   <li>success: latency, time to first byte and output throughput (completion tokens over the time after the first
 *       byte) update the moving averages and windows;</li>
 *   <li>429: a cooldown, for the provider's {@code Retry-After};</li>
 *   <li><b>a failure</b>, which may open the breaker: no connection; a retryable 5xx, unless two or more providers
 *       answered the same request with an error and none served it (then the request is the likelier cause: {@link #settle}, called by
 *       the router when the request ends); 401, 402 or 403 (the key or the account behind this candidate); a connection lost, a stream cut, a malformed body or stream; a timeout whose
 *       deadline is the operator's own ({@link Attempt#configured()});</li>
 *   <li><b>no verdict</b> (the probe slot is released): a timeout the request tightened by header or that its
 *       dwindling whole-request budget cut short; any other 4xx (the request's own 400, 404, 413, 422…); any
 *       non-retryable answer; an error event the provider sent inside a stream; the client leaving; a hedge that
 *       lost; an endpoint that declined the request's demands.</li>
 * </ul>
 */
public final class HealthTracking implements AttemptInterceptor {

    @Override
    public Future<Answer> intercept(Exchange exchange, Attempt attempt, Chain chain) {
        EndpointHealth health = attempt.candidate().health();
        if (attempt.probe()) {
            health.acquireProbe();
        } else if (!health.tryAcquire()) {
            String reason = health.unavailableReason().isEmpty() ? "circuit_half_open" : health.unavailableReason();
            return Future.failedFuture(new UpstreamFailure(GatewayError.builder(ErrorKind.UNAVAILABLE,
                    "endpoint " + attempt.candidate().key() + " is not taking requests (" + reason + ")").build(),
                    reason, true, 0));
        }
        return chain.proceed(exchange, attempt).transform(ar -> {
            if (ar.failed()) {
                judgeFailure(health, attempt, ar.cause());
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
            if (isEndpointFault(ending.failure().get(), attempt)) {
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

    private static void judgeFailure(EndpointHealth health, Attempt attempt, Throwable cause) {
        if (cause instanceof UpstreamFailure f && f.upstreamStatus() == 429) {
            health.onRateLimited(f.error().retryAfterSeconds().orElse(-1L));
        } else if (cause instanceof UpstreamFailure f && isProvokable(f)) {
            health.onAbandoned(); // judged when the request ends: see settle
        } else if (cause instanceof UpstreamFailure f && !f.declined() && isEndpointFault(f, attempt)) {
            health.onFailure();
        } else {
            health.onAbandoned();
        }
    }

    /**
     * Gives the verdict on the 5xx answers of one request, once the request has ended (the router calls it with every
     * attempt that failed before the answer, or before the request failed). A 5xx a request provokes with its own
     * content (a prompt that crashes the provider's parser) looks like any other, so the rule looks at the whole
     * request: when another endpoint served it, the request was fine and every 5xx counts against its endpoint; when
     * nothing served it and two or more providers answered it with an HTTP error, the request is the likelier cause
     * and none counts; otherwise each counts. A model whose only provider is down still opens its breaker; a request
     * that every provider refuses opens none.
     *
     * @param attempts the failed attempts, in order
     * @param failures their failures, index for index
     * @param served whether another attempt served the request
     */
    public static void settle(List<Attempt> attempts, List<UpstreamFailure> failures, boolean served) {
        Set<String> answeredWithError = new HashSet<>(2);
        boolean any = false;
        for (int i = 0; i < failures.size(); i++) {
            UpstreamFailure f = failures.get(i);
            if (f.upstreamStatus() >= 400 && f.upstreamStatus() != 429) {
                answeredWithError.add(attempts.get(i).provider().id());
            }
            any |= isProvokable(f);
        }
        if (!any || (!served && answeredWithError.size() >= 2)) {
            return;
        }
        for (int i = 0; i < failures.size(); i++) {
            if (isProvokable(failures.get(i))) {
                attempts.get(i).candidate().health().onFailure();
            }
        }
    }

    /** A retryable 5xx: the provider's fault, or the request's; {@link #settle} decides. */
    private static boolean isProvokable(UpstreamFailure f) {
        return f.upstreamStatus() >= 500 && f.retryable() && !f.declined();
    }

    /** Whether a failure says something about the endpoint's health; see the class comment. */
    static boolean isEndpointFault(UpstreamFailure f, Attempt attempt) {
        int status = f.upstreamStatus();
        if (status >= 500) {
            return f.retryable();
        }
        if (status == 401 || status == 402 || status == 403) {
            return true;
        }
        if (status > 0) {
            return false;
        }
        Deadlines mine = attempt.deadlines();
        Deadlines operator = attempt.configured();
        return switch (f.errorClass()) {
            case FailureClasses.CONNECT, FailureClasses.CONNECTION_LOST, FailureClasses.STREAM_CUT,
                 FailureClasses.STREAM_MALFORMED, FailureClasses.RESPONSE_MALFORMED -> true;
            case FailureClasses.TIMEOUT_CONNECT -> operatorsOwn(mine.effectiveConnect(), operator.connect());
            case FailureClasses.TIMEOUT_FIRST_BYTE -> operatorsOwn(mine.effectiveFirstByte(), operator.firstByte());
            case FailureClasses.TIMEOUT_IDLE -> operatorsOwn(mine.idle(), operator.idle());
            case FailureClasses.TIMEOUT_TOTAL -> operatorsOwn(mine.effectiveTotal(), operator.total());
            case FailureClasses.TIMEOUT_BODY -> operatorsOwn(mine.body(), operator.body());
            default -> false; // timeout_request, client_closed, hedge_lost, internal, provider_error_in_stream, …
        };
    }

    /** The deadline that fired was the operator's own, not one the request or its remaining budget shortened. */
    private static boolean operatorsOwn(Duration applied, Duration operators) {
        return applied.compareTo(operators) >= 0;
    }
}
