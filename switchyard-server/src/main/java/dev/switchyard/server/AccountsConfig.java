package dev.switchyard.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The accounts settings ({@code accounts:} in the configuration file); see docs/accounts.md.
 *
 * @param enabled whether keys, limits and budgets are enforced; off only to measure their cost, and only on loopback
 * @param keyCacheTtl how long a key is trusted from memory before the store is read again (a change made by the CLI
 *     in another process is seen within it; the management API's changes are seen at once)
 * @param maxUnknownKeys how many unknown key labels are remembered, so random keys cannot hammer the store
 * @param promptBytesPerToken request-body bytes per prompt token when a budget reserves a call's ceiling (1 is an
 *     upper bound for byte-level tokenizers)
 * @param defaultMaxOutputTokens the output ceiling reserved when neither the request nor the catalog gives one
 */
public record AccountsConfig(boolean enabled, Duration keyCacheTtl, int maxUnknownKeys, int promptBytesPerToken,
                             long defaultMaxOutputTokens) {

    /** The defaults. */
    public static final AccountsConfig DEFAULT = new AccountsConfig(true, Duration.ofSeconds(10), 10_000, 1, 32_768);

    public AccountsConfig {
        Objects.requireNonNull(keyCacheTtl, "keyCacheTtl");
        if (keyCacheTtl.isNegative() || keyCacheTtl.isZero()) {
            throw new IllegalArgumentException("accounts.key_cache_ttl_ms: " + keyCacheTtl.toMillis()
                    + " (expected: > 0)");
        }
        if (maxUnknownKeys < 1) {
            throw new IllegalArgumentException("accounts.max_unknown_keys: " + maxUnknownKeys + " (expected: > 0)");
        }
        if (promptBytesPerToken < 1 || promptBytesPerToken > 16) {
            throw new IllegalArgumentException("accounts.budget_prompt_bytes_per_token: " + promptBytesPerToken
                    + " (expected: 1..16)");
        }
        if (defaultMaxOutputTokens < 1) {
            throw new IllegalArgumentException("accounts.budget_default_max_output_tokens: " + defaultMaxOutputTokens
                    + " (expected: > 0)");
        }
    }
}
