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
import dev.switchyard.core.usage.LedgerSearch;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.server.api.AdminReplies;
import dev.switchyard.server.api.EndpointsEndpoint;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;

/**
 * The admin API the console reads (and scripts may too), behind the admin-key guard: the overview, the rankings (JSON
 * or CSV), the requests explorer and one request, and every endpoint's live health. Aggregates read the rollups only;
 * the explorer reads raw ledger rows through their indexes. Parameters, worker threads, errors and the CSV choice
 * are the admin API's own ({@link AdminReplies}), as in {@code GET /api/v1/admin/usage}.
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
        long now = clock.epochMillis();
        AdminReplies.parameters(ctx, () -> Window.parse(ctx.request().getParam("window"))).ifPresent(w ->
                AdminReplies.answer(ctx, AdminReplies.JSON,
                        () -> OverviewReport.build(w, now, usage, latency).toString()));
    }

    private record RankingsRequest(RankingsReport.Grain grain, RankingsReport.By by, int periods, boolean csv) {
    }

    /** {@code GET /api/v1/admin/rankings?grain=week|day&by=model|vendor|country|openness&periods=N&format=json|csv}. */
    void rankings(RoutingContext ctx) {
        long now = clock.epochMillis();
        AdminReplies.parameters(ctx, () -> {
            RankingsReport.Grain grain = RankingsReport.Grain.parse(ctx.request().getParam("grain"));
            return new RankingsRequest(grain, RankingsReport.By.parse(ctx.request().getParam("by")),
                    RankingsReport.periods(grain, ctx.request().getParam("periods")), AdminReplies.wantsCsv(ctx));
        }).ifPresent(q -> AdminReplies.answer(ctx, q.csv() ? AdminReplies.CSV : AdminReplies.JSON, () -> {
            RankingsReport.Ranking r = RankingsReport.compute(q.grain(), q.by(), q.periods(), now, usage, catalog);
            return q.csv() ? RankingsReport.csv(r) : RankingsReport.json(r, now).toString();
        }));
    }

    /** {@code GET /api/v1/admin/requests?key=&model=&provider=&status=&from=&to=&before=&limit=}. */
    void requests(RoutingContext ctx) {
        AdminReplies.parameters(ctx, () -> RequestsView.filter(ctx.request()::getParam)).ifPresent(filter ->
                AdminReplies.answer(ctx, AdminReplies.JSON,
                        () -> RequestsView.page(ledger.search(filter), filter.limit()).toString()));
    }

    /** {@code GET /api/v1/admin/requests/{id}}. */
    void request(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ctx.vertx().executeBlocking(() -> store.find(id), false).onComplete(ar -> {
            if (ar.failed()) {
                AdminReplies.error(ctx, GatewayError.builder(ErrorKind.SERVER, "usage store unavailable").build());
            } else if (ar.result().isEmpty()) {
                AdminReplies.error(ctx, GatewayError.builder(ErrorKind.NOT_FOUND, "request '" + id + "' is not in the ledger"
                        + " (raw records are kept for ledger.retention_days)").param("id").build());
            } else {
                ctx.response().putHeader("content-type", AdminReplies.JSON)
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
        ctx.response().putHeader("content-type", AdminReplies.JSON).end(root.toString());
    }
}
