package dev.switchyard.providers.qwen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.providers.openai.ChatDialect;
import java.util.Optional;

/**
 * Alibaba Model Studio (DashScope) in OpenAI format: thinking is the top-level {@code enable_thinking} with an
 * optional {@code thinking_budget}, and the default differs per model, so the dialect always says it when the
 * client did. Open-weight Qwen3 models refuse {@code enable_thinking: true} without streaming, so a non-streamed
 * request asking for reasoning is sent with thinking on only when streaming. Reasoning comes back in
 * {@code reasoning_content}; {@code top_k} is read.
 */
public final class QwenDialect implements ChatDialect {

    @Override
    public void reasoning(ObjectNode body, Optional<ReasoningConfig> reasoning, boolean stream) {
        reasoning.ifPresent(r -> {
            body.put("enable_thinking", r.enabled());
            if (r.enabled() && r.budgetTokens() > 0) {
                body.put("thinking_budget", r.budgetTokens());
            }
        });
    }
}
