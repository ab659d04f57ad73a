package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.usage.Usage;

/**
 * Reads an OpenAI-style {@code usage} object, including the variants OpenAI-compatible vendors use for cached tokens
 * (OpenAI's {@code prompt_tokens_details.cached_tokens}, DeepSeek's {@code prompt_cache_hit_tokens}, Moonshot's
 * top-level {@code cached_tokens}).
 */
public final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** The usage in the node, or {@link Usage#NONE} when the node is not a usage object. */
    public static Usage parse(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.NONE;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        JsonNode promptDetails = usage.path("prompt_tokens_details");
        long cached = promptDetails.path("cached_tokens").asLong(0);
        if (cached == 0) {
            cached = usage.path("prompt_cache_hit_tokens").asLong(0);
        }
        if (cached == 0) {
            cached = usage.path("cached_tokens").asLong(0);
        }
        long cacheWrite = promptDetails.path("cache_write_tokens").asLong(0);
        long reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
        return new Usage(Math.max(0, prompt), Math.max(0, completion), clamp(cached, prompt),
                clamp(cacheWrite, prompt), clamp(reasoning, completion));
    }

    private static long clamp(long value, long max) {
        return Math.max(0, Math.min(value, max));
    }
}
