package dev.switchyard.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.json.BufferParsers;
import dev.switchyard.core.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Reads the usage and finish reason of a non-streamed chat completion in one streaming pass, skipping the content.
 *
 * @param usage the usage object's counts, {@link Usage#NONE} when absent
 * @param finishReason the first choice's finish reason, empty when absent
 * @param wellFormed whether the body is exactly one JSON object (valid UTF-8 included): a body that is not must not
 *     reach the client as a success
 */
public record ResponseAccounting(Usage usage, String finishReason, boolean wellFormed) {

    /** Scans a response body; an unparseable body keeps what was read before the fault and is not well formed. */
    public static ResponseAccounting scan(ObjectMapper mapper, Buffer body) {
        Usage usage = Usage.NONE;
        String finish = "";
        try (JsonParser p = BufferParsers.over(mapper.getFactory(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new ResponseAccounting(usage, finish, false);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("usage") && v == JsonToken.START_OBJECT) {
                    usage = OpenAiUsage.parse(p.<JsonNode>readValueAsTree());
                } else if (name.equals("choices") && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            JsonToken fv = p.nextToken();
                            if (field.equals("finish_reason") && fv == JsonToken.VALUE_STRING && finish.isEmpty()) {
                                finish = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return new ResponseAccounting(usage, finish, false);
            }
        } catch (IOException e) {
            return new ResponseAccounting(usage, finish, false); // keep what was read so far
        }
        return new ResponseAccounting(usage, finish, true);
    }
}
