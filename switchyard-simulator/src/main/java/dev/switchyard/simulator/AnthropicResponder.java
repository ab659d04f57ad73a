package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;

/**
 * Anthropic Messages: {@code message_start}, content blocks (thinking with its signature, text, tool use with
 * streamed {@code input_json_delta}), {@code message_delta} with the stop reason and usage, {@code message_stop}.
 * Like Anthropic, it refuses a request whose thinking blocks carry a signature it did not issue for that text.
 */
final class AnthropicResponder extends Responder {

    private final String id;

    AnthropicResponder(Vertx vertx, HttpServerRequest request, JsonNode body, Script script, SimulatorStats stats,
                       long sequence) {
        super(vertx, request, body, script, stats, sequence, body.path("model").asText("simulated"));
        this.id = "msg_sim_" + sequence;
    }

    @Override
    boolean streamRequested() {
        return body.path("stream").asBoolean(false);
    }

    @Override
    Optional<String> rejection() {
        if (!body.has("max_tokens")) {
            return Optional.of("max_tokens: Field required");
        }
        int i = 0;
        for (JsonNode m : body.path("messages")) {
            for (JsonNode block : m.path("content")) {
                if (block.path("type").asText().equals("thinking")
                        && !sign(block.path("thinking").asText("")).equals(block.path("signature").asText(""))) {
                    return Optional.of("messages." + i + ".content: Invalid `signature` in `thinking` block");
                }
            }
            i++;
        }
        return Optional.empty();
    }

    @Override
    String errorBody(int status, String message) {
        ObjectNode root = MAPPER.createObjectNode().put("type", "error");
        root.putObject("error").put("type", switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        }).put("message", message);
        return root.put("request_id", "req_sim_" + sequence).toString();
    }

    @Override
    Buffer keepAlive() {
        return sse("ping", MAPPER.createObjectNode().put("type", "ping"));
    }

    @Override
    Timeline events(double ttft, double gap) {
        Timeline out = new Timeline();
        ObjectNode start = MAPPER.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        usage(message.putObject("usage"), 1);
        out.add(new Timed(sse("message_start", start), ttft));
        double due = ttft;
        int index = 0;
        if (!script.thinking().isEmpty()) {
            ObjectNode block = MAPPER.createObjectNode().put("type", "thinking").put("thinking", "")
                    .put("signature", "");
            out.add(new Timed(blockStart(index, block), due));
            List<String> thinking = Tokens.of(script.thinking(), 0);
            double first = due;
            out.each(thinking.size(), (i, o) -> o.accept(new Timed(delta(0, MAPPER.createObjectNode()
                    .put("type", "thinking_delta").put("thinking", thinking.get(i))), first + i * gap)));
            due = first + thinking.size() * gap;
            out.add(new Timed(delta(index, MAPPER.createObjectNode().put("type", "signature_delta")
                    .put("signature", sign(script.thinking()))), due));
            out.add(new Timed(blockStop(index), due));
            index++;
        }
        int blockIndex = index;
        if (script.tool().isPresent()) {
            ObjectNode block = MAPPER.createObjectNode().put("type", "tool_use").put("id", "toolu_sim_0")
                    .put("name", script.toolName());
            block.putObject("input");
            out.add(new Timed(blockStart(index, block), due));
            List<String> fragments = Tokens.fragments(script.toolArguments(), 4);
            double first = due;
            out.each(fragments.size(), (i, o) -> o.accept(new Timed(delta(blockIndex, MAPPER.createObjectNode()
                    .put("type", "input_json_delta").put("partial_json", fragments.get(i))), first + (i + 1) * gap)));
            due = first + fragments.size() * gap;
        } else {
            out.add(new Timed(blockStart(index, MAPPER.createObjectNode().put("type", "text").put("text", "")), due));
            List<String> tokens = tokens();
            double first = due;
            out.each(tokens.size(), (i, o) -> {
                double at = first + i * gap;
                o.accept(new Timed(delta(blockIndex, MAPPER.createObjectNode().put("type", "text_delta")
                        .put("text", tokens.get(i))), at));
                if (i == 0 && script.fault() == Fault.MALFORMED_SSE) {
                    o.accept(new Timed(Buffer.buffer("event: content_block_delta\ndata: {\"type\": oops\n\n"), at));
                }
            });
            due = tokens.isEmpty() ? first : first + (tokens.size() - 1) * gap;
        }
        out.add(new Timed(blockStop(index), due));
        ObjectNode messageDelta = MAPPER.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason()).putNull("stop_sequence");
        usage(messageDelta.putObject("usage"), outputTokens());
        out.add(new Timed(sse("message_delta", messageDelta), due));
        out.add(new Timed(sse("message_stop", MAPPER.createObjectNode().put("type", "message_stop")), due));
        return out;
    }

    @Override
    JsonNode completion() {
        ObjectNode m = MAPPER.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        var content = m.putArray("content");
        if (!script.thinking().isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", script.thinking())
                    .put("signature", sign(script.thinking()));
        }
        if (script.tool().isPresent()) {
            content.addObject().put("type", "tool_use").put("id", "toolu_sim_0").put("name", script.toolName())
                    .set("input", parse(script.toolArguments()));
        } else {
            content.addObject().put("type", "text").put("text", String.join("", tokens()));
        }
        m.put("stop_reason", stopReason()).putNull("stop_sequence");
        usage(m.putObject("usage"), outputTokens());
        return m;
    }

    private int outputTokens() {
        return tokenCount() + reasoningTokens();
    }

    private void usage(ObjectNode u, int output) {
        // like Anthropic's, input_tokens excludes the cache reads and writes counted beside it
        u.put("input_tokens", promptTokens() - cachedTokens() - cacheWriteTokens())
                .put("cache_creation_input_tokens", cacheWriteTokens())
                .put("cache_read_input_tokens", cachedTokens()).put("output_tokens", output);
        if (output > 1 && reasoningTokens() > 0) {
            u.putObject("output_tokens_details").put("thinking_tokens", reasoningTokens());
        }
    }

    private String stopReason() {
        return script.tool().isPresent() ? "tool_use" : truncated() ? "max_tokens" : "end_turn";
    }

    private static Buffer blockStart(int index, ObjectNode block) {
        ObjectNode e = MAPPER.createObjectNode().put("type", "content_block_start").put("index", index);
        e.set("content_block", block);
        return sse("content_block_start", e);
    }

    private static Buffer delta(int index, ObjectNode delta) {
        ObjectNode e = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
        e.set("delta", delta);
        return sse("content_block_delta", e);
    }

    private static Buffer blockStop(int index) {
        return sse("content_block_stop", MAPPER.createObjectNode().put("type", "content_block_stop")
                .put("index", index));
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
