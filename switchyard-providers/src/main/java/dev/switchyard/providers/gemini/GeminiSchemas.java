package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.providers.codec.Fields;
import java.util.Locale;

/**
 * Gemini's OpenAPI-subset {@code Schema} (upper-case {@code type} enums such as {@code OBJECT}) into JSON Schema,
 * which the IR carries. The other direction is not needed: requests to Gemini use {@code parametersJsonSchema} and
 * {@code responseJsonSchema}, which take JSON Schema as it is.
 */
final class GeminiSchemas {

    private GeminiSchemas() {
    }

    static JsonNode toJsonSchema(JsonNode schema) {
        if (schema instanceof ObjectNode o) {
            ObjectNode out = Fields.object();
            o.properties().forEach(e -> {
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (k.equals("type") && v.isTextual()) {
                    out.put("type", v.asText().toLowerCase(Locale.ROOT));
                } else {
                    out.set(k, toJsonSchema(v));
                }
            });
            return out;
        }
        if (schema instanceof ArrayNode a) {
            ArrayNode out = Fields.array();
            a.forEach(v -> out.add(toJsonSchema(v)));
            return out;
        }
        return schema;
    }
}
