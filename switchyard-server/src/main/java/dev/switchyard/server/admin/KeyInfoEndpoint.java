package dev.switchyard.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyDirectory;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.SpendHistory;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code GET /api/v1/key} (and {@code /v1/key}): the calling key's own record in OpenRouter's shape: {@code label},
 * {@code limit}, {@code limit_remaining}, {@code limit_reset}, {@code usage} and its daily (since 00:00 UTC), weekly
 * (since Monday 00:00 UTC) and monthly (since the first, 00:00 UTC) parts, in USD. Spend is read from the ledger's
 * {@link SpendHistory} on a worker thread; what is left of the budget from the budget ledger.
 */
public final class KeyInfoEndpoint implements Handler<RoutingContext> {

    private final Bearer bearer;
    private final AccountViews views;
    private final SpendHistory spend;
    private final WallClock clock;

    KeyInfoEndpoint(KeyDirectory directory, AccountViews views, SpendHistory spend, WallClock clock) {
        this.bearer = new Bearer(directory, clock);
        this.views = views;
        this.spend = spend;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        bearer.authenticate(ctx).onComplete(ar -> {
            if (ar.failed()) {
                AdminHttp.error(ctx, (GatewayError) ar.cause());
            } else {
                Caller c = ar.result();
                AdminHttp.blocking(ctx, 200, () -> KeysApi.data(render(c.key())));
            }
        });
    }

    private ObjectNode render(ApiKey k) {
        long now = clock.epochMillis();
        Scope scope = Scope.key(k.hash());
        ObjectNode d = Json.mapper().createObjectNode();
        d.put("label", ApiKeys.displayLabel(k.label()));
        d.put("name", k.name());
        d.put("hash", k.hash());
        views.budget(d, k.budget(), scope, now);
        d.put("include_byok_in_limit", false);
        d.put("usage", Money.toUsd(spend.spentSince(scope, 0)));
        d.put("usage_daily", Money.toUsd(spend.spentSince(scope, Period.DAILY.startOf(now))));
        d.put("usage_weekly", Money.toUsd(spend.spentSince(scope, Period.WEEKLY.startOf(now))));
        d.put("usage_monthly", Money.toUsd(spend.spentSince(scope, Period.MONTHLY.startOf(now))));
        d.put("byok_usage", 0);
        d.put("byok_usage_daily", 0);
        d.put("byok_usage_weekly", 0);
        d.put("byok_usage_monthly", 0);
        d.put("is_free_tier", false);
        d.put("is_management_key", k.role() == KeyRole.ADMIN);
        d.put("is_provisioning_key", k.role() == KeyRole.ADMIN);
        if (k.expiresAtMillis().isPresent()) {
            d.put("expires_at", AccountViews.iso(k.expiresAtMillis().getAsLong()));
        } else {
            d.putNull("expires_at");
        }
        d.put("workspace_id", k.workspaceId());
        d.put("role", k.role().name().toLowerCase(Locale.ROOT));
        ObjectNode rates = d.putObject("rate_limits");
        rates.put("requests_per_minute", k.limits().requestsPerMinute());
        rates.put("tokens_per_minute", k.limits().tokensPerMinute());
        rates.put("max_concurrent", k.limits().maxConcurrent());
        return d;
    }
}
