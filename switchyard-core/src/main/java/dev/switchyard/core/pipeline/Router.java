package dev.switchyard.core.pipeline;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.usage.AttemptRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the endpoints that may serve an exchange and tries them in turn.
 *
 * <p>Candidates are the resolved model's endpoints whose provider is enabled, in catalog order. Each is tried through
 * the attempt ring. A failure moves on to the next candidate only while nothing has been sent to the client and the
 * failure is retryable (connect errors, 429, 5xx, timeouts before the first byte); anything else ends the exchange
 * with that failure. When no provider is enabled, the answer is a 503 that names what to configure.
 *
 * <p>Policy filters, orderings, health and stickiness arrive with the routing engine; they slot in where
 * {@link #candidates} builds the list.
 */
public final class Router {

    private final Catalog catalog;
    private final Map<WireProtocol, ProviderAdapter> adapters;
    private final List<AttemptInterceptor> attemptRing;
    private final Deadlines deadlines;

    public Router(Catalog catalog, Map<WireProtocol, ProviderAdapter> adapters, List<AttemptInterceptor> attemptRing,
                  Deadlines deadlines) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.adapters = Map.copyOf(adapters);
        this.attemptRing = List.copyOf(attemptRing);
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /** Routes the exchange; its model must already be resolved. */
    public Future<Void> route(Exchange exchange) {
        ModelSpec model = exchange.model().orElseThrow(() -> new IllegalStateException("model not resolved"));
        List<EndpointSpec> candidates = candidates(model);
        if (candidates.isEmpty()) {
            return Future.failedFuture(noEnabledProvider(model));
        }
        Promise<Void> done = Promise.promise();
        tryNext(exchange, candidates, 0, done);
        return done.future();
    }

    List<EndpointSpec> candidates(ModelSpec model) {
        return catalog.enabledEndpoints(model).stream()
                .filter(e -> adapters.containsKey(catalog.providerOf(e).protocol()))
                .toList();
    }

    private void tryNext(Exchange exchange, List<EndpointSpec> candidates, int index, Promise<Void> done) {
        EndpointSpec endpoint = candidates.get(index);
        ProviderSpec provider = catalog.providerOf(endpoint);
        Attempt attempt = new Attempt(index + 1, endpoint, provider, deadlines);
        long start = exchange.ticker().nanos();
        runAttempt(0, exchange, attempt).onComplete(ar -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(exchange.ticker().nanos() - start);
            if (ar.succeeded()) {
                exchange.recordAttempt(new AttemptRecord(provider.id(), endpoint.upstreamModel(), 200, "", millis));
                done.complete();
                return;
            }
            UpstreamFailure failure = asFailure(ar.cause());
            exchange.recordAttempt(new AttemptRecord(provider.id(), endpoint.upstreamModel(),
                    failure.upstreamStatus(), failure.errorClass(), millis));
            boolean canRetry = failure.retryable() && !exchange.client().committed() && !exchange.client().closed()
                    && index + 1 < candidates.size();
            if (canRetry) {
                tryNext(exchange, candidates, index + 1, done);
            } else {
                done.fail(failure);
            }
        });
    }

    private Future<Void> runAttempt(int index, Exchange exchange, Attempt attempt) {
        if (index == attemptRing.size()) {
            return adapters.get(attempt.provider().protocol()).execute(exchange, attempt);
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

    private GatewayError noEnabledProvider(ModelSpec model) {
        List<String> reasons = new ArrayList<>();
        for (EndpointSpec e : model.endpoints()) {
            ProviderSpec p = catalog.providerOf(e);
            if (!p.enabled()) {
                reasons.add(p.disabledReason());
            } else if (!adapters.containsKey(p.protocol())) {
                reasons.add("provider '" + p.id() + "' speaks " + p.protocol().configName()
                        + ", which this gateway has no adapter for yet");
            }
        }
        String message = "no provider is available for model " + model.id() + ": " + String.join("; ", reasons);
        return GatewayError.builder(ErrorKind.UNAVAILABLE, message)
                .code("no_provider_configured")
                .metadata("model", model.id())
                .metadata("reasons", reasons)
                .build();
    }
}
