package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.Part;
import java.util.ArrayList;
import java.util.List;

/** Reads a complete OpenAI Chat Completions response into the IR. */
final class ChatResponseReader {

    private ChatResponseReader() {
    }

    static ChatResponse read(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<Part> parts = new ArrayList<>();
        String reasoning = message.path("reasoning_content").asText(message.path("reasoning").asText(""));
        if (!reasoning.isEmpty()) {
            parts.add(new Part.Reasoning(reasoning, "", "", WireProtocol.OPENAI_CHAT));
        }
        String content = message.path("content").asText("");
        if (!content.isEmpty()) {
            parts.add(Part.Text.of(content));
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode fn = call.path("function");
            parts.add(new Part.ToolCall(call.path("id").asText(""), fn.path("name").asText(""),
                    fn.path("arguments").asText("")));
        }
        return new ChatResponse(body.path("id").asText(""), body.path("model").asText(""), parts,
                ChatFinishReasons.read(choice.path("finish_reason").asText("stop")),
                OpenAiUsage.parse(body.get("usage")));
    }
}
