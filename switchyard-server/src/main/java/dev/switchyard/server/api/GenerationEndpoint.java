package dev.switchyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.server.admin.CallerAccess;
import dev.switchyard.server.openai.OpenAiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /v1/generation?id=gen-…}: one ledger record in OpenRouter's shape ({@code data.total_cost},
 * {@code tokens_prompt}, {@code native_tokens_*}, {@code provider_responses[]}), plus Switchyard's exact figures
 * under {@code data.switchyard}. Records are written asynchronously, so a lookup right after a response may briefly
 * 404; clients poll, as with OpenRouter. The store is read on a worker thread.
 */
public final class GenerationEndpoint implements Handler<RoutingContext> {

    private final UsageStore store;
    private final CallerAccess access;

    /**
     * @param store the ledger
     * @param access who may read: an inference key sees its own generations only, an admin key every one
     */
    public GenerationEndpoint(UsageStore store, CallerAccess access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String id = ctx.request().getParam("id");
        if (id == null || id.isBlank()) {
            error(ctx, GatewayError.invalidRequest("missing query parameter 'id'", "id"));
            return;
        }
        access.check(ctx).onComplete(who -> {
            if (who.failed()) {
                error(ctx, who.cause() instanceof GatewayError g ? g
                        : GatewayError.builder(ErrorKind.SERVER, "cannot check the key").build());
                return;
            }
            lookup(ctx, id, who.result());
        });
    }

    private void lookup(RoutingContext ctx, String id, Optional<Caller> caller) {
        ctx.vertx().executeBlocking(() -> store.find(id).filter(r -> visibleTo(r, caller)), false).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, GatewayError.builder(ErrorKind.SERVER, "usage store unavailable").build());
            } else if (ar.result().isEmpty()) {
                error(ctx, GatewayError.builder(ErrorKind.NOT_FOUND, "generation '" + id + "' not found")
                        .param("id").build());
            } else {
                ctx.response().putHeader("content-type", "application/json").end(render(ar.result().get()).toString());
            }
        });
    }

    /** An inference key sees only its own generations (others are "not found", not "forbidden"). */
    private static boolean visibleTo(UsageRecord r, Optional<Caller> caller) {
        return caller.isEmpty() || caller.get().key().role() == KeyRole.ADMIN
                || r.dimensions().keyId().equals(caller.get().key().hash());
    }

    static ObjectNode render(UsageRecord r) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode d = root.putObject("data");
        d.put("id", r.id());
        d.put("created_at", Instant.ofEpochMilli(r.createdAtMillis()).toString());
        d.put("model", r.modelServed().isEmpty() ? r.modelRequested() : r.modelServed());
        d.put("provider_name", r.providerId());
        d.put("api_type", r.api().equals("embeddings") ? "embeddings" : "completions");
        d.put("streamed", r.streamed());
        d.put("cancelled", r.status() == 499);
        d.put("finish_reason", r.finishReason().isEmpty() ? null : r.finishReason());
        d.put("native_finish_reason", r.finishReason().isEmpty() ? null : r.finishReason());
        d.put("latency", r.latencyMillis());
        d.put("generation_time", r.ttftMillis() < 0 ? r.latencyMillis() : r.latencyMillis() - r.ttftMillis());
        d.put("tokens_prompt", r.usage().promptTokens());
        d.put("tokens_completion", r.usage().completionTokens());
        d.put("native_tokens_prompt", r.usage().promptTokens());
        d.put("native_tokens_completion", r.usage().completionTokens());
        d.put("native_tokens_reasoning", r.usage().reasoningTokens());
        d.put("native_tokens_cached", r.usage().cachedTokens());
        d.put("total_cost", Money.toUsd(r.cost().totalPicos()));
        d.put("usage", Money.toUsd(r.cost().totalPicos()));
        d.put("is_byok", false);
        ArrayNode attempts = d.putArray("provider_responses");
        for (AttemptRecord a : r.attempts()) {
            attempts.addObject().put("provider_name", a.providerId()).put("model", a.upstreamModel())
                    .put("status", a.status()).put("latency", a.durationMillis())
                    .put("error_class", a.errorClass().isEmpty() ? null : a.errorClass());
        }
        ObjectNode own = d.putObject("switchyard");
        own.put("api", r.api());
        own.put("model_requested", r.modelRequested());
        own.put("upstream_model", r.upstreamModel());
        own.put("status", r.status());
        own.put("error_class", r.errorClass());
        own.put("ttft_ms", r.ttftMillis());
        own.put("cache_write_tokens", r.usage().cacheWriteTokens());
        own.put("usage_estimated", r.usage().estimated());
        ObjectNode cost = own.putObject("cost_usd");
        cost.put("prompt", Money.toUsd(r.cost().promptPicos()));
        cost.put("completion", Money.toUsd(r.cost().completionPicos()));
        cost.put("cache", Money.toUsd(r.cost().cachePicos()));
        cost.put("request", Money.toUsd(r.cost().requestPicos()));
        cost.put("total", Money.toUsd(r.cost().totalPicos()));
        own.put("cost_picos", r.cost().totalPicos());
        return root;
    }

    private static void error(RoutingContext ctx, GatewayError e) {
        ctx.response().setStatusCode(e.status()).putHeader("content-type", "application/json").end(OpenAiErrors.body(e));
    }
}
