package dev.switchyard.server.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.LedgerFilter;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.server.api.BadParameter;
import dev.switchyard.server.api.UsageParams;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The requests explorer's JSON: the filter read from query parameters, a page of ledger records, and one record in
 * full (every attempt, tokens, cost parts, timings). Bodies are never in the ledger: Switchyard does not log prompts
 * or answers, and the detail says so.
 */
final class RequestsView {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final String BODIES_NOTE = "Prompt and response bodies are not recorded: body logging is off (the default),"
            + " and the ledger keeps only metadata, tokens, cost and timings.";

    private RequestsView() {
    }

    /** The filter of {@code key, model, provider, status, from, to, before, limit}. */
    static LedgerFilter filter(Function<String, String> param) {
        int[] status = status(param.apply("status"));
        String fromText = param.apply("from");
        String toText = param.apply("to");
        long from = fromText == null || fromText.isBlank() ? 0 : UsageParams.instant("from", fromText);
        long to = toText == null || toText.isBlank() ? Long.MAX_VALUE : UsageParams.instant("to", toText);
        Optional<LedgerFilter.Cursor> before = Optional.empty();
        String cursor = param.apply("before");
        if (cursor != null && !cursor.isBlank()) {
            before = Optional.of(LedgerFilter.Cursor.parse(cursor.strip()).orElseThrow(() -> new BadParameter(
                    "before", "invalid 'before': expected the 'next' cursor of a previous page")));
        }
        return new LedgerFilter(opt(param.apply("key")), opt(param.apply("model")), opt(param.apply("provider")),
                status[0], status[1], from, to, before, limit(param.apply("limit")));
    }

    private static Optional<String> opt(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static int limit(String v) {
        if (v == null || v.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameter("limit", "invalid 'limit': '" + v + "' (expected 1 to " + MAX_LIMIT + ")");
    }

    /** {@code 200}, {@code 4xx}, {@code 5xx}, {@code ok} (below 400) or {@code error} (400 and above). */
    static int[] status(String v) {
        if (v == null || v.isBlank()) {
            return new int[] {0, 999};
        }
        String s = v.strip().toLowerCase(java.util.Locale.ROOT);
        switch (s) {
            case "ok":
                return new int[] {0, 399};
            case "error":
                return new int[] {400, 999};
            default:
                break;
        }
        if (s.matches("[1-5]xx")) {
            int c = (s.charAt(0) - '0') * 100;
            return new int[] {c, c + 99};
        }
        if (s.matches("[1-5][0-9][0-9]")) {
            int c = Integer.parseInt(s);
            return new int[] {c, c};
        }
        throw new BadParameter("status", "invalid 'status': '" + v + "' (expected a code such as 429, a class such as"
                + " 5xx, ok or error)");
    }

    static ObjectNode page(List<UsageRecord> records, int limit) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode data = root.putArray("data");
        for (UsageRecord r : records) {
            data.add(summary(r));
        }
        if (records.size() == limit) {
            UsageRecord last = records.get(records.size() - 1);
            root.put("next", new LedgerFilter.Cursor(last.createdAtMillis(), last.id()).text());
        } else {
            root.putNull("next");
        }
        return root;
    }

    static ObjectNode summary(UsageRecord r) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", r.id());
        n.put("created_at", Instant.ofEpochMilli(r.createdAtMillis()).toString());
        n.put("api", r.api());
        n.put("model", r.modelServed().isEmpty() ? r.modelRequested() : r.modelServed());
        n.put("model_requested", r.modelRequested());
        n.put("provider", r.providerId());
        n.put("status", r.status());
        n.put("error_class", r.errorClass());
        n.put("key", r.dimensions().keyId());
        n.put("workspace", r.dimensions().workspaceId());
        n.put("app", r.dimensions().app());
        n.put("streamed", r.streamed());
        n.put("prompt_tokens", r.usage().promptTokens());
        n.put("completion_tokens", r.usage().completionTokens());
        n.put("cost_usd", Money.toUsd(r.cost().totalPicos()).toPlainString());
        n.put("latency_ms", r.latencyMillis());
        n.put("ttft_ms", r.ttftMillis());
        n.put("attempts", r.attempts().size());
        return n;
    }

    static ObjectNode detail(UsageRecord r) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode d = summary(r);
        root.set("data", d);
        d.put("upstream_model", r.upstreamModel());
        d.put("finish_reason", r.finishReason());
        d.put("vendor", r.dimensions().vendor());
        d.put("origin", r.dimensions().origin());
        d.put("user_hash", r.dimensions().userHash());
        ObjectNode tokens = d.putObject("tokens");
        tokens.put("prompt", r.usage().promptTokens());
        tokens.put("completion", r.usage().completionTokens());
        tokens.put("cached", r.usage().cachedTokens());
        tokens.put("cache_write", r.usage().cacheWriteTokens());
        tokens.put("reasoning", r.usage().reasoningTokens());
        ObjectNode cost = d.putObject("cost");
        cost.put("prompt_usd", Money.toUsd(r.cost().promptPicos()).toPlainString());
        cost.put("completion_usd", Money.toUsd(r.cost().completionPicos()).toPlainString());
        cost.put("cache_usd", Money.toUsd(r.cost().cachePicos()).toPlainString());
        cost.put("request_usd", Money.toUsd(r.cost().requestPicos()).toPlainString());
        cost.put("total_usd", Money.toUsd(r.cost().totalPicos()).toPlainString());
        cost.put("total_picos", r.cost().totalPicos());
        ObjectNode timings = d.putObject("timings");
        timings.put("latency_ms", r.latencyMillis());
        if (r.ttftMillis() >= 0) {
            timings.put("ttft_ms", r.ttftMillis());
            timings.put("generation_ms", r.latencyMillis() - r.ttftMillis());
        } else {
            timings.putNull("ttft_ms");
            timings.putNull("generation_ms");
        }
        ArrayNode attempts = d.putArray("attempt_list");
        int seq = 1;
        for (AttemptRecord a : r.attempts()) {
            attempts.addObject().put("seq", seq++).put("provider", a.providerId()).put("upstream_model",
                    a.upstreamModel()).put("status", a.status()).put("error_class", a.errorClass())
                    .put("duration_ms", a.durationMillis());
        }
        ObjectNode bodies = d.putObject("bodies");
        bodies.put("logged", false);
        bodies.put("note", BODIES_NOTE);
        return root;
    }
}
