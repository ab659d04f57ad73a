package dev.switchyard.providers.anthropic;

import dev.switchyard.core.ir.Finish;
import dev.switchyard.core.ir.FinishReason;

/** Anthropic's {@code stop_reason} values and the IR's. */
final class StopReasons {

    private StopReasons() {
    }

    static Finish read(String value, String stopSequence) {
        FinishReason reason = switch (value) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            case "pause_turn" -> FinishReason.PAUSED;
            default -> FinishReason.STOP;
        };
        return new Finish(reason, value, stopSequence);
    }

    static String write(Finish finish) {
        return switch (finish.reason()) {
            case STOP, ERROR -> finish.stopSequence().isEmpty() ? "end_turn" : "stop_sequence";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
            case PAUSED -> "pause_turn";
        };
    }
}
