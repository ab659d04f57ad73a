package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.usage.Usage;

/**
 * Gemini's {@code usageMetadata} and the IR's usage. Gemini counts thoughts apart from the candidates
 * ({@code thoughtsTokenCount} is not in {@code candidatesTokenCount}); the IR's completion count includes reasoning,
 * so reading adds them and writing takes them out. {@code promptTokenCount} includes cached tokens on both sides.
 */
final class GeminiUsage {

    private GeminiUsage() {
    }

    static Usage read(JsonNode m) {
        if (m == null || !m.isObject()) {
            return Usage.NONE;
        }
        long prompt = m.path("promptTokenCount").asLong(0) + m.path("toolUsePromptTokenCount").asLong(0);
        long thoughts = m.path("thoughtsTokenCount").asLong(0);
        long candidates = m.path("candidatesTokenCount").asLong(0);
        long cached = Math.min(prompt, m.path("cachedContentTokenCount").asLong(0));
        return new Usage(prompt, candidates + thoughts, cached, 0, thoughts);
    }

    static ObjectNode write(Usage u, ObjectNode m) {
        m.put("promptTokenCount", u.promptTokens())
                .put("candidatesTokenCount", u.completionTokens() - u.reasoningTokens())
                .put("totalTokenCount", u.totalTokens());
        if (u.cachedTokens() > 0) {
            m.put("cachedContentTokenCount", u.cachedTokens());
        }
        if (u.reasoningTokens() > 0) {
            m.put("thoughtsTokenCount", u.reasoningTokens());
        }
        return m;
    }
}
