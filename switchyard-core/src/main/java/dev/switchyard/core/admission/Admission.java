package dev.switchyard.core.admission;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.RateDecision;
import dev.switchyard.core.accounts.RateLimiter;
import dev.switchyard.core.accounts.RateLimiter.ScopedLimits;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.Interceptor;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The request-ring stage for allow-lists and rate limits, per key and per workspace. A model outside an allow-list
 * is refused with 403 naming what is allowed. Then the {@link RateLimiter} admits the request against requests per
 * minute, tokens per minute (charged with the prompt estimate plus {@code max_tokens}) and concurrent requests, on
 * both scopes at once, or refuses with 429, {@code Retry-After} and OpenAI's {@code x-ratelimit-*} headers. An
 * admitted request is settled exactly once with the tokens it really used: 0 when it failed before any answer, the
 * answer's usage when the answer ends, however it ends.
 */
public final class Admission implements Interceptor {

    private final RateLimiter limiter;
    private final WallClock clock;

    public Admission(RateLimiter limiter, WallClock clock) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<Answer> intercept(Exchange exchange, Chain chain) {
        Optional<Caller> found = exchange.caller();
        if (found.isEmpty()) {
            return chain.proceed(exchange);
        }
        Caller caller = found.get();
        Optional<GatewayError> notAllowed = modelNotAllowed(exchange.models(), caller);
        if (notAllowed.isPresent()) {
            return Future.failedFuture(notAllowed.get());
        }
        List<ScopedLimits> scopes = scopes(caller);
        if (scopes.isEmpty()) {
            return chain.proceed(exchange);
        }
        long estimate = exchange.request().routing().promptTokenEstimate()
                + exchange.request().routing().maxOutputTokens();
        return Holding.onceDecided(limiter.admit(scopes, estimate, clock.epochMillis()),
                decision -> proceed(decision, exchange, chain),
                cause -> Holding.unavailable(cause, "rate limits", "limits_unavailable"));
    }

    private Future<Answer> proceed(RateDecision decision, Exchange exchange, Chain chain) {
        RateLimitHeaders.add(exchange, decision.standings());
        if (decision instanceof RateDecision.Refused refused) {
            return Future.failedFuture(RateLimitHeaders.error(refused));
        }
        RateDecision.Admitted admitted = (RateDecision.Admitted) decision;
        return Holding.proceed(chain, exchange, () -> limiter.settle(admitted, 0, clock.epochMillis()),
                answer -> answer.onEnd(ending -> limiter.settle(admitted, ending.usage().totalTokens(),
                        clock.epochMillis())));
    }

    /**
     * The key's and the workspace's limits, both listed whenever either counts (one with no limits is not counted,
     * but it names the workspace, which a shared limiter uses to place the key's counters); none when neither counts.
     */
    private static List<ScopedLimits> scopes(Caller caller) {
        Limits key = caller.key().limits();
        Limits workspace = caller.workspace().limits();
        if (!counted(key) && !counted(workspace)) {
            return List.of();
        }
        return List.of(new ScopedLimits(Scope.key(caller.key().hash()), key),
                new ScopedLimits(Scope.workspace(caller.workspace().id()), workspace));
    }

    private static boolean counted(Limits limits) {
        return limits.requestsPerMinute() > 0 || limits.tokensPerMinute() > 0 || limits.maxConcurrent() > 0;
    }

    private static Optional<GatewayError> modelNotAllowed(List<ModelSpec> models, Caller caller) {
        for (int i = 0; i < models.size(); i++) {
            ModelSpec m = models.get(i);
            for (Limits limits : List.of(caller.key().limits(), caller.workspace().limits())) {
                if (!limits.allowedModels().isEmpty() && !limits.allowedModels().contains(m.id())) {
                    String whose = limits == caller.key().limits() ? "key " + caller.key().label()
                            : "workspace " + caller.workspace().id();
                    return Optional.of(GatewayError.builder(ErrorKind.PERMISSION_DENIED, whose
                            + " may not use model " + m.id() + "; it may use: "
                            + String.join(", ", limits.allowedModels().stream().sorted().toList()))
                            .param(i == 0 ? "model" : "models").code("model_not_allowed").build());
                }
            }
        }
        return Optional.empty();
    }
}
