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
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
                    long reasoningTokens) {

    /** No tokens at all: the usage of a request that never reached a model. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0 || cacheWriteTokens < 0
                || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
    }

    /** Prompt tokens billed at the ordinary input price. */
    public long uncachedPromptTokens() {
        return Math.max(0, promptTokens - cachedTokens - cacheWriteTokens);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
