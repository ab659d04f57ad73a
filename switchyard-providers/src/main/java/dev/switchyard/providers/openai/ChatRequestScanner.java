package dev.switchyard.providers.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Optional;

/**
 * Validates an OpenAI Chat Completions body in one streaming pass, without building a tree of it, and records what
 * the fast path needs (see {@link ScannedChatRequest}). Bad input becomes a {@link GatewayError} that names the field:
 * malformed JSON, a body that is not an object, a missing or mistyped {@code model} or {@code messages}, duplicate
 * keys, trailing content, or nesting deeper than the configured limit.
 */
public final class ChatRequestScanner {

    private final ObjectMapper mapper;
    private final int maxNestingDepth;

    /**
     * @param maxNestingDepth deepest allowed nesting of arrays and objects
     * @param maxStringLength longest allowed string value, in characters
     */
    public ChatRequestScanner(int maxNestingDepth, int maxStringLength) {
        JsonFactory factory = Json.limitedFactory(maxNestingDepth, maxStringLength);
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.mapper = new ObjectMapper(factory);
        this.maxNestingDepth = maxNestingDepth;
    }

    /** Scans the body; throws a {@link GatewayError} (400) describing the first problem found. */
    public ScannedChatRequest scan(Buffer body) {
        byte[] bytes = body.getBytes();
        try (JsonParser p = mapper.getFactory().createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw GatewayError.invalidRequest("request body is empty; expected a JSON object", null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw GatewayError.invalidRequest("request body must be a JSON object", null);
            }
            String model = null;
            ScannedChatRequest.Span modelSpan = ScannedChatRequest.Span.NONE;
            boolean stream = false;
            ObjectNode streamOptions = null;
            ScannedChatRequest.Span streamOptionsSpan = ScannedChatRequest.Span.NONE;
            int messages = -1;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                switch (name) {
                    case "model" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            throw GatewayError.invalidRequest("'model' must be a string", "model");
                        }
                        model = p.getText();
                        modelSpan = new ScannedChatRequest.Span(start, (int) p.currentLocation().getByteOffset());
                    }
                    case "stream" -> {
                        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE && v != JsonToken.VALUE_NULL) {
                            throw GatewayError.invalidRequest("'stream' must be a boolean", "stream");
                        }
                        stream = v == JsonToken.VALUE_TRUE;
                    }
                    case "stream_options" -> {
                        if (v == JsonToken.START_OBJECT) {
                            streamOptions = p.readValueAsTree();
                            streamOptionsSpan = new ScannedChatRequest.Span(start,
                                    (int) p.currentLocation().getByteOffset());
                        } else if (v != JsonToken.VALUE_NULL) {
                            throw GatewayError.invalidRequest("'stream_options' must be an object", "stream_options");
                        }
                    }
                    case "messages" -> {
                        if (v != JsonToken.START_ARRAY) {
                            throw GatewayError.invalidRequest("'messages' must be an array of message objects",
                                    "messages");
                        }
                        messages = 0;
                        JsonToken m;
                        while ((m = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (m != JsonToken.START_OBJECT) {
                                throw GatewayError.invalidRequest("messages[" + messages + "] must be an object",
                                        "messages");
                            }
                            p.skipChildren();
                            messages++;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw GatewayError.invalidRequest("malformed JSON in request body", null);
            }
            int closingBrace = (int) p.currentTokenLocation().getByteOffset();
            if (p.nextToken() != null) {
                throw GatewayError.invalidRequest("unexpected content after the JSON object", null);
            }
            if (model == null || model.isBlank()) {
                throw GatewayError.invalidRequest("missing required field 'model'", "model");
            }
            if (messages < 0) {
                throw GatewayError.invalidRequest("missing required field 'messages'", "messages");
            }
            if (messages == 0) {
                throw GatewayError.invalidRequest("'messages' must contain at least one message", "messages");
            }
            return new ScannedChatRequest(body, model, modelSpan, stream, Optional.ofNullable(streamOptions),
                    streamOptionsSpan, closingBrace, messages);
        } catch (StreamConstraintsException e) {
            throw GatewayError.invalidRequest("request body exceeds a parsing limit (nesting depth is limited to "
                    + maxNestingDepth + "): " + firstLine(e.getOriginalMessage()), null);
        } catch (JsonProcessingException e) {
            throw GatewayError.invalidRequest("malformed JSON in request body: " + firstLine(e.getOriginalMessage()),
                    null);
        } catch (IOException e) {
            throw GatewayError.invalidRequest("unreadable request body", null);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
