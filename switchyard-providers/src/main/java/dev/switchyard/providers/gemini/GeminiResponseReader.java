package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningParts;
import java.util.ArrayList;
import java.util.List;

/** Reads a complete Gemini {@code GenerateContentResponse} into the IR. */
final class GeminiResponseReader {

    private GeminiResponseReader() {
    }

    static ChatResponse read(JsonNode body) {
        JsonNode candidate = body.path("candidates").path(0);
        List<Part> parts = new ArrayList<>();
        int calls = 0;
        for (JsonNode p : candidate.path("content").path("parts")) {
            String signature = p.path("thoughtSignature").asText("");
            if (p.path("thought").asBoolean(false)) {
                parts.add(new Part.Reasoning(p.path("text").asText(""), signature, "", WireProtocol.GEMINI));
                continue;
            }
            if (!signature.isEmpty()) {
                parts.add(new Part.Reasoning("", signature, "", WireProtocol.GEMINI));
            }
            if (p.has("functionCall")) {
                JsonNode fc = p.get("functionCall");
                String id = fc.hasNonNull("id") ? fc.get("id").asText() : callId(body, calls);
                calls++;
                parts.add(new Part.ToolCall(id, fc.path("name").asText(""), fc.path("args").toString()));
            } else if (p.has("text")) {
                parts.add(Part.Text.of(p.path("text").asText("")));
            } else {
                parts.add(new Part.Opaque(p, WireProtocol.GEMINI));
            }
        }
        return new ChatResponse(body.path("responseId").asText(""), body.path("modelVersion").asText(""),
                ReasoningParts.merge(parts),
                GeminiFinishReasons.read(candidate.path("finishReason").asText("STOP"), calls > 0),
                GeminiUsage.read(body.get("usageMetadata")));
    }

    /** An id for an id-less Gemini call: unique within the conversation as long as response ids are. */
    static String callId(JsonNode body, int index) {
        String response = body.path("responseId").asText("");
        return "call_" + (response.isEmpty() ? "" : response + "_") + index;
    }
}
