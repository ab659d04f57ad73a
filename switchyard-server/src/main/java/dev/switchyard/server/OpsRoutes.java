package dev.switchyard.server;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.usage.LedgerStatus;
import dev.switchyard.core.usage.journal.JournaledLedger;
import dev.switchyard.server.observe.JournalMetrics;
import dev.switchyard.server.openai.OpenAiErrors;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import java.util.Optional;

/** Operations: {@code /health}, {@code /metrics}, and the 404 for any other path, which must be mounted last. */
final class OpsRoutes implements RouteModule {

    private final Catalog catalog;
    private final LedgerStatus writer;
    private final Optional<JournaledLedger> journal;
    private final PrometheusMeterRegistry registry;

    OpsRoutes(Catalog catalog, LedgerStatus writer, Optional<JournaledLedger> journal,
              PrometheusMeterRegistry registry) {
        this.catalog = catalog;
        this.writer = writer;
        this.journal = journal;
        this.registry = registry;
    }

    @Override
    public void mount(Router router) {
        router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .end(health()));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
        router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
                .putHeader("content-type", "application/json")
                .end(OpenAiErrors.body(GatewayError.builder(ErrorKind.NOT_FOUND,
                        "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()).build())));
    }

    private String health() {
        ObjectNode root = Json.mapper().createObjectNode().put("status", "ok").put("version", Gateway.VERSION)
                .put("models", catalog.models().size())
                .put("providers_enabled", catalog.providers().stream().filter(p -> p.enabled()).count());
        root.putObject("usage").put("pending", writer.pending()).put("written", writer.written())
                .put("dropped", writer.dropped());
        journal.ifPresent(j -> JournalMetrics.health(root.putObject("journal"), j));
        return root.toString();
    }
}
