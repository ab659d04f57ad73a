package dev.switchyard.core.pipeline;

import dev.switchyard.core.CallerContext;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.answer.DeltaSink;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.FailureClasses;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.routing.Availability;
import dev.switchyard.core.routing.Candidate;
import dev.switchyard.core.routing.HealthTracking;
import dev.switchyard.core.routing.HedgePolicy;
import dev.switchyard.core.routing.PolicyMerge;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.core.routing.RoutePlan;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.routing.RoutingControls;
import dev.switchyard.core.usage.AttemptRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
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
 * the attempt ring, falls back while that is still possible, and hedges a slow attempt when the operator asked for it.
 *
 * <h2>Fallbacks</h2>
 * A failure moves on to the next candidate only when it is retryable (connect errors, 429, 5xx, timeouts) and nothing
 * has reached the client yet; after the first byte, a failure ends the stream in-band and is final. When the plan is
 * used up and {@link RetryPolicy} allows another round, the router waits a jittered backoff and plans again. Every
 * attempt is recorded on the exchange (the serving one when its answer ends, with how it ended), and the ones that
 * failed before the serving one are named in the {@code x-switchyard-attempts} response header.
 *
 * <p>An attempt's future completing means its answer has begun (see {@link ProviderAdapter}): that is the commit
 * point, after which this router neither falls back, retries nor hedges.
 *
 * <h2>The whole-request deadline</h2>
 * {@link Deadlines#request()} runs from the exchange's start and covers every attempt, backoff and fallback. Each
 * attempt gets what remains of it ({@link Deadlines#carved}), and holds its own deadlines to that; a backoff that would
 * outlast it is not waited, and the last failure is the answer. An attempt the request deadline cuts fails with
 * {@code timeout_request}, which is not retried: a 504 before the first byte, an in-band error after it.
 *
 * <h2>Hedging</h2>
 * With a {@link HedgePolicy} on, an attempt that has not committed by its threshold gets the next candidate of the
 * plan started beside it (at most {@code maxHedges} times per request). Attempts in flight together race: the first to
 * commit serves, and the others are cancelled through their {@link Cancellation} (their upstream requests are reset,
 * so the connections are released and the providers stop generating) and recorded as {@code hedge_lost}. A racer that
 * fails retryably while another is still in flight hands its place to the next candidate at once, as a fallback
 * would; the request fails only when nothing is in flight and nothing is left to try.
 *
 * <p>When the request ends, served or not, its 5xx answers get their verdict from {@link HealthTracking#settle}: only
 * then is it known whether other providers answered the same request with errors too.
 *
 * <p>All of it runs on the exchange's event loop: the attempts' callbacks and the scheduler's, so a run needs no lock.
 */
public final class Router {

    private final RoutePlanner planner;
    private final Map<WireProtocol, ProviderAdapter> adapters;
    private final List<AttemptInterceptor> attemptRing;
    private final Deadlines deadlines;
    private final RetryPolicy retry;
    private final HedgePolicy hedge;
    private final Scheduler scheduler;
    private final Supplier<RandomGenerator> random;

    /**
     * A router that does not hedge.
     *
     * @see #Router(RoutePlanner, Map, List, Deadlines, RetryPolicy, HedgePolicy, Scheduler, Supplier)
     */
    public Router(RoutePlanner planner, Map<WireProtocol, ProviderAdapter> adapters,
                  List<AttemptInterceptor> attemptRing, Deadlines deadlines, RetryPolicy retry, Scheduler scheduler,
                  Supplier<RandomGenerator> random) {
        this(planner, adapters, attemptRing, deadlines, retry, HedgePolicy.OFF, scheduler, random);
    }

    /**
     * @param planner the routing decision
     * @param adapters one per provider protocol
     * @param attemptRing the stages around each provider call
     * @param deadlines the operator's deadlines
     * @param retry attempts and backoff
     * @param hedge when to start a second attempt beside a slow one
     * @param scheduler for backoff waits and hedge thresholds
     * @param random the jitter of backoff waits (injected, for tests)
     */
    public Router(RoutePlanner planner, Map<WireProtocol, ProviderAdapter> adapters,
                  List<AttemptInterceptor> attemptRing, Deadlines deadlines, RetryPolicy retry, HedgePolicy hedge,
                  Scheduler scheduler, Supplier<RandomGenerator> random) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.adapters = Map.copyOf(adapters);
        this.attemptRing = List.copyOf(attemptRing);
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.hedge = Objects.requireNonNull(hedge, "hedge");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Routes the exchange; its models must already be resolved. */
    public Future<Answer> route(Exchange exchange) {
        if (exchange.models().isEmpty()) {
            return Future.failedFuture(new IllegalStateException("model not resolved"));
        }
        // the session's previous endpoints first: at once in process (no callback), else one round trip to the
        // shared table, continued on the request's event loop
        Future<Map<String, String>> sessionRoutes = planner.sessionRoutes(exchange.models(), controls(exchange));
        if (sessionRoutes.isComplete()) {
            return route(exchange, sessionRoutes.result());
        }
        return CallerContext.resume(sessionRoutes).compose(routes -> route(exchange, routes));
    }

    private Future<Answer> route(Exchange exchange, Map<String, String> sessionRoutes) {
        RoutePlan plan = plan(exchange, sessionRoutes);
        if (plan.candidates().isEmpty()) {
            return Future.failedFuture(unavailable(exchange.models(), plan));
        }
        Promise<Answer> done = Promise.promise();
        new Run(exchange, done, plan, sessionRoutes).launchNext();
        return done.future();
    }

    private RoutePlan plan(Exchange exchange, Map<String, String> sessionRoutes) {
        return planner.plan(exchange.models(), exchange.variant(), controls(exchange), sessionRoutes);
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
        private final Deadlines requested;
        private final Map<String, String> sessionRoutes;
        private final List<Attempt> inFlight = new ArrayList<>(2);
        private List<Attempt> failedAttempts = List.of();
        private List<UpstreamFailure> failures = List.of();
        private RoutePlan plan;
        private int index;
        private int round = 1;
        private int attempts;
        private int hedges;
        private boolean finished;

        Run(Exchange exchange, Promise<Answer> done, RoutePlan plan, Map<String, String> sessionRoutes) {
            this.exchange = exchange;
            this.done = done;
            this.plan = plan;
            this.sessionRoutes = sessionRoutes;
            this.requested = exchange.deadlines().orElse(deadlines);
        }

        long millisSince(Attempt attempt) {
            return TimeUnit.NANOSECONDS.toMillis(exchange.ticker().nanos() - attempt.startNanos());
        }

        /** What remains of the whole-request deadline. */
        Duration remaining() {
            return requested.request().minusNanos(exchange.elapsedNanos());
        }

        boolean canLaunch() {
            return index < plan.candidates().size() && attempts < retry.maxAttempts();
        }

        /** Starts the plan's next candidate. */
        void launchNext() {
            Duration left = remaining();
            if (left.isNegative() || left.isZero()) {
                finish(requestTimeout());
                return;
            }
            Candidate candidate = plan.candidates().get(index++);
            attempts++;
            Attempt attempt = new Attempt(attempts, candidate, requested.carved(left), exchange.ticker().nanos(),
                    deadlines, plan.isProbe(candidate), new Cancellation());
            inFlight.add(attempt);
            runAttempt(0, exchange, attempt).onComplete(ar -> {
                if (ar.succeeded()) {
                    served(attempt, ar.result());
                } else {
                    failed(attempt, asFailure(ar.cause()));
                }
            });
            maybeHedge(attempt);
        }

        /** Arms the hedge of an attempt, if hedging is on and there is someone to hedge with. */
        void maybeHedge(Attempt attempt) {
            if (!hedge.enabled() || hedges >= hedge.maxHedges() || !canLaunch() || !inFlight.contains(attempt)) {
                return;
            }
            hedge.threshold(attempt.candidate().health()).ifPresent(after -> scheduler.delay(after).onComplete(v -> {
                if (!finished && inFlight.contains(attempt) && hedges < hedge.maxHedges() && canLaunch()
                        && !exchange.cancelled()) {
                    hedges++;
                    launchNext();
                }
            }));
        }

        void served(Attempt attempt, Answer answer) {
            inFlight.remove(attempt);
            Candidate candidate = attempt.candidate();
            String model = candidate.endpoint().upstreamModel();
            if (finished) { // a racer that committed after another had won: let it go
                answer.deltas().start(DISCARD);
                answer.deltas().cancel(hedgeLost());
                exchange.recordAttempt(new AttemptRecord(candidate.provider().id(), model, 0, FailureClasses.HEDGE_LOST,
                        millisSince(attempt)));
                return;
            }
            finished = true;
            for (Attempt other : List.copyOf(inFlight)) {
                other.cancellation().cancel(hedgeLost());
            }
            HealthTracking.settle(failedAttempts, failures, true);
            exchange.servedBy(candidate.endpoint());
            exchange.markFirstByte();
            RoutingControls controls = exchange.request().routing();
            planner.served(controls.sessionKey(), candidate.endpoint().modelId(), candidate);
            done.complete(answer.onEnd(ending -> exchange.recordAttempt(new AttemptRecord(
                    candidate.provider().id(), model, 200,
                    ending.failure().map(UpstreamFailure::errorClass).orElse(""), millisSince(attempt)))));
        }

        void failed(Attempt attempt, UpstreamFailure failure) {
            inFlight.remove(attempt);
            Candidate candidate = attempt.candidate();
            long millis = millisSince(attempt);
            exchange.recordAttempt(new AttemptRecord(candidate.provider().id(), candidate.endpoint().upstreamModel(),
                    failure.upstreamStatus(), failure.errorClass(), millis));
            if (finished) {
                return; // a racer that lost, or one still running when the request failed
            }
            if (failures.isEmpty()) {
                failedAttempts = new ArrayList<>(2);
                failures = new ArrayList<>(2);
            }
            failedAttempts.add(attempt);
            failures.add(failure);
            exchange.noteFailedAttempt(candidate.key() + " " + failure.upstreamStatus() + " "
                    + failure.errorClass() + " " + millis + "ms");
            boolean open = failure.retryable() && !exchange.cancelled() && attempts < retry.maxAttempts();
            if (open && canLaunch()) {
                launchNext();
            } else if (!inFlight.isEmpty() && failure.retryable() && !exchange.cancelled()) {
                return; // a hedge is still racing: its outcome decides
            } else if (inFlight.isEmpty() && open && round < retry.maxRounds()) {
                backoffAndPlanAgain(failure);
            } else {
                finish(failure);
            }
        }

        void backoffAndPlanAgain(UpstreamFailure failure) {
            Duration wait = retry.backoff(round + 1, random.get());
            if (wait.compareTo(remaining()) >= 0) {
                finish(failure); // no time left for another round: the last failure is the answer
                return;
            }
            scheduler.delay(wait).onComplete(v -> {
                if (finished) {
                    return;
                }
                if (exchange.cancelled()) {
                    finish(failure);
                    return;
                }
                RoutePlan again = plan(exchange, sessionRoutes);
                if (again.candidates().isEmpty()) {
                    finish(failure);
                } else {
                    plan = again;
                    index = 0;
                    round++;
                    launchNext();
                }
            });
        }

        void finish(UpstreamFailure failure) {
            if (finished) {
                return;
            }
            finished = true;
            for (Attempt other : List.copyOf(inFlight)) {
                other.cancellation().cancel(failure);
            }
            HealthTracking.settle(failedAttempts, failures, false);
            done.fail(failure);
        }

        UpstreamFailure requestTimeout() {
            return new UpstreamFailure(GatewayError.builder(ErrorKind.TIMEOUT,
                    "the request did not complete within its " + requested.request().toMillis() + " ms deadline").metadata("deadline", "request").build(),
                    FailureClasses.TIMEOUT_REQUEST, false, 0);
        }
    }

    /** Why a hedge's racers are called off: another one committed first. */
    static UpstreamFailure hedgeLost() {
        return new UpstreamFailure(GatewayError.builder(ErrorKind.UPSTREAM, "another attempt answered first").build(),
                FailureClasses.HEDGE_LOST, false, 0);
    }

    /** Swallows the deltas of an answer that lost its race (it is cancelled at once). */
    private static final DeltaSink DISCARD = new DeltaSink() {
        @Override
        public void onDelta(Delta delta) {
        }

        @Override
        public void onEnd(Ending ending) {
        }
    };

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
