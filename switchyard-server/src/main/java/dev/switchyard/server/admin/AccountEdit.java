package dev.switchyard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.accounts.AccountJson;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.usage.Money;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The fields a create or update request sets on a key or a workspace, read and validated once for the management API
 * and the CLI alike. A field absent from the body leaves the current value; {@code null} clears it where that means
 * something ({@code limit}, {@code expires_at}, {@code provider}). Every refusal is a 400 naming the field.
 */
final class AccountEdit {

    /** Fields a key create body may carry ({@code include_byok_in_limit} is OpenRouter's, accepted and ignored). */
    static final Set<String> KEY_CREATE = Set.of("name", "limit", "limit_reset", "include_byok_in_limit", "disabled",
            "expires_at", "workspace_id", "role", "rate_limits", "allowed_models", "allowed_providers", "provider",
            "metadata");
    /** Fields a key update body may carry. */
    static final Set<String> KEY_UPDATE = Set.of("name", "limit", "limit_reset", "include_byok_in_limit", "disabled",
            "expires_at", "rate_limits", "allowed_models", "allowed_providers", "provider", "metadata");
    /** Fields a workspace create body may carry. */
    static final Set<String> WORKSPACE_CREATE = Set.of("id", "name", "limit", "limit_reset", "disabled",
            "rate_limits", "allowed_models", "allowed_providers", "provider", "metadata");
    /** Fields a workspace update body may carry. */
    static final Set<String> WORKSPACE_UPDATE = Set.of("name", "limit", "limit_reset", "disabled", "rate_limits",
            "allowed_models", "allowed_providers", "provider", "metadata");

    /** Fields set at creation that never change afterwards. */
    static final Set<String> FIXED = Set.of("id", "workspace_id", "role");

    static final int MAX_NAME = 200;
    private static final String[] RATE_FIELDS = {"requests_per_minute", "tokens_per_minute", "max_concurrent"};

    private final JsonNode body;

    private AccountEdit(JsonNode body) {
        this.body = body;
    }

