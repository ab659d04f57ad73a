package dev.switchyard.providers.qwen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.providers.openai.ChatDialect;

/**
 * Alibaba Model Studio (DashScope) in OpenAI format: thinking is the top-level {@code enable_thinking} with an
 * optional {@code thinking_budget}, and the default differs per model, so the dialect always says it when the
 * client did. Open-weight Qwen3 models refuse {@code enable_thinking: true} without streaming, so a non-streamed
 * request asking for reasoning is sent with thinking on only when streaming. Reasoning comes back in
 * {@code reasoning_content}; {@code top_k} is read. An effort becomes a {@code thinking_budget} (its share of the
 * output cap, {@link ReasoningConfig#budgetOr}).
 */
public final class QwenDialect implements ChatDialect {

    @Override
    public boolean readsReasoningEffort() {
        return false;
    }

    @Override
    public void reasoning(ObjectNode body, ChatRequest request) {
        request.reasoning().ifPresent(r -> {
            boolean on = r.enabled() && request.stream();
            body.put("enable_thinking", on);
            if (on && (r.budgetTokens() > 0 || !r.effort().isEmpty())) {
                body.put("thinking_budget", r.budgetOr(request.maxOutputTokens()));
            }
        });
    }
}
