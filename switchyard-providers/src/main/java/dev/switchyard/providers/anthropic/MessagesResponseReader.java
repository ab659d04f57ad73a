package dev.switchyard.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.usage.Usage;
import java.util.ArrayList;
import java.util.List;

/** Reads a complete Anthropic Messages response into the IR. */
final class MessagesResponseReader {

    private MessagesResponseReader() {
    }

    static ChatResponse read(JsonNode body) {
        List<Part> parts = new ArrayList<>();
        for (JsonNode block : body.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> parts.add(Part.Text.of(block.path("text").asText("")));
                case "thinking" -> parts.add(new Part.Reasoning(block.path("thinking").asText(""),
                        block.path("signature").asText(""), "", WireProtocol.ANTHROPIC_MESSAGES));
                case "redacted_thinking" -> parts.add(new Part.Reasoning("", "", block.path("data").asText(""),
                        WireProtocol.ANTHROPIC_MESSAGES));
                case "tool_use" -> parts.add(new Part.ToolCall(block.path("id").asText(""),
                        block.path("name").asText(""), block.path("input").toString()));
                default -> parts.add(new Part.Opaque(block, WireProtocol.ANTHROPIC_MESSAGES));
            }
        }
        return new ChatResponse(body.path("id").asText(""), body.path("model").asText(""), parts,
                StopReasons.read(body.path("stop_reason").asText("end_turn"), body.path("stop_sequence").asText("")),
                AnthropicUsage.read(body.get("usage"), Usage.NONE));
    }
}