    /** Checks the body is an object carrying only {@code allowed} fields. */
    static AccountEdit read(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw GatewayError.invalidRequest("the request body must be a JSON object", null);
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f) && FIXED.contains(f)) {
                throw GatewayError.invalidRequest("'" + f + "' is set at creation and cannot be changed", f);
            }
            if (!allowed.contains(f)) {
                throw GatewayError.invalidRequest("unknown field '" + f + "' (expected one of: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")", f);
            }
        }
        return new AccountEdit(body);
    }

    boolean has(String field) {
        return body.has(field);
    }

    /** A required, non-blank name of at most {@value #MAX_NAME} characters. */
    String name(String current) {
        JsonNode n = body.get("name");
        if (n == null) {
            if (current.isEmpty()) {
                throw GatewayError.invalidRequest("'name' is required", "name");
            }
            return current;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > MAX_NAME) {
            throw GatewayError.invalidRequest("'name' must be a non-empty string of at most " + MAX_NAME
                    + " characters", "name");
        }
        return n.asText().strip();
    }

    /** A text field, or {@code fallback} when absent. */
    String text(String field, String fallback) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw GatewayError.invalidRequest("'" + field + "' must be a non-empty string", field);
        }
        return n.asText().strip();
    }

    boolean disabled(boolean current) {
        JsonNode n = body.get("disabled");
        if (n == null) {
            return current;
        }
        if (!n.isBoolean()) {
            throw GatewayError.invalidRequest("'disabled' must be true or false", "disabled");
        }
        return n.asBoolean();
    }

    KeyRole role() {
        JsonNode n = body.get("role");
        if (n == null || n.isNull()) {
            return KeyRole.INFERENCE;
        }
        return switch (n.isTextual() ? n.asText().toLowerCase(Locale.ROOT) : "") {
            case "inference" -> KeyRole.INFERENCE;
            case "admin" -> KeyRole.ADMIN;
            default -> throw GatewayError.invalidRequest("'role' must be \"inference\" or \"admin\", not " + n,
                    "role");
        };
    }

    /** {@code expires_at}: ISO 8601 with an offset, e.g. {@code 2027-01-31T00:00:00Z}; null for never. */
    OptionalLong expiresAt(OptionalLong current, long nowMillis, boolean mustBeFuture) {
        JsonNode n = body.get("expires_at");
        if (n == null) {
            return current;
        }
        if (n.isNull()) {
            return OptionalLong.empty();
        }
        long at;
        try {
            at = OffsetDateTime.parse(n.asText()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw GatewayError.invalidRequest("'expires_at' must be an ISO 8601 date-time with an offset, e.g. "
                    + "2027-01-31T00:00:00Z, not " + n, "expires_at");
        }
        if (mustBeFuture && at <= nowMillis) {
            throw GatewayError.invalidRequest("'expires_at' " + n.asText() + " is in the past", "expires_at");
        }
        return OptionalLong.of(at);
    }

    /** {@code limit} (USD, null for none) and {@code limit_reset} (daily, weekly, monthly or null). */
    Optional<Budget> budget(Optional<Budget> current) {
        Optional<Budget> out = current;
        if (body.has("limit")) {
            JsonNode n = body.get("limit");
            if (n.isNull()) {
                out = Optional.empty();
            } else if (!n.isNumber() || n.decimalValue().signum() < 0) {
                throw GatewayError.invalidRequest("'limit' must be a number of USD >= 0, or null for no limit, not "
                        + n, "limit");
            } else {
                out = Optional.of(new Budget(picos(n.decimalValue()), current.map(Budget::reset).orElse(Period.NONE)));
            }
        }
        if (body.has("limit_reset")) {
            JsonNode n = body.get("limit_reset");
            Period reset = n.isNull() ? Period.NONE : Period.parse(n.isTextual() ? n.asText() : "")
                    .filter(p -> p != Period.NONE)
                    .orElseThrow(() -> GatewayError.invalidRequest("'limit_reset' must be \"daily\", \"weekly\", "
                            + "\"monthly\" or null, not " + n, "limit_reset"));
            if (out.isEmpty() && reset != Period.NONE) {
                throw GatewayError.invalidRequest("'limit_reset' needs a 'limit'", "limit_reset");
            }
            out = out.map(b -> new Budget(b.limitPicos(), reset));
        }
        return out;
    }

    /** {@code rate_limits}, {@code allowed_models} and {@code allowed_providers}. */
    Limits limits(Limits current) {
        long[] rates = {current.requestsPerMinute(), current.tokensPerMinute(), current.maxConcurrent()};
        JsonNode r = body.get("rate_limits");
        if (r != null && r.isNull()) {
            rates = new long[3];
        } else if (r != null) {
            if (!r.isObject()) {
                throw GatewayError.invalidRequest("'rate_limits' must be an object with requests_per_minute, "
                        + "tokens_per_minute and max_concurrent", "rate_limits");
            }
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of(RATE_FIELDS).contains(f)) {
                    throw GatewayError.invalidRequest("unknown field 'rate_limits." + f + "' (expected: "
                            + String.join(", ", RATE_FIELDS) + ")", "rate_limits." + f);
                }
            }
            for (int i = 0; i < RATE_FIELDS.length; i++) {
                JsonNode v = r.get(RATE_FIELDS[i]);
                if (v == null) {
                    continue;
                }
                long max = i == 2 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (v.isNull()) {
                    rates[i] = 0;
                } else if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > max) {
                    throw GatewayError.invalidRequest("'rate_limits." + RATE_FIELDS[i] + "' must be a whole number "
                            + ">= 0 (0 or null for no limit), not " + v, "rate_limits." + RATE_FIELDS[i]);
                } else {
                    rates[i] = v.asLong();
                }
            }
        }
        return new Limits(rates[0], rates[1], (int) rates[2], strings("allowed_models", current.allowedModels()),
                strings("allowed_providers", current.allowedProviders()));
    }

    /** {@code provider}: OpenRouter's provider preferences, read by the same parser as a request's. */
    ProviderPreferences policy(ProviderPreferences current) {
        return body.has("provider") ? ProviderPreferences.fromJson(body.get("provider")) : current;
    }

    Map<String, String> metadata(Map<String, String> current) {
        return body.has("metadata") ? AccountJson.readMetadata(body.get("metadata"), "metadata") : current;
    }

    /** Applies every key field this edit carries (not hash, label, workspace or role, which never change). */
    ApiKey applyTo(ApiKey k, long nowMillis) {
        return new ApiKey(k.hash(), k.label(), k.workspaceId(), name(k.name()), k.role(), disabled(k.disabled()),
                expiresAt(k.expiresAtMillis(), nowMillis, false), limits(k.limits()), budget(k.budget()),
                policy(k.policy()), metadata(k.metadata()), k.createdAtMillis(), nowMillis);
    }

    /** Applies every workspace field this edit carries (not the id or creation time). */
    Workspace applyTo(Workspace w) {
        return new Workspace(w.id(), name(w.name()), limits(w.limits()), budget(w.budget()), policy(w.policy()),
                disabled(w.disabled()), metadata(w.metadata()), w.createdAtMillis());
    }

    private Set<String> strings(String field, Set<String> current) {
        JsonNode n = body.get(field);
        if (n == null) {
            return current;
        }
        Set<String> out = new LinkedHashSet<>();
        if (n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw GatewayError.invalidRequest("'" + field + "' must be an array of strings", field);
        }
        for (JsonNode e : n) {
            if (!e.isTextual() || e.asText().isBlank()) {
                throw GatewayError.invalidRequest("'" + field + "' must be an array of non-empty strings, not " + n,
                        field);
            }
            out.add(e.asText().strip());
        }
        return out;
    }

    private static long picos(BigDecimal usd) {
        if (usd.compareTo(Money.MAX_USD) > 0) {
            throw GatewayError.invalidRequest("'limit' " + usd.toPlainString() + " is more than the largest budget"
                    + " held exactly, " + Money.MAX_USD.toPlainString() + " USD", "limit");
        }
        try {
            return Money.usdToPicos(usd);
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalidRequest("'limit' " + usd.toPlainString()
                    + " must be USD with at most 12 decimals", "limit");
        }
    }
}
