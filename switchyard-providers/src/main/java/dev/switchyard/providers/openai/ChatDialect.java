package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.core.ir.ToolChoice;
import java.util.List;
import java.util.Optional;

/**
 * How one OpenAI-compatible vendor departs from OpenAI Chat Completions when Switchyard writes a request for it.
 * The default methods are plain OpenAI-compatible behaviour; each vendor with quirks overrides them in its own
 * package ({@code providers.deepseek}, {@code providers.qwen}, {@code providers.kimi}, {@code providers.glm}).
 */
public interface ChatDialect {

    /** The field for the output cap: {@code max_tokens} for most, {@code max_completion_tokens} for OpenAI. */
    default String maxTokensField() {
        return "max_tokens";
    }

    /**
     * The field in which an assistant message's earlier reasoning goes back to the provider, or empty when the
     * provider takes none (OpenAI Chat returns no reasoning text).
     */
    default Optional<String> reasoningHistoryField() {
        return Optional.of("reasoning_content");
    }

    /**
     * Writes the client's reasoning request (the IR's {@link ReasoningConfig}, with the request's output cap and
     * streaming for vendors whose controls depend on them) in the vendor's native controls. The standard dialect
     * writes {@code reasoning_effort} (an effort read off the budget when only a budget was given).
     */
    default void reasoning(ObjectNode body, ChatRequest request) {
        request.reasoning().ifPresent(r -> {
            if (r.enabled()) {
                body.put("reasoning_effort", r.effortOr());
            }
        });
    }

    /**
     * Whether the vendor reads OpenAI's {@code reasoning_effort} as OpenAI means it, so that a Chat Completions
     * request carrying it may take the byte fast path; vendors with their own thinking switch say no, and such
     * requests are rewritten through the IR ({@link #reasoning}).
     */
    default boolean readsReasoningEffort() {
        return true;
    }

    /** Whether the vendor reads {@code top_k}. */
    default boolean supportsTopK() {
        return true;
    }

    /** Why the vendor cannot honour a tool choice, or empty when it can. */
    default Optional<String> unsupported(ToolChoice choice) {
        return Optional.empty();
    }

    /** Last adjustments once the body is complete (for example a vendor switch needed for streamed tool calls). */
    default void finish(ObjectNode body, boolean stream, List<String> dropped) {
    }

    /** The plain OpenAI-compatible dialect (vLLM, Ollama, llama.cpp, SiliconFlow, StepFun, MiniMax). */
    ChatDialect STANDARD = new ChatDialect() {
    };
}
