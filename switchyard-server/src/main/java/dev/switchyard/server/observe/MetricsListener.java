package dev.switchyard.server.observe;

import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds Prometheus metrics from finished exchanges: requests by model, provider and status; latency and
 * time-to-first-token histograms; tokens by kind; cost in USD; requests in flight. Labels use catalog ids only
 * (never the client's raw model string), so their number stays bounded.
 */
public final class MetricsListener implements ExchangeListener {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

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
        Counter.builder("switchyard.requests").description("Requests by model, provider and final status")
                .tags("api", r.api(), "model", model, "provider", provider, "status", Integer.toString(r.status()))
                .register(registry).increment();
        Timer.builder("switchyard.request.duration").description("Time from request to last byte")
                .tags("model", model, "provider", provider).publishPercentileHistogram()
                .register(registry).record(Duration.ofMillis(r.latencyMillis()));
        if (r.ttftMillis() >= 0) {
            Timer.builder("switchyard.ttft").description("Time to the first byte of the response body")
                    .tags("model", model, "provider", provider).publishPercentileHistogram()
                    .register(registry).record(Duration.ofMillis(r.ttftMillis()));
        }
        if (r.usage().totalTokens() > 0) {
            tokens(model, provider, "prompt", r.usage().promptTokens());
            tokens(model, provider, "completion", r.usage().completionTokens());
            tokens(model, provider, "cached", r.usage().cachedTokens());
            tokens(model, provider, "reasoning", r.usage().reasoningTokens());
            Counter.builder("switchyard.cost.usd").description("Cost at catalog prices")
                    .tags("model", model, "provider", provider).register(registry)
                    .increment(Money.toUsd(r.cost().totalPicos()).doubleValue());
        }
    }

    private void tokens(String model, String provider, String kind, long n) {
        if (n > 0) {
            Counter.builder("switchyard.tokens").description("Tokens by kind")
                    .tags("model", model, "provider", provider, "kind", kind).register(registry).increment(n);
        }
    }
}
