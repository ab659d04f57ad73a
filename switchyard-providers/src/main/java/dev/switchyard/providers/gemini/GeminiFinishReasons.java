package dev.switchyard.providers.gemini;

import dev.switchyard.core.ir.Finish;
import dev.switchyard.core.ir.FinishReason;

/**
 * Gemini's {@code finishReason} values and the IR's. Gemini says {@code STOP} also when the model called functions;
 * the reader turns that into {@link FinishReason#TOOL_CALLS} when the answer holds a call.
 */
final class GeminiFinishReasons {

    private GeminiFinishReasons() {
    }

    static Finish read(String value, boolean calledTools) {
        FinishReason reason = switch (value) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE" ->
                    FinishReason.CONTENT_FILTER;
            case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL" -> FinishReason.ERROR;
            default -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
        return new Finish(reason, value, "");
    }

    static String write(FinishReason reason) {
        return switch (reason) {
            case STOP, TOOL_CALLS, PAUSED -> "STOP";
            case LENGTH -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
            case ERROR -> "OTHER";
        };
    }
}
