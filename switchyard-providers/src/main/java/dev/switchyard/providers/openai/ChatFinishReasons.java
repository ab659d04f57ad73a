package dev.switchyard.providers.openai;

import dev.switchyard.core.ir.Finish;
import dev.switchyard.core.ir.FinishReason;

/** OpenAI Chat's {@code finish_reason} values and the IR's. */
final class ChatFinishReasons {

    private ChatFinishReasons() {
    }

    static Finish read(String value) {
        FinishReason reason = switch (value) {
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "error" -> FinishReason.ERROR;
            default -> FinishReason.STOP;
        };
        return new Finish(reason, value, "");
    }

    static String write(FinishReason reason) {
        return switch (reason) {
            case STOP, PAUSED -> "stop";
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            case ERROR -> "error";
        };
    }
}
