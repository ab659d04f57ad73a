package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.providers.codec.Fields;
import java.util.ArrayList;

/** Writes an IR answer as a Gemini {@code GenerateContentResponse}. */
final class GeminiResponseWriter {

    private GeminiResponseWriter() {
    }

    static ObjectNode write(ChatResponse r, ResponseMeta meta) {
        ObjectNode body = Fields.object();
        ObjectNode candidate = body.putArray("candidates").addObject();
        ArrayNode parts = GeminiParts.write(r.content(), GeminiParts::clientToken, res -> res.name(), true,
                new ArrayList<>());
        candidate.putObject("content").put("role", "model").set("parts", parts);
        candidate.put("finishReason", GeminiFinishReasons.write(r.finish().reason())).put("index", 0);
        GeminiUsage.write(r.usage(), body.putObject("usageMetadata"));
        body.put("modelVersion", meta.model()).put("responseId", meta.id());
        return body;
    }
}
