package dev.switchyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRow;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/v1/activity}: OpenRouter's activity report, one row per UTC day, model and provider over the last 30
 * complete UTC days, or over one day with {@code date=YYYY-MM-DD} (which may be today). {@code key} (or OpenRouter's
 * {@code api_key_hash}) restricts it to one API key. Read from the daily rollups on a worker thread; an admin endpoint.
 *
 * <p>{@code endpoint_id} is {@code provider:model} (Switchyard has no endpoint UUIDs); {@code model_permaslug} is the
 * catalog id; {@code byok_usage_inference} is always 0, since every key is the operator's own. Failed requests count
 * in {@code requests} under the provider that failed (empty when none was tried).
 */
public final class ActivityEndpoint implements Handler<RoutingContext> {

    /** Complete UTC days reported without {@code date}. */
    public static final int DAYS = 30;

    private final UsageQueries queries;
    private final WallClock clock;

    public ActivityEndpoint(UsageQueries queries, WallClock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handle(RoutingContext ctx) {
        AdminReplies.parameters(ctx, () -> query(ctx.request().getParam("date"), key(ctx), clock.epochMillis()))
                .ifPresent(query -> AdminReplies.answer(ctx, AdminReplies.JSON, () -> render(queries.usage(query))));
    }

    private static String key(RoutingContext ctx) {
        String key = ctx.request().getParam("key");
        return key != null ? key : ctx.request().getParam("api_key_hash");
    }

    static UsageQuery query(String date, String key, long nowMillis) {
        long from;
        long to;
        if (date != null) {
            from = UsageParams.date("date", date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            to = from + Bucket.DAY_MILLIS;
        } else {
            to = Bucket.floorDay(nowMillis);
            from = to - DAYS * Bucket.DAY_MILLIS;
        }
        UsageQuery q = UsageQuery.of(from, to, Bucket.DAY).groupedBy(UsageDimension.MODEL, UsageDimension.PROVIDER);
        return key == null || key.isBlank() ? q : q.where(UsageDimension.KEY, key.strip());
    }

    static String render(List<UsageRow> rows) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode data = root.putArray("data");
        for (UsageRow r : rows) {
            String model = r.group(UsageDimension.MODEL);
            String provider = r.group(UsageDimension.PROVIDER);
            data.addObject()
                    .put("date", LocalDate.ofInstant(Instant.ofEpochMilli(r.bucketStartMillis()), ZoneOffset.UTC)
                            .toString())
                    .put("model", model)
                    .put("model_permaslug", model)
                    .put("endpoint_id", provider.isEmpty() ? "" : provider + ":" + model)
                    .put("provider_name", provider)
                    .put("usage", Money.toUsd(r.totals().costPicos()))
                    .put("byok_usage_inference", 0)
                    .put("requests", r.totals().requests())
                    .put("prompt_tokens", r.totals().promptTokens())
                    .put("completion_tokens", r.totals().completionTokens())
                    .put("reasoning_tokens", r.totals().reasoningTokens());
        }
        try {
            return UsageReport.PLAIN.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
