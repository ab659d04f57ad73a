package dev.switchyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.ModelResolver;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.routing.Candidate;
import dev.switchyard.core.routing.HealthSnapshot;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.usage.Money;
import dev.switchyard.server.openai.OpenAiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET /v1/models/{author}/{slug}/endpoints}: every endpoint (and key) of a model with its live health, in
 * OpenRouter's {@code ListEndpointsResponse} shape: {@code uptime_last_5m/30m/1d}, {@code latency_last_30m} and
 * {@code throughput_last_30m} percentiles, plus Switchyard's {@code switchyard} section with the breaker state,
 * the moving averages and the same percentiles for 5 minutes and a day. Figures are this process's.
 */
public final class EndpointsEndpoint implements Handler<RoutingContext> {

    private final ModelResolver resolver;
    private final RoutePlanner planner;

    public EndpointsEndpoint(ModelResolver resolver, RoutePlanner planner) {
        this.resolver = resolver;
        this.planner = planner;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String id = ctx.pathParam("author") + "/" + ctx.pathParam("slug");
        Optional<ModelSpec> model = resolver.resolve(id);
        if (model.isEmpty()) {
            GatewayError e = GatewayError.builder(ErrorKind.NOT_FOUND, "model '" + id + "' is not in the catalog")
                    .code("model_not_found").build();
            ctx.response().setStatusCode(404).putHeader("content-type", "application/json").end(OpenAiErrors.body(e));
            return;
        }
        ModelSpec m = model.get();
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("id", m.id());
        data.put("name", m.name());
        data.put("created", m.createdEpochSeconds());
        data.put("description", m.description());
        ArrayNode list = data.putArray("endpoints");
        for (Candidate c : planner.candidatesOf(m)) {
            list.add(render(m, c));
        }
        ctx.response().putHeader("content-type", "application/json").end(root.toString());
    }

    /** One endpoint of a model with its live health, as this endpoint lists it (the console lists them all). */
    public static ObjectNode render(ModelSpec m, Candidate c) {
        HealthSnapshot h = c.health().snapshot();
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("name", c.provider().name() + " | " + c.endpoint().upstreamModel());
        e.put("model_id", m.id());
        e.put("model_name", m.name());
        e.put("provider_name", c.provider().name());
        e.put("tag", c.key());
        e.put("quantization", c.endpoint().quantization());
        e.put("context_length", c.endpoint().contextLength());
        e.put("max_completion_tokens", c.endpoint().maxOutputTokens());
        ObjectNode pricing = e.putObject("pricing");
        pricing.put("prompt", Money.perTokenUsdString(c.endpoint().pricing().promptPicos()));
        pricing.put("completion", Money.perTokenUsdString(c.endpoint().pricing().completionPicos()));
        pricing.put("request", Money.toUsd(c.endpoint().pricing().requestPicos()).toPlainString());
        pricing.put("input_cache_read", Money.perTokenUsdString(c.endpoint().pricing().cacheReadPicos()));
        pricing.put("input_cache_write", Money.perTokenUsdString(c.endpoint().pricing().cacheWritePicos()));
        ArrayNode params = e.putArray("supported_parameters");
        m.supportedParameters().forEach(params::add);
        boolean enabled = c.provider().enabled();
        e.put("status", !enabled ? -5 : h.secondsUntilAvailable() > 0 ? -2 : 0);
        uptime(e, "uptime_last_5m", h.last5m());
        uptime(e, "uptime_last_30m", h.last30m());
        uptime(e, "uptime_last_1d", h.last1d());
        percentiles(e, "latency_last_30m", h.last30m().ttftMillis());
        percentiles(e, "throughput_last_30m", h.last30m().tokensPerSecond());
        ObjectNode own = e.putObject("switchyard");
        own.put("provider", c.provider().id());
        own.put("enabled", enabled);
        own.put("weight", c.weight());
        own.put("breaker", h.state().name().toLowerCase(java.util.Locale.ROOT));
        own.put("seconds_until_available", h.secondsUntilAvailable());
        own.put("ewma_latency_ms", round(h.latencyMillis()));
        own.put("ewma_ttft_ms", round(h.ttftMillis()));
        own.put("ewma_tokens_per_second", round(h.tokensPerSecond()));
        own.put("ewma_error_rate", round(h.errorRate()));
        window(own.putObject("last_5m"), h.last5m());
        window(own.putObject("last_30m"), h.last30m());
        window(own.putObject("last_1d"), h.last1d());
        own.put("country", c.provider().country());
        own.put("trains_on_prompts", c.provider().dataPolicy().trainsOnPrompts());
        own.put("retains_prompts", c.provider().dataPolicy().retainsPrompts());
        own.put("zero_data_retention", c.provider().dataPolicy().zeroDataRetention());
        return e;
    }

    private static void window(ObjectNode n, HealthSnapshot.WindowStats w) {
        n.put("requests", w.requests());
        uptime(n, "uptime", w);
        percentiles(n, "ttft_ms", w.ttftMillis());
        percentiles(n, "tokens_per_second", w.tokensPerSecond());
    }

    private static void uptime(ObjectNode n, String field, HealthSnapshot.WindowStats w) {
        if (w.uptimePercent() < 0) {
            n.putNull(field);
        } else {
            n.put(field, round(w.uptimePercent()));
        }
    }

    private static void percentiles(ObjectNode n, String field, double[] p) {
        if (p[0] < 0) {
            n.putNull(field);
            return;
        }
        ObjectNode o = n.putObject(field);
        o.put("p50", round(p[0]));
        o.put("p75", round(p[1]));
        o.put("p90", round(p[2]));
        o.put("p99", round(p[3]));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
