package dev.switchyard.providers.kimi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ToolChoice;
import dev.switchyard.providers.openai.ChatDialect;
import java.util.Optional;

/**
 * Moonshot (Kimi): {@code tool_choice} accepts only {@code auto} and {@code none} (so "required" and a named tool
 * cannot be honoured), tool-call ids have Kimi's own {@code functions.<name>:<n>} shape and must be echoed exactly
 * (the codec never rewrites ids), thinking is {@code thinking: {"type"}} on K2.6 and {@code reasoning_effort} on
 * K3, and the output cap is {@code max_completion_tokens}. No {@code top_k}.
 */
public final class KimiDialect implements ChatDialect {

    @Override
    public String maxTokensField() {
        return "max_completion_tokens";
    }

    @Override
    public boolean readsReasoningEffort() {
        return false;
    }

    @Override
    public void reasoning(ObjectNode body, ChatRequest request) {
        request.reasoning().ifPresent(r -> {
            body.putObject("thinking").put("type", r.enabled() ? "enabled" : "disabled");
            if (r.enabled() && !r.effort().isEmpty()) {
                body.put("reasoning_effort", switch (r.effort()) {
                    case "minimal" -> "low";
                    case "xhigh", "max" -> "high";
                    default -> r.effort();
                });
            }
        });
    }

    @Override
    public boolean supportsTopK() {
        return false;
    }

    @Override
    public Optional<String> unsupported(ToolChoice choice) {
        return switch (choice.mode()) {
            case AUTO, NONE -> Optional.empty();
            case REQUIRED, TOOL -> Optional.of("tool_choice");
        };
    }
}
