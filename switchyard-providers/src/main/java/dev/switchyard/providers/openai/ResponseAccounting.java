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
 */
public record ResponseAccounting(Usage usage, String finishReason) {

    /** Scans a response body; an unparseable body yields no usage rather than an error (the client still gets it). */
    public static ResponseAccounting scan(ObjectMapper mapper, Buffer body) {
        Usage usage = Usage.NONE;
        String finish = "";
        try (JsonParser p = BufferParsers.over(mapper.getFactory(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new ResponseAccounting(usage, finish);
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
        } catch (IOException e) {
            // keep what was read so far
        }
        return new ResponseAccounting(usage, finish);
    }
}
