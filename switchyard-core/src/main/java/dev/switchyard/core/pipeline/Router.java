package dev.switchyard.core.pipeline;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.routing.Availability;
import dev.switchyard.core.routing.Candidate;
import dev.switchyard.core.routing.PolicyMerge;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.core.routing.RoutePlan;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.routing.RoutingControls;
import dev.switchyard.core.usage.AttemptRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs the attempts of one exchange: asks the {@link RoutePlanner} for an ordered plan, tries each candidate through
 * the attempt ring, and falls back while that is still possible.
 *
 * <p>A failure moves on to the next candidate only when it is retryable (connect errors, 429, 5xx, timeouts) and
 * nothing has reached the client yet; after the first byte, a failure ends the stream in-band and is final. When the
 * plan is used up and {@link RetryPolicy} allows another round, the router waits a jittered backoff and plans again.
 * Every attempt is recorded on the exchange (the serving one when its answer ends, with how it ended), and the ones
 * that failed before the serving one are named in the {@code x-switchyard-attempts} response header.
 *
 * <p>An attempt's future completing means its answer has begun (see {@link ProviderAdapter}): that is the commit
 * point, after which this router neither falls back nor retries.
 */
public final class Router {

    private final RoutePlanner planner;
    private final Map<WireProtocol, ProviderAdapter> adapters;
    private final List<AttemptInterceptor> attemptRing;
    private final Deadlines deadlines;
    private final RetryPolicy retry;
    private final Scheduler scheduler;
    private final Supplier<RandomGenerator> random;

    /**
     * @param planner the routing decision
     * @param adapters one per provider protocol
     * @param attemptRing the stages around each provider call
     * @param deadlines the configured deadlines
     * @param retry attempts and backoff
     * @param scheduler for backoff waits
     * @param random the jitter of backoff waits (injected, for tests)
     */
    public Router(RoutePlanner planner, Map<WireProtocol, ProviderAdapter> adapters,
                  List<AttemptInterceptor> attemptRing, Deadlines deadlines, RetryPolicy retry, Scheduler scheduler,
                  Supplier<RandomGenerator> random) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.adapters = Map.copyOf(adapters);
        this.attemptRing = List.copyOf(attemptRing);
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Routes the exchange; its models must already be resolved. */
    public Future<Answer> route(Exchange exchange) {
        if (exchange.models().isEmpty()) {
            return Future.failedFuture(new IllegalStateException("model not resolved"));
        }
        RoutePlan plan = plan(exchange);
        if (plan.candidates().isEmpty()) {
            return Future.failedFuture(unavailable(exchange.models(), plan));
        }
        Promise<Answer> done = Promise.promise();
        new Run(exchange, done).tryFrom(plan.candidates(), 0, 1);
        return done.future();
    }

    private RoutePlan plan(Exchange exchange) {
        return planner.plan(exchange.models(), exchange.variant(), controls(exchange));
    }

    /** The request's routing controls, with the caller's policy layer between the operator's and the request's. */
    private static RoutingControls controls(Exchange exchange) {
        RoutingControls controls = exchange.request().routing();
        ProviderPreferences caller = exchange.callerPolicy();
        return caller.equals(ProviderPreferences.NONE) ? controls
                : controls.withPreferences(PolicyMerge.narrow(caller, controls.preferences()));
    }

    /** The attempts of one exchange. */
    private final class Run {
        private final Exchange exchange;
        private final Promise<Answer> done;
        private int attempts;

        Run(Exchange exchange, Promise<Answer> done) {
            this.exchange = exchange;
            this.done = done;
        }

        long millisSince(Attempt attempt) {
            return TimeUnit.NANOSECONDS.toMillis(exchange.ticker().nanos() - attempt.startNanos());
        }

        void tryFrom(List<Candidate> candidates, int index, int round) {
            Candidate candidate = candidates.get(index);
            attempts++;
            Attempt attempt = new Attempt(attempts, candidate, exchange.deadlines().orElse(deadlines),
                    exchange.ticker().nanos());
            runAttempt(0, exchange, attempt).onComplete(ar -> {
                String model = candidate.endpoint().upstreamModel();
                if (ar.succeeded()) {
                    exchange.servedBy(candidate.endpoint());
                    exchange.markFirstByte();
                    RoutingControls controls = exchange.request().routing();
                    planner.served(controls.sessionKey(), candidate.endpoint().modelId(), candidate);
                    done.complete(ar.result().onEnd(ending -> exchange.recordAttempt(new AttemptRecord(
                            candidate.provider().id(), model, 200,
                            ending.failure().map(UpstreamFailure::errorClass).orElse(""), millisSince(attempt)))));
                    return;
                }
                long millis = millisSince(attempt);
                UpstreamFailure failure = asFailure(ar.cause());
                exchange.recordAttempt(new AttemptRecord(candidate.provider().id(), model, failure.upstreamStatus(),
                        failure.errorClass(), millis));
                exchange.noteFailedAttempt(candidate.key() + " " + failure.upstreamStatus() + " "
                        + failure.errorClass() + " " + millis + "ms");
                boolean open = failure.retryable() && !exchange.cancelled() && attempts < retry.maxAttempts();
                if (open && index + 1 < candidates.size()) {
                    tryFrom(candidates, index + 1, round);
                } else if (open && round < retry.maxRounds()) {
                    scheduler.delay(retry.backoff(round + 1, random.get())).onComplete(v -> {
                        if (exchange.cancelled()) {
                            done.fail(failure);
                            return;
                        }
                        RoutePlan again = plan(exchange);
                        if (again.candidates().isEmpty()) {
                            done.fail(failure);
                        } else {
                            tryFrom(again.candidates(), 0, round + 1);
                        }
                    });
                } else {
                    done.fail(failure);
                }
            });
        }
    }

    private Future<Answer> runAttempt(int index, Exchange exchange, Attempt attempt) {
        if (index == attemptRing.size()) {
            try {
                return adapters.get(attempt.provider().protocol()).execute(exchange, attempt);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return attemptRing.get(index).intercept(exchange, attempt, (ex, at) -> runAttempt(index + 1, ex, at));
    }

    private static UpstreamFailure asFailure(Throwable cause) {
        if (cause instanceof UpstreamFailure f) {
            return f;
        }
        GatewayError error = cause instanceof GatewayError g ? g
                : GatewayError.builder(ErrorKind.UPSTREAM, "provider call failed: " + cause.getClass().getSimpleName())
                        .build();
        return new UpstreamFailure(error, "internal", false, 0);
    }

    private GatewayError unavailable(List<ModelSpec> models, RoutePlan plan) {
        Set<String> reasons = new LinkedHashSet<>();
        long retryAfter = Long.MAX_VALUE;
        for (ModelSpec m : models) {
            for (Candidate c : planner.candidatesOf(m)) {
                ProviderSpec p = c.provider();
                if (!p.enabled()) {
                    reasons.add(p.disabledReason());
                }
                long s = c.health().secondsUntilAvailable();
                if (s > 0) {
                    retryAfter = Math.min(retryAfter, s);
                }
            }
        }
        return Availability.error(models, plan, List.copyOf(reasons), retryAfter == Long.MAX_VALUE ? 1 : retryAfter);
    }
}
