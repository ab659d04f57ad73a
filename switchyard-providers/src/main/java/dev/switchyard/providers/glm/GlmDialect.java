package dev.switchyard.providers.glm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ToolChoice;
import dev.switchyard.providers.openai.ChatDialect;
import java.util.List;
import java.util.Optional;

/**
 * Z.ai (GLM): {@code tool_choice} supports only {@code auto}; tool-call arguments are streamed only when the request
 * sets {@code tool_stream: true} (otherwise each call arrives whole in one chunk), so the dialect sets it on streamed
 * requests with tools; thinking is {@code thinking: {"type": "enabled"|"disabled"}}, and reasoning must go back with
 * tool results ({@code reasoning_content}). No {@code top_k}.
 */
public final class GlmDialect implements ChatDialect {

    @Override
    public boolean readsReasoningEffort() {
        return false;
    }

    @Override
    public void reasoning(ObjectNode body, ChatRequest request) {
        request.reasoning().ifPresent(r -> body.putObject("thinking").put("type", r.enabled() ? "enabled" : "disabled"));
    }

    @Override
    public boolean supportsTopK() {
        return false;
    }

    @Override
    public Optional<String> unsupported(ToolChoice choice) {
        return choice.mode() == ToolChoice.Mode.AUTO ? Optional.empty() : Optional.of("tool_choice");
    }

    @Override
    public void finish(ObjectNode body, boolean stream, List<String> dropped) {
        if (stream && body.has("tools")) {
            body.put("tool_stream", true);
        }
    }
}
