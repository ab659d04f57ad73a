package dev.switchyard.core.usage;

/**
 * Token counts of one generation, normalised across providers.
 *
 * <p>{@code promptTokens} includes cached-read and cache-write tokens (OpenAI's convention); adapters for providers
 * that count them separately (Anthropic) add them in. {@code completionTokens} includes reasoning tokens.
 *
 * @param promptTokens all input tokens
 * @param completionTokens all output tokens, reasoning included
 * @param cachedTokens input tokens served from the provider's prompt cache
 * @param cacheWriteTokens input tokens written into an explicit prompt cache
 * @param reasoningTokens output tokens spent on reasoning
 * @param estimated whether some counts are the gateway's estimate ({@link TokenEstimate}) rather than the provider's:
 *     an answer that ended before the provider counted it is billed for what it delivered
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
                    long reasoningTokens, boolean estimated) {

    /** No tokens at all: the usage of a request that never reached a model. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0 || cacheWriteTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
    }

    /** Counts as the provider reported them. */
    public Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
                 long reasoningTokens) {
        this(promptTokens, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens, false);
    }

    /**
     * What to bill for an answer that ended early, when the provider's own count may not have arrived: the
     * provider's usage when it covers at least the output delivered, otherwise the delivered output (estimated, see
     * {@link TokenEstimate}) with the provider's prompt count if it gave one, else the gateway's prompt estimate.
     *
     * @param reported what the provider reported so far ({@link #NONE} when nothing)
     * @param deliveredTokens the estimated output tokens delivered to the client
     * @param promptEstimate the gateway's estimate of the prompt, used when the provider did not count it
     */
    public static Usage delivered(Usage reported, long deliveredTokens, long promptEstimate) {
        if (reported.completionTokens() >= deliveredTokens && (reported.promptTokens() > 0 || deliveredTokens == 0)) {
            return reported;
        }
        long completion = Math.max(reported.completionTokens(), deliveredTokens);
        if (reported.promptTokens() > 0) {
            // a prompt the provider already counted keeps its cache reads and writes, priced as it prices them
            return new Usage(reported.promptTokens(), completion, reported.cachedTokens(),
                    reported.cacheWriteTokens(), Math.min(reported.reasoningTokens(), completion), true);
        }
        return new Usage(Math.max(0, promptEstimate), completion, 0, 0, 0, true);
    }

    /** Prompt tokens billed at the ordinary input price. */
    public long uncachedPromptTokens() {
        return Math.max(0, promptTokens - cachedTokens - cacheWriteTokens);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
