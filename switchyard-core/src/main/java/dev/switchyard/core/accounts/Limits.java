package dev.switchyard.core.accounts;

import java.util.Set;

/**
 * The rate limits and allow-lists of a key or a workspace. Zero means no limit; an empty allow-list allows all.
 *
 * @param requestsPerMinute requests admitted in any rolling 60 seconds
 * @param tokensPerMinute prompt plus completion tokens in any rolling 60 seconds (checked before the call against
 *     the estimate, settled after it with the real count)
 * @param maxConcurrent requests in flight at once
 * @param allowedModels catalog model ids this scope may use
 * @param allowedProviders provider ids this scope may use
 */
public record Limits(long requestsPerMinute, long tokensPerMinute, int maxConcurrent, Set<String> allowedModels,
                     Set<String> allowedProviders) {

    /** No limits at all. */
    public static final Limits NONE = new Limits(0, 0, 0, Set.of(), Set.of());

    public Limits {
        if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxConcurrent < 0) {
            throw new IllegalArgumentException("limits: " + requestsPerMinute + " rpm, " + tokensPerMinute
                    + " tpm, " + maxConcurrent + " concurrent (expected: >= 0, 0 for no limit)");
        }
        allowedModels = Set.copyOf(allowedModels);
        allowedProviders = Set.copyOf(allowedProviders);
    }
}
