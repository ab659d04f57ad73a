package dev.switchyard.providers.deepseek;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.providers.openai.ChatDialect;

/**
 * DeepSeek: thinking is switched with {@code thinking: {"type": "enabled"|"disabled"}} and tuned with
 * {@code reasoning_effort} ({@code low|high|max}); reasoning comes back in {@code reasoning_content}, and the
 * reasoning of an assistant turn that called tools must be sent back in {@code reasoning_content} on every later
 * request (HTTP 400 otherwise), which the OpenAI codec does for every assistant turn that has it. No {@code top_k}.
 */
public final class DeepSeekDialect implements ChatDialect {

    @Override
    public boolean readsReasoningEffort() {
        return false;
    }

    @Override
    public void reasoning(ObjectNode body, ChatRequest request) {
        request.reasoning().ifPresent(r -> {
            body.putObject("thinking").put("type", r.enabled() ? "enabled" : "disabled");
            if (r.enabled()) {
                body.put("reasoning_effort", effort(r.effortOr()));
            }
        });
    }

    /** DeepSeek's three levels: minimal and low are low, medium to xhigh are high, max stays max. */
    static String effort(String effort) {
        return switch (effort) {
            case "minimal", "low" -> "low";
            case "max" -> "max";
            default -> "high";
        };
    }

    @Override
    public boolean supportsTopK() {
        return false;
    }
}
