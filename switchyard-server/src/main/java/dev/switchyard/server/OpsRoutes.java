package dev.switchyard.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.LedgerStatus;
import dev.switchyard.core.usage.journal.JournaledLedger;
import dev.switchyard.server.observe.JournalMetrics;
import dev.switchyard.server.openai.OpenAiErrors;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Operations: {@code /health} (a summary), {@code /health/live} and {@code /health/ready} (Kubernetes probes),
 * {@code /metrics}, {@code POST /api/v1/admin/reload} (admin key), and the 404 for any other path, which must be
 * mounted last.
 *
 * <p>Liveness answers 200 whenever an event loop can answer at all: restarting would not help anything else.
 * Readiness answers 503 while the gateway drains or a dependency is down (see {@link Readiness}).
 */
final class OpsRoutes implements RouteModule {

    private final Catalog catalog;
    private final LedgerStatus writer;
    private final Optional<JournaledLedger> journal;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private final Handler<RoutingContext> adminGuard;
    private final Supplier<Future<Gateway.ReloadResult>> reload;

    OpsRoutes(Catalog catalog, LedgerStatus writer, Optional<JournaledLedger> journal,
              PrometheusMeterRegistry registry, Readiness readiness, Handler<RoutingContext> adminGuard,
              Supplier<Future<Gateway.ReloadResult>> reload) {
        this.catalog = catalog;
        this.writer = writer;
        this.journal = journal;
        this.registry = registry;
        this.readiness = readiness;
        this.adminGuard = adminGuard;
        this.reload = reload;
    }

    @Override
    public void mount(Router router) {
        router.get("/health").handler(ctx -> json(ctx, 200, health()));
        router.get("/health/live").handler(ctx -> json(ctx, 200, "{\"status\":\"live\"}"));
        router.get("/health/ready").handler(ctx -> {
            Readiness.Verdict v = readiness.verdict();
            json(ctx, v.ready() ? 200 : 503, v.body());
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
        router.post("/api/v1/admin/reload").handler(adminGuard).handler(this::reload);
        router.route().last().handler(ctx -> json(ctx, 404, OpenAiErrors.body(GatewayError.builder(
                ErrorKind.NOT_FOUND, "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())
                .build())));
    }

    private void reload(RoutingContext ctx) {
        reload.get().onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, Json.mapper().createObjectNode().put("status", "reloaded")
                        .put("models", ar.result().models())
                        .put("providers_enabled", ar.result().providersEnabled()).toString());
            } else {
                String why = ar.cause() instanceof IllegalArgumentException ? ar.cause().getMessage()
                        : "reload failed: " + ar.cause().getClass().getSimpleName();
                json(ctx, 400, OpenAiErrors.body(GatewayError.builder(ErrorKind.INVALID_REQUEST,
                        "configuration not reloaded, the running one stays: " + why).build()));
            }
        });
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
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
