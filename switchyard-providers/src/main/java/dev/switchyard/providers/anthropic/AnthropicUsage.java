package dev.switchyard.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.usage.Usage;

/**
 * Anthropic's usage object and the IR's. Anthropic's {@code input_tokens} excludes cache reads and writes; the IR's
 * prompt count includes them, so reading adds them in and writing takes them out. Thinking tokens are inside
 * {@code output_tokens} and, where Anthropic reports them, in {@code output_tokens_details.thinking_tokens}.
 */
final class AnthropicUsage {

    private AnthropicUsage() {
    }

    /** Reads usage; fields absent from {@code node} keep their values in {@code base} (message_delta is partial). */
    static Usage read(JsonNode node, Usage base) {
        if (node == null || !node.isObject()) {
            return base;
        }
        long cacheRead = node.has("cache_read_input_tokens") ? node.path("cache_read_input_tokens").asLong(0)
                : base.cachedTokens();
        long cacheWrite = node.has("cache_creation_input_tokens") ? node.path("cache_creation_input_tokens").asLong(0)
                : base.cacheWriteTokens();
        long input = node.has("input_tokens") ? node.path("input_tokens").asLong(0)
                : base.promptTokens() - base.cachedTokens() - base.cacheWriteTokens();
        long output = node.has("output_tokens") ? node.path("output_tokens").asLong(0) : base.completionTokens();
        JsonNode details = node.path("output_tokens_details");
        long thinking = details.has("thinking_tokens") ? details.path("thinking_tokens").asLong(0)
                : base.reasoningTokens();
        return new Usage(Math.max(0, input) + cacheRead + cacheWrite, Math.max(0, output), cacheRead, cacheWrite,
                Math.max(0, Math.min(thinking, Math.max(0, output))));
    }

    static ObjectNode write(Usage u, ObjectNode target) {
        target.put("input_tokens", u.uncachedPromptTokens())
                .put("cache_creation_input_tokens", u.cacheWriteTokens())
                .put("cache_read_input_tokens", u.cachedTokens())
                .put("output_tokens", u.completionTokens());
        if (u.reasoningTokens() > 0) {
            target.putObject("output_tokens_details").put("thinking_tokens", u.reasoningTokens());
        }
        return target;
    }
}
