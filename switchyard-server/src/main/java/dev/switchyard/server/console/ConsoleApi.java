package dev.switchyard.server.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.routing.Candidate;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.usage.LatencyQueries;
import dev.switchyard.core.usage.LedgerFilter;
import dev.switchyard.core.usage.LedgerSearch;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.server.api.BadParameter;
import dev.switchyard.server.api.EndpointsEndpoint;
import dev.switchyard.server.openai.OpenAiErrors;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The admin API the console reads (and scripts may too), behind the admin-key guard: the overview, the rankings (JSON
 * or CSV), the requests explorer and one request, and every endpoint's live health. Aggregates read the rollups only;
 * the explorer reads raw ledger rows through their indexes. Store work runs on worker threads.
 */
final class ConsoleApi {

    private final UsageQueries usage;
    private final LatencyQueries latency;
    private final LedgerSearch ledger;
    private final UsageStore store;
    private final Catalog catalog;
    private final RoutePlanner planner;
    private final WallClock clock;

    ConsoleApi(UsageQueries usage, LatencyQueries latency, LedgerSearch ledger, UsageStore store, Catalog catalog,
               RoutePlanner planner, WallClock clock) {
        this.usage = usage;
        this.latency = latency;
        this.ledger = ledger;
        this.store = store;
        this.catalog = catalog;
        this.planner = planner;
        this.clock = clock;
    }

    /** {@code GET /api/v1/admin/overview?window=24h|7d|30d|90d}. */
    void overview(RoutingContext ctx) {
        Window w;
        try {
            w = Window.parse(ctx.request().getParam("window"));
        } catch (BadParameter e) {
            error(ctx, GatewayError.invalidRequest(e.getMessage(), e.param()));
            return;
        }
        long now = clock.epochMillis();
        blocking(ctx, "application/json", () -> OverviewReport.build(w, now, usage, latency).toString());
    }

    /** {@code GET /api/v1/admin/rankings?grain=week|day&by=model|vendor|country|openness&periods=N&format=json|csv}. */
    void rankings(RoutingContext ctx) {
        RankingsReport.Grain grain;
        RankingsReport.By by;
        int periods;
        boolean csv;
        try {
            grain = RankingsReport.Grain.parse(ctx.request().getParam("grain"));
            by = RankingsReport.By.parse(ctx.request().getParam("by"));
            periods = RankingsReport.periods(grain, ctx.request().getParam("periods"));
            csv = wantsCsv(ctx.request().getParam("format"), ctx.request().getHeader("accept"));
        } catch (BadParameter e) {
            error(ctx, GatewayError.invalidRequest(e.getMessage(), e.param()));
            return;
        }
        long now = clock.epochMillis();
        blocking(ctx, csv ? "text/csv; charset=utf-8" : "application/json", () -> {
            RankingsReport.Ranking r = RankingsReport.compute(grain, by, periods, now, usage, catalog);
            return csv ? RankingsReport.csv(r) : RankingsReport.json(r, now).toString();
        });
    }

    /** {@code GET /api/v1/admin/requests?key=&model=&provider=&status=&from=&to=&before=&limit=}. */
    void requests(RoutingContext ctx) {
        LedgerFilter filter;
        try {
            filter = RequestsView.filter(ctx.request()::getParam);
        } catch (BadParameter e) {
            error(ctx, GatewayError.invalidRequest(e.getMessage(), e.param()));
            return;
        }
        blocking(ctx, "application/json", () -> RequestsView.page(ledger.search(filter), filter.limit()).toString());
    }

    /** {@code GET /api/v1/admin/requests/{id}}. */
    void request(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ctx.vertx().executeBlocking(() -> store.find(id), false).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, GatewayError.builder(ErrorKind.SERVER, "usage store unavailable").build());
            } else if (ar.result().isEmpty()) {
                error(ctx, GatewayError.builder(ErrorKind.NOT_FOUND, "request '" + id + "' is not in the ledger"
                        + " (raw records are kept for ledger.retention_days)").param("id").build());
            } else {
                ctx.response().putHeader("content-type", "application/json")
                        .end(RequestsView.detail(ar.result().get()).toString());
            }
        });
    }

    /** {@code GET /api/v1/admin/endpoints}: the catalog with prices and context, and every endpoint's live health. */
    void endpoints(RoutingContext ctx) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode data = root.putArray("data");
        List<ModelSpec> models = catalog.models().stream().sorted(Comparator.comparing(ModelSpec::id)).toList();
        for (ModelSpec m : models) {
            ObjectNode n = data.addObject();
            n.put("id", m.id());
            n.put("name", m.name());
            n.put("vendor", m.vendor());
            n.put("origin", m.origin());
            n.put("open_weights", m.openWeights());
            n.put("context_length", m.contextLength());
            n.put("max_output_tokens", m.maxOutputTokens());
            ArrayNode list = n.putArray("endpoints");
            for (Candidate c : planner.candidatesOf(m)) {
                ObjectNode e = EndpointsEndpoint.render(m, c);
                e.put("prompt_usd_per_million", Money.toUsd(c.endpoint().pricing().promptPicos() * 1_000_000L)
                        .toPlainString());
                e.put("completion_usd_per_million", Money.toUsd(c.endpoint().pricing().completionPicos() * 1_000_000L)
                        .toPlainString());
                list.add(e);
            }
        }
        ctx.response().putHeader("content-type", "application/json").end(root.toString());
    }

    private static void blocking(RoutingContext ctx, String contentType, Callable<String> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause() instanceof BadParameter b ? GatewayError.invalidRequest(b.getMessage(), b.param())
                        : GatewayError.builder(ErrorKind.SERVER, "usage store unavailable").build());
            } else {
                ctx.response().putHeader("content-type", contentType).end(ar.result());
            }
        });
    }

    static boolean wantsCsv(String format, String accept) {
        if (format != null) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new BadParameter("format", "invalid 'format': '" + format
                        + "' (expected: json or csv)");
            };
        }
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    static void error(RoutingContext ctx, GatewayError e) {
        ctx.response().setStatusCode(e.status()).putHeader("content-type", "application/json")
                .end(OpenAiErrors.body(e));
    }
}
