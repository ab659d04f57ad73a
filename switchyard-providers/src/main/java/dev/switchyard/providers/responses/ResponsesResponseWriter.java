package dev.switchyard.providers.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ResponseMeta;
import java.util.ArrayList;
import java.util.List;

/** Writes an IR answer as a Responses API response object: reasoning, message and function-call items in order. */
final class ResponsesResponseWriter {

    private ResponsesResponseWriter() {
    }

    static ObjectNode write(ChatResponse r, ResponseMeta meta) {
        List<ObjectNode> output = new ArrayList<>();
        StringBuilder text = null;
        for (Part p : r.content()) {
            if (p instanceof Part.Text t) {
                if (text == null) {
                    text = new StringBuilder();
                }
                text.append(t.text());
                continue;
            }
            if (text != null) {
                output.add(ResponseObjects.message(ResponseObjects.itemId("msg", meta, output.size()),
                        text.toString(), "completed"));
                text = null;
            }
            switch (p) {
                case Part.Reasoning rs -> output.add(ResponseObjects.reasoning(
                        ResponseObjects.itemId("rs", meta, output.size()), rs.text(),
                        rs.signature().isEmpty() ? rs.redacted() : rs.signature(), rs.origin()));
                case Part.ToolCall c -> output.add(ResponseObjects.functionCall(
                        ResponseObjects.itemId("fc", meta, output.size()), c.id(), c.name(), c.arguments(),
                        "completed"));
                default -> {
                }
            }
        }
        if (text != null) {
            output.add(ResponseObjects.message(ResponseObjects.itemId("msg", meta, output.size()), text.toString(),
                    "completed"));
        }
        return ResponseObjects.response(meta, ResponseObjects.status(r.finish()), output, r.usage(), r.finish());
    }
}
