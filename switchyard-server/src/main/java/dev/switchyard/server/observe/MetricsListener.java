package dev.switchyard.server.observe;

import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds Prometheus metrics from finished exchanges: requests by front door, model, provider and status; latency and
 * time-to-first-token histograms; tokens by kind; cost in USD; requests in flight. Labels use catalog ids only
 * (never the client's raw model string), so their number stays bounded.
 *
 * <p>Meters are looked up once per label set and kept: registering through Micrometer's builders on every request
 * allocates tags and ids each time, which showed in allocation profiles of the hot path.
 */
public final class MetricsListener implements ExchangeListener {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<RouteKey, RouteMeters> routes = new ConcurrentHashMap<>();

    private record RequestKey(String api, String model, String provider, int status) {
    }

    private record RouteKey(String model, String provider) {
    }

    /** The meters of one model on one provider. */
    private static final class RouteMeters {
        final Timer duration;
        final Timer ttft;
        final Counter prompt;
        final Counter completion;
        final Counter cached;
        final Counter reasoning;
        final Counter cost;

        RouteMeters(MeterRegistry registry, String model, String provider) {
            duration = Timer.builder("switchyard.request.duration").description("Time from request to last byte")
                    .tags("model", model, "provider", provider).publishPercentileHistogram().register(registry);
            ttft = Timer.builder("switchyard.ttft").description("Time to the first byte of the response body")
                    .tags("model", model, "provider", provider).publishPercentileHistogram().register(registry);
            prompt = tokens(registry, model, provider, "prompt");
            completion = tokens(registry, model, provider, "completion");
            cached = tokens(registry, model, provider, "cached");
            reasoning = tokens(registry, model, provider, "reasoning");
            cost = Counter.builder("switchyard.cost.usd").description("Cost at catalog prices")
                    .tags("model", model, "provider", provider).register(registry);
        }

        private static Counter tokens(MeterRegistry registry, String model, String provider, String kind) {
            return Counter.builder("switchyard.tokens").description("Tokens by kind")
                    .tags("model", model, "provider", provider, "kind", kind).register(registry);
        }
    }

    public MetricsListener(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("switchyard.requests.in_flight", inFlight);
    }

    @Override
    public void onStart(Exchange exchange) {
        inFlight.incrementAndGet();
    }

    @Override
    public void onComplete(UsageRecord r) {
        if (!r.modelRequested().isEmpty()) { // rejected requests (no model read) never started an exchange
            inFlight.decrementAndGet();
        }
        String model = r.modelServed().isEmpty() ? "none" : r.modelServed();
        String provider = r.providerId().isEmpty() ? "none" : r.providerId();
        requests.computeIfAbsent(new RequestKey(r.api(), model, provider, r.status()), k -> Counter
                .builder("switchyard.requests").description("Requests by front door, model, provider and final status")
                .tags("api", k.api(), "model", k.model(), "provider", k.provider(), "status",
                        Integer.toString(k.status()))
                .register(registry)).increment();
        RouteMeters m = routes.computeIfAbsent(new RouteKey(model, provider),
                k -> new RouteMeters(registry, k.model(), k.provider()));
        m.duration.record(r.latencyMillis(), TimeUnit.MILLISECONDS);
        if (r.ttftMillis() >= 0) {
            m.ttft.record(r.ttftMillis(), TimeUnit.MILLISECONDS);
        }
        if (r.usage().totalTokens() > 0) {
            add(m.prompt, r.usage().promptTokens());
            add(m.completion, r.usage().completionTokens());
            add(m.cached, r.usage().cachedTokens());
            add(m.reasoning, r.usage().reasoningTokens());
            m.cost.increment(Money.toUsd(r.cost().totalPicos()).doubleValue());
        }
    }

    private static void add(Counter counter, long n) {
        if (n > 0) {
            counter.increment(n);
        }
    }
}
