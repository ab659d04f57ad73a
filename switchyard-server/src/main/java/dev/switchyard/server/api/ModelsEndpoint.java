package dev.switchyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.Pricing;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /v1/models}: the catalog with OpenRouter's field names and types (prices as decimal strings in USD per
 * token), plus Switchyard's own {@code vendor}, {@code origin}, {@code open_weights}, {@code license} and
 * {@code available} (whether any endpoint's provider is enabled). The catalog is immutable, so the body is rendered
 * once.
 */
public final class ModelsEndpoint implements Handler<RoutingContext> {

    private final Buffer body;

    public ModelsEndpoint(Catalog catalog) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ModelSpec m : catalog.models()) {
            data.add(render(catalog, m));
        }
        this.body = Buffer.buffer(root.toString());
    }

    static ObjectNode render(Catalog catalog, ModelSpec m) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", m.id());
        n.put("canonical_slug", m.canonicalSlug());
        n.put("name", m.name());
        n.put("created", m.createdEpochSeconds());
        n.put("description", m.description());
        n.put("context_length", m.contextLength());
        ObjectNode arch = n.putObject("architecture");
        arch.put("modality", String.join("+", m.inputModalities()) + "->" + String.join("+", m.outputModalities()));
        strings(arch.putArray("input_modalities"), m.inputModalities());
        strings(arch.putArray("output_modalities"), m.outputModalities());
        arch.put("tokenizer", m.tokenizer());
        arch.putNull("instruct_type");
        List<EndpointSpec> enabled = catalog.enabledEndpoints(m);
        EndpointSpec top = !enabled.isEmpty() ? enabled.get(0) : m.endpoints().isEmpty() ? null : m.endpoints().get(0);
        Pricing p = top == null ? Pricing.FREE : top.pricing();
        ObjectNode pricing = n.putObject("pricing");
        pricing.put("prompt", Money.perTokenUsdString(p.promptPicos()));
        pricing.put("completion", Money.perTokenUsdString(p.completionPicos()));
        pricing.put("request", Money.toUsd(p.requestPicos()).toPlainString());
        pricing.put("image", "0");
        pricing.put("input_cache_read", Money.perTokenUsdString(p.cacheReadPicos()));
        pricing.put("input_cache_write", Money.perTokenUsdString(p.cacheWritePicos()));
        ObjectNode topProvider = n.putObject("top_provider");
        topProvider.put("context_length", top == null ? m.contextLength() : top.contextLength());
        topProvider.put("max_completion_tokens", top == null ? m.maxOutputTokens() : top.maxOutputTokens());
        topProvider.put("is_moderated", false);
        n.putNull("per_request_limits");
        strings(n.putArray("supported_parameters"), m.supportedParameters());
        n.put("vendor", m.vendor());
        n.put("origin", m.origin());
        n.put("open_weights", m.openWeights());
        n.put("license", m.license());
        n.put("available", !enabled.isEmpty());
        ArrayNode providers = n.putArray("providers");
        m.endpoints().forEach(e -> providers.add(e.providerId()));
        return n;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json").end(body);
    }
}
