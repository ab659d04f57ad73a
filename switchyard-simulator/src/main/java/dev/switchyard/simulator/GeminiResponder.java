package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Gemini {@code generateContent} and {@code streamGenerateContent?alt=sse}: thought parts, then text or a whole
 * function call carrying the {@code thoughtSignature}; the last chunk has the finish reason and usage. Like Gemini 3,
 * when the script thinks it refuses a history whose function calls lack their thought signature, and any signature
 * it did not issue.
 */
final class GeminiResponder extends Responder {

    private final boolean stream;

    GeminiResponder(Vertx vertx, HttpServerRequest request, JsonNode body, Script script, SimulatorStats stats,
                    long sequence, String model, boolean stream) {
        super(vertx, request, body, script, stats, sequence, model);
        this.stream = stream;
    }

    @Override
    boolean streamRequested() {
        return stream;
    }

    /**
     * The placeholder Google documents for function calls whose signature was lost (Gemini CLI sends it on calls it
     * has no signature for); Gemini accepts it, and so does the simulator.
     */
    static final String DUMMY_SIGNATURE = "skip_thought_signature_validator";

    @Override
    Optional<String> rejection() {
        for (JsonNode content : body.path("contents")) {
            for (JsonNode part : content.path("parts")) {
                String sig = part.path("thoughtSignature").asText("");
                if (!sig.isEmpty() && !sig.startsWith("sim-sig:") && !sig.equals(DUMMY_SIGNATURE)) {
                    return Optional.of("Invalid/Corrupted thought signature.");
                }
                if (!script.thinking().isEmpty() && content.path("role").asText().equals("model")
                        && part.has("functionCall") && sig.isEmpty()) {
                    return Optional.of("Function call is missing a thought_signature in functionCall parts.");
                }
            }
        }
        return Optional.empty();
    }

    @Override
    OptionalInt requestedMaxTokens() {
        JsonNode n = body.path("generationConfig").get("maxOutputTokens");
        return n != null && n.canConvertToInt() ? OptionalInt.of(n.asInt()) : OptionalInt.empty();
    }

    @Override
    String errorBody(int status, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("error").put("code", status).put("message", message).put("status", switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> "INTERNAL";
        });
        return root.toString();
    }

    @Override
    Buffer keepAlive() {
        return Buffer.buffer(": keep-alive\r\n\r\n");
    }

    @Override
    Timeline events(double ttft, double gap) {
        Timeline out = new Timeline();
        List<String> thinking = Tokens.of(script.thinking(), 0);
        out.each(thinking.size(), (i, o) -> {
            ArrayNode parts = MAPPER.createArrayNode();
            parts.addObject().put("text", thinking.get(i)).put("thought", true);
            o.accept(new Timed(chunk(parts, false), ttft + i * gap));
        });
        double first = ttft + thinking.size() * gap;
        if (script.tool().isPresent()) {
            ArrayNode parts = MAPPER.createArrayNode();
            parts.add(functionCall());
            return out.add(new Timed(chunk(parts, true), first));
        }
        List<String> tokens = tokens();
        out.each(tokens.size(), (i, o) -> {
            double due = first + i * gap;
            ArrayNode parts = MAPPER.createArrayNode();
            ObjectNode part = parts.addObject().put("text", tokens.get(i));
            if (i == 0 && !script.thinking().isEmpty()) {
                part.put("thoughtSignature", sign(script.thinking()));
            }
            o.accept(new Timed(chunk(parts, i == tokens.size() - 1), due));
            if (i == 0 && script.fault() == Fault.MALFORMED_SSE) {
                o.accept(new Timed(Buffer.buffer("data: {\"candidates\": [oops\r\n\r\n"), due));
            }
        });
        return out;
    }

    @Override
    JsonNode completion() {
        ArrayNode parts = MAPPER.createArrayNode();
        if (!script.thinking().isEmpty()) {
            parts.addObject().put("text", script.thinking()).put("thought", true);
        }
        if (script.tool().isPresent()) {
            parts.add(functionCall());
        } else {
            ObjectNode text = parts.addObject().put("text", String.join("", tokens()));
            if (!script.thinking().isEmpty()) {
                text.put("thoughtSignature", sign(script.thinking()));
            }
        }
        return response(parts, true);
    }

    private ObjectNode functionCall() {
        ObjectNode part = MAPPER.createObjectNode();
        part.putObject("functionCall").put("name", script.toolName())
                .set("args", AnthropicResponder.parse(script.toolArguments()));
        if (!script.thinking().isEmpty()) {
            part.put("thoughtSignature", sign(script.thinking()));
        }
        return part;
    }

    private Buffer chunk(ArrayNode parts, boolean last) {
        return Buffer.buffer("data: " + response(parts, last) + "\r\n\r\n");
    }

    private ObjectNode response(ArrayNode parts, boolean last) {
        ObjectNode r = MAPPER.createObjectNode();
        ObjectNode candidate = r.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").set("parts", parts);
        if (last) {
            candidate.put("finishReason", truncated() ? "MAX_TOKENS" : "STOP");
        }
        candidate.put("index", 0);
        if (last) {
            ObjectNode u = r.putObject("usageMetadata").put("promptTokenCount", promptTokens())
                    .put("candidatesTokenCount", tokenCount())
                    .put("totalTokenCount", promptTokens() + tokenCount() + reasoningTokens());
            if (cachedTokens() > 0) {
                u.put("cachedContentTokenCount", cachedTokens());
            }
            if (reasoningTokens() > 0) {
                u.put("thoughtsTokenCount", reasoningTokens());
            }
        }
        r.put("modelVersion", model).put("responseId", "sim-resp-" + sequence);
        return r;
    }
}
