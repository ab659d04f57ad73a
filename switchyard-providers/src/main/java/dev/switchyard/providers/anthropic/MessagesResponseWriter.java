package dev.switchyard.providers.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningTokens;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.providers.codec.Fields;

/**
 * Writes an IR answer as an Anthropic Messages response. Reasoning from any provider becomes a {@code thinking}
 * block with a signature, because Anthropic clients require one: a foreign or absent token is wrapped
 * ({@link ReasoningTokens}) so that it finds its way back to the right provider, or nowhere.
 */
final class MessagesResponseWriter {

    private MessagesResponseWriter() {
    }

    static ObjectNode write(ChatResponse r, ResponseMeta meta) {
        ObjectNode body = Fields.object().put("id", messageId(meta)).put("type", "message").put("role", "assistant")
                .put("model", meta.model());
        ArrayNode content = body.putArray("content");
        for (Part p : r.content()) {
            switch (p) {
                case Part.Text t -> content.addObject().put("type", "text").put("text", t.text());
                case Part.Reasoning rs -> content.add(thinkingBlock(rs));
                case Part.ToolCall c -> content.addObject().put("type", "tool_use").put("id", c.id())
                        .put("name", c.name()).set("input", Fields.parseArguments(c.arguments()));
                case Part.Opaque o -> {
                    if (o.origin() == WireProtocol.ANTHROPIC_MESSAGES) {
                        content.add(o.raw());
                    }
                }
                default -> {
                }
            }
        }
        body.put("stop_reason", StopReasons.write(r.finish()));
        if (r.finish().stopSequence().isEmpty()) {
            body.putNull("stop_sequence");
        } else {
            body.put("stop_sequence", r.finish().stopSequence());
        }
        AnthropicUsage.write(r.usage(), body.putObject("usage"));
        return body;
    }

    static String messageId(ResponseMeta meta) {
        return "msg_" + meta.id();
    }

    static ObjectNode thinkingBlock(Part.Reasoning rs) {
        if (!rs.redacted().isEmpty() && rs.origin() == WireProtocol.ANTHROPIC_MESSAGES) {
            return Fields.object().put("type", "redacted_thinking").put("data", rs.redacted());
        }
        String token = rs.signature().isEmpty() ? rs.redacted() : rs.signature();
        return Fields.object().put("type", "thinking").put("thinking", rs.text())
                .put("signature", ReasoningTokens.wrap(token, rs.origin(), WireProtocol.ANTHROPIC_MESSAGES));
    }
}
