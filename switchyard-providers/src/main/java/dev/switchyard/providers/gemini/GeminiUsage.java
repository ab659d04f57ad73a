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
        long prompt = count(m, "promptTokenCount") + count(m, "toolUsePromptTokenCount");
        long thoughts = count(m, "thoughtsTokenCount");
        long candidates = count(m, "candidatesTokenCount");
        long cached = Math.min(prompt, count(m, "cachedContentTokenCount"));
        return new Usage(prompt, candidates + thoughts, cached, 0, thoughts);
    }

    /**
     * A count as the provider sent it, within 0 .. 2^40: a negative or absurd number (found by fuzzing) is the
     * provider's error and must not fail the answer, nor overflow a sum.
     */
    private static long count(JsonNode m, String field) {
        return Math.max(0, Math.min(m.path(field).asLong(0), MAX_COUNT));
    }

    private static final long MAX_COUNT = 1L << 40;

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
