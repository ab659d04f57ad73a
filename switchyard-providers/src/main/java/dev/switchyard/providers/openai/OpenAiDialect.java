package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatRequest;
import java.util.Optional;

/**
 * OpenAI itself: reasoning models take {@code max_completion_tokens} (they reject {@code max_tokens}), reasoning is
 * asked for with {@code reasoning_effort}, no reasoning text is returned in Chat and none is accepted back, and
 * {@code top_k} does not exist.
 */
public final class OpenAiDialect implements ChatDialect {

    @Override
    public String maxTokensField() {
        return "max_completion_tokens";
    }

    @Override
    public Optional<String> reasoningHistoryField() {
        return Optional.empty();
    }

    @Override
    public void reasoning(ObjectNode body, ChatRequest request) {
        request.reasoning().ifPresent(r -> body.put("reasoning_effort", r.enabled() ? r.effortOr() : "none"));
    }

    @Override
    public boolean supportsTopK() {
        return false;
    }
}
