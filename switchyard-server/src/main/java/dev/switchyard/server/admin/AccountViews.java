package dev.switchyard.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.accounts.AccountJson;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.Money;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keys and workspaces as the management API shows them: OpenRouter's key fields ({@code hash}, {@code name},
 * {@code label}, {@code disabled}, {@code limit}, {@code limit_remaining}, {@code limit_reset}, {@code created_at},
 * {@code updated_at}, {@code expires_at}) and Switchyard's beside them. Never a secret: the label is the public prefix.
 */
public final class AccountViews {

    private static final long STANDING_TIMEOUT_SECONDS = 5;

    private final Optional<BudgetLedger> ledger;

    /** Views whose {@code limit_remaining} comes from the budget ledger. */
    public AccountViews(BudgetLedger ledger) {
        this.ledger = Optional.of(ledger);
    }

    private AccountViews() {
        this.ledger = Optional.empty();
    }

    /** Views for a process without the gateway's budget ledger (the CLI): no {@code limit_remaining}. */
    public static AccountViews withoutStanding() {
        return new AccountViews();
    }

    /** One key; {@code limit_remaining} from the budget ledger's standing at {@code nowMillis}. */
    public ObjectNode key(ApiKey k, long nowMillis) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("hash", k.hash());
        o.put("name", k.name());
        o.put("label", ApiKeys.displayLabel(k.label()));
        o.put("disabled", k.disabled());
        budget(o, k.budget(), Scope.key(k.hash()), nowMillis);
        o.put("include_byok_in_limit", false);
        o.put("created_at", iso(k.createdAtMillis()));
        o.put("updated_at", iso(k.updatedAtMillis()));
        if (k.expiresAtMillis().isPresent()) {
            o.put("expires_at", iso(k.expiresAtMillis().getAsLong()));
        } else {
            o.putNull("expires_at");
        }
        o.put("workspace_id", k.workspaceId());
        o.put("role", k.role().name().toLowerCase(Locale.ROOT));
        o.put("is_management_key", k.role() == KeyRole.ADMIN);
        shared(o, k.limits(), k);
        return o;
    }

    /** One workspace. */
    public ObjectNode workspace(Workspace w, long nowMillis) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", w.id());
        o.put("name", w.name());
        o.put("disabled", w.disabled());
        budget(o, w.budget(), Scope.workspace(w.id()), nowMillis);
        o.put("created_at", iso(w.createdAtMillis()));
        o.set("rate_limits", rates(w.limits()));
        o.set("allowed_models", AccountJson.limits(w.limits()).get("allowed_models"));
        o.set("allowed_providers", AccountJson.limits(w.limits()).get("allowed_providers"));
        o.set("provider", AccountJson.policy(w.policy()));
        o.set("metadata", AccountJson.metadata(w.metadata()));
        return o;
    }

    private void shared(ObjectNode o, Limits limits, ApiKey k) {
        o.set("rate_limits", rates(limits));
        ObjectNode l = AccountJson.limits(limits);
        o.set("allowed_models", l.get("allowed_models"));
        o.set("allowed_providers", l.get("allowed_providers"));
        o.set("provider", AccountJson.policy(k.policy()));
        o.set("metadata", AccountJson.metadata(k.metadata()));
    }

    /** {@code limit}, {@code limit_remaining} (USD, null for no budget) and {@code limit_reset}. */
    void budget(ObjectNode o, Optional<Budget> budget, Scope scope, long nowMillis) {
        if (budget.isEmpty()) {
            o.putNull("limit");
            o.putNull("limit_remaining");
            o.putNull("limit_reset");
            return;
        }
        Budget b = budget.get();
        o.put("limit", Money.toUsd(b.limitPicos()));
        if (ledger.isPresent()) {
            BudgetStanding standing = awaitStanding(ledger.get(), new BudgetLedger.ScopedBudget(scope, b), nowMillis);
            o.put("limit_remaining", Money.toUsd(standing.remainingPicos()));
        }
        if (b.reset() == Period.NONE) {
            o.putNull("limit_reset");
        } else {
            o.put("limit_reset", b.reset().wireName());
        }
    }

    /** Views are built on worker threads, which may wait for a shared ledger's answer, for a bounded time. */
    private static BudgetStanding awaitStanding(BudgetLedger ledger, BudgetLedger.ScopedBudget scope, long now) {
        try {
            return ledger.standing(scope, now).toCompletionStage().toCompletableFuture()
                    .get(STANDING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the budget store did not answer within " + STANDING_TIMEOUT_SECONDS
                    + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the budget store failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a budget", e);
        }
    }

    private static ObjectNode rates(Limits l) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("requests_per_minute", l.requestsPerMinute());
        r.put("tokens_per_minute", l.tokensPerMinute());
        r.put("max_concurrent", l.maxConcurrent());
        return r;
    }

    static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
