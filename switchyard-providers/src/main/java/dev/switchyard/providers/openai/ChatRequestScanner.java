package dev.switchyard.providers.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.BufferParsers;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RoutingControls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates an OpenAI Chat Completions body in one streaming pass, without building a tree of it, and records what
 * the fast path needs (see {@link ScannedChatRequest}). Bad input becomes a {@link GatewayError} that names the field:
 * malformed JSON, a body that is not an object, a missing or mistyped {@code model} or {@code messages}, duplicate
 * keys, trailing content, nesting deeper than the configured limit, or a well-known field of the wrong JSON type
 * ({@code temperature: "hot"}, {@code tools: 7}): such a request is refused, never forwarded. Unknown fields pass
 * through unchecked.
 */
public final class ChatRequestScanner {

    /** OpenRouter's routing-only fields: read here, never sent to a provider (OpenAI rejects unknown fields). */
    static final Set<String> ROUTING_FIELDS = Set.of("models", "provider", "route", "session_id", "transforms",
            "plugins");

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
        try (JsonParser p = BufferParsers.over(mapper.getFactory(), body)) {
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
            int messagesStart = 0;
            int messagesEnd = 0;
            List<int[]> fields = new ArrayList<>(); // {keyStart, valueEnd, routing ? 1 : 0}
            Set<String> names = new HashSet<>();
            List<String> fallbackModels = List.of();
            ProviderPreferences preferences = ProviderPreferences.NONE;
            String sessionId = "";
            String promptCacheKey = "";
            String user = "";
            boolean tools = false;
            long maxTokens = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int keyStart = (int) p.currentTokenLocation().getByteOffset();
                JsonToken v = p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                names.add(name);
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
                            throw GatewayError.invalidRequest("'stream' must be a boolean (found "
                                    + FieldTypes.describe(v) + ")", "stream");
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
                            throw GatewayError.invalidRequest("'messages' must be an array of message objects (found "
                                    + FieldTypes.describe(v) + ")", "messages");
                        }
                        messages = 0;
                        messagesStart = start;
                        JsonToken m;
                        while ((m = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (m != JsonToken.START_OBJECT) {
                                throw GatewayError.invalidRequest("messages[" + messages + "] must be an object",
                                        "messages");
                            }
                            p.skipChildren();
                            messages++;
                        }
                        messagesEnd = (int) p.currentLocation().getByteOffset();
                    }
                    case "models" -> fallbackModels = modelList(p, v);
                    case "provider" -> preferences = ProviderPreferences.fromJson(v == JsonToken.VALUE_NULL ? null
                            : p.readValueAsTree());
                    case "session_id" -> sessionId = optionalString(p, v, "session_id");
                    case "prompt_cache_key" -> promptCacheKey = optionalString(p, v, "prompt_cache_key");
                    case "user" -> user = optionalString(p, v, "user");
                    case "tools" -> {
                        if (v == JsonToken.START_ARRAY) {
                            int i = 0;
                            JsonToken tool;
                            while ((tool = p.nextToken()) != JsonToken.END_ARRAY) {
                                if (tool != JsonToken.START_OBJECT) {
                                    throw GatewayError.invalidRequest("tools[" + i + "] must be an object (found "
                                            + FieldTypes.describe(tool) + ")", "tools");
                                }
                                tools = true;
                                p.skipChildren();
                                i++;
                            }
                        } else if (v != JsonToken.VALUE_NULL) {
                            throw GatewayError.invalidRequest("'tools' must be an array of tool objects (found "
                                    + FieldTypes.describe(v) + ")", "tools");
                        }
                    }
                    case "max_tokens", "max_completion_tokens" -> {
                        if (v == JsonToken.VALUE_NUMBER_INT) {
                            maxTokens = Math.max(maxTokens, p.getLongValue());
                        } else if (v != JsonToken.VALUE_NULL) {
                            throw GatewayError.invalidRequest("'" + name + "' must be an integer (found "
                                    + FieldTypes.describe(v) + ")", name);
                        }
                    }
                    default -> {
                        FieldTypes.check(name, v);
                        p.skipChildren();
                    }
                }
                p.finishToken(); // so the location below is past the whole value, even an unread string
                fields.add(new int[] {keyStart, (int) p.currentLocation().getByteOffset(),
                        ROUTING_FIELDS.contains(name) ? 1 : 0});
            }
            if (t != JsonToken.END_OBJECT) {
                throw GatewayError.invalidRequest("malformed JSON in request body", null);
            }
            int closingBrace = (int) p.currentTokenLocation().getByteOffset();
            BufferParsers.requireEnd(p);
            if (model == null || model.isBlank()) {
                throw GatewayError.invalidRequest("missing required field 'model'", "model");
            }
            if (messages < 0) {
                throw GatewayError.invalidRequest("missing required field 'messages'", "messages");
            }
            if (messages == 0) {
                throw GatewayError.invalidRequest("'messages' must contain at least one message", "messages");
            }
            String sessionKey = !sessionId.isEmpty() ? sessionId : !promptCacheKey.isEmpty() ? promptCacheKey : user;
            RoutingControls routing = new RoutingControls(fallbackModels, preferences, sessionKey, names, tools,
                    maxTokens, (messagesEnd - messagesStart) / 4L);
            return new ScannedChatRequest(body, model, modelSpan, stream, Optional.ofNullable(streamOptions),
                    streamOptionsSpan, closingBrace, messages, routingSpans(fields), routing, user);
        } catch (StreamConstraintsException e) {
            throw GatewayError.invalidRequest("request body exceeds a parsing limit (nesting depth is limited to "
                    + maxNestingDepth + "): " + BufferParsers.firstLine(e.getOriginalMessage()), null);
        } catch (JsonProcessingException e) {
            throw BufferParsers.malformed(e);
        } catch (IOException e) {
            throw GatewayError.invalidRequest("unreadable request body", null);
        }
    }

    /**
     * Spans that drop the routing-only fields with their commas: a field with a kept field somewhere before it is cut
     * from the end of the previous value (taking the comma before it); a field with none before it is cut up to the
     * key of the next kept field (taking the comma after it). Adjacent cuts merge.
     */
    private static List<ScannedChatRequest.Span> routingSpans(List<int[]> fields) {
        List<ScannedChatRequest.Span> spans = new ArrayList<>();
        boolean keptBefore = false;
        for (int i = 0; i < fields.size(); i++) {
            int[] f = fields.get(i);
            if (f[2] == 0) {
                keptBefore = true;
                continue;
            }
            ScannedChatRequest.Span cut;
            if (keptBefore) {
                cut = new ScannedChatRequest.Span(fields.get(i - 1)[1], f[1]);
            } else {
                int next = i + 1;
                while (next < fields.size() && fields.get(next)[2] != 0) {
                    next++;
                }
                cut = new ScannedChatRequest.Span(f[0], next < fields.size() ? fields.get(next)[0] : f[1]);
            }
            if (!spans.isEmpty() && spans.get(spans.size() - 1).end() >= cut.start()) {
                ScannedChatRequest.Span last = spans.remove(spans.size() - 1);
                cut = new ScannedChatRequest.Span(Math.min(last.start(), cut.start()), Math.max(last.end(), cut.end()));
            }
            spans.add(cut);
        }
        return spans;
    }

    private static List<String> modelList(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (v != JsonToken.START_ARRAY) {
            throw GatewayError.invalidRequest("'models' must be an array of model ids", "models");
        }
        List<String> out = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            if (e != JsonToken.VALUE_STRING) {
                throw GatewayError.invalidRequest("'models' must be an array of model ids", "models");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static String optionalString(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return "";
        }
        if (v != JsonToken.VALUE_STRING) {
            throw GatewayError.invalidRequest("'" + name + "' must be a string", name);
        }
        String s = p.getText();
        return s.length() > 256 ? s.substring(0, 256) : s;
    }

    /**
     * The JSON types of Chat Completions' well-known fields (OpenAI's and OpenRouter's), checked without reading the
     * values. {@code null} is accepted everywhere, as OpenAI accepts it for any optional field. Fields read by the
     * scan itself ({@code model}, {@code messages}, {@code stream}, …) are checked where they are read.
     */
    static final class FieldTypes {

        private enum Kind {
            NUMBER("a number"), INTEGER("an integer"), BOOLEAN("a boolean"), STRING("a string"), OBJECT("an object"),
            ARRAY("an array"), STRING_OR_ARRAY("a string or an array of strings"),
            STRING_OR_OBJECT("a string or an object");

            final String expected;

            Kind(String expected) {
                this.expected = expected;
            }

            boolean accepts(JsonToken t) {
                return switch (this) {
                    case NUMBER -> t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
                    case INTEGER -> t == JsonToken.VALUE_NUMBER_INT;
                    case BOOLEAN -> t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
                    case STRING -> t == JsonToken.VALUE_STRING;
                    case OBJECT -> t == JsonToken.START_OBJECT;
                    case ARRAY -> t == JsonToken.START_ARRAY;
                    case STRING_OR_ARRAY -> t == JsonToken.VALUE_STRING || t == JsonToken.START_ARRAY;
                    case STRING_OR_OBJECT -> t == JsonToken.VALUE_STRING || t == JsonToken.START_OBJECT;
                };
            }
        }

        private static final java.util.Map<String, Kind> TYPES = java.util.Map.ofEntries(
                java.util.Map.entry("temperature", Kind.NUMBER),
                java.util.Map.entry("top_p", Kind.NUMBER),
                java.util.Map.entry("top_k", Kind.NUMBER),
                java.util.Map.entry("min_p", Kind.NUMBER),
                java.util.Map.entry("top_a", Kind.NUMBER),
                java.util.Map.entry("frequency_penalty", Kind.NUMBER),
                java.util.Map.entry("presence_penalty", Kind.NUMBER),
                java.util.Map.entry("repetition_penalty", Kind.NUMBER),
                java.util.Map.entry("n", Kind.INTEGER),
                java.util.Map.entry("seed", Kind.INTEGER),
                java.util.Map.entry("top_logprobs", Kind.INTEGER),
                java.util.Map.entry("logprobs", Kind.BOOLEAN),
                java.util.Map.entry("parallel_tool_calls", Kind.BOOLEAN),
                java.util.Map.entry("store", Kind.BOOLEAN),
                java.util.Map.entry("stop", Kind.STRING_OR_ARRAY),
                java.util.Map.entry("tool_choice", Kind.STRING_OR_OBJECT),
                java.util.Map.entry("response_format", Kind.OBJECT),
                java.util.Map.entry("logit_bias", Kind.OBJECT),
                java.util.Map.entry("metadata", Kind.OBJECT),
                java.util.Map.entry("reasoning", Kind.OBJECT),
                java.util.Map.entry("prediction", Kind.OBJECT),
                java.util.Map.entry("audio", Kind.OBJECT),
                java.util.Map.entry("web_search_options", Kind.OBJECT),
                java.util.Map.entry("modalities", Kind.ARRAY),
                java.util.Map.entry("functions", Kind.ARRAY),
                java.util.Map.entry("reasoning_effort", Kind.STRING),
                java.util.Map.entry("service_tier", Kind.STRING),
                java.util.Map.entry("verbosity", Kind.STRING),
                java.util.Map.entry("safety_identifier", Kind.STRING));

        private FieldTypes() {
        }

        /** Refuses a well-known field whose value has the wrong JSON type; unknown fields pass. */
        static void check(String name, JsonToken value) {
            Kind kind = TYPES.get(name);
            if (kind != null && value != JsonToken.VALUE_NULL && !kind.accepts(value)) {
                throw GatewayError.invalidRequest("'" + name + "' must be " + kind.expected + " (found "
                        + describe(value) + ")", name);
            }
        }

        /** A token's JSON type in words, for messages. */
        static String describe(JsonToken t) {
            if (t == null) {
                return "nothing";
            }
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "an integer";
                case VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.name();
            };
        }
    }
}
