package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI Chat Completions, the way DeepSeek-style vendors speak it: reasoning in {@code reasoning_content}, and,
 * when the script thinks, a 400 for an assistant turn with tool calls whose reasoning was not sent back (DeepSeek's
 * rule).
 */
final class OpenAiChatResponder extends Responder {

    private final String id;

    OpenAiChatResponder(Vertx vertx, HttpServerRequest request, JsonNode body, Script script, SimulatorStats stats,
                        long sequence) {
        super(vertx, request, body, script, stats, sequence, body.path("model").asText("simulated"));
        this.id = "chatcmpl-sim-" + sequence;
    }

    @Override
    boolean streamRequested() {
        return body.path("stream").asBoolean(false);
    }

    @Override
    Optional<String> rejection() {
        if (script.thinking().isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode m : body.path("messages")) {
            if (m.path("role").asText().equals("assistant") && m.has("tool_calls")
                    && m.path("reasoning_content").asText("").isEmpty()) {
                return Optional.of("Missing `reasoning_content` field in the assistant message at message index. "
                        + "For tool-call turns the reasoning must be passed back.");
            }
        }
        return Optional.empty();
    }

    @Override
    String errorBody(int status, String message) {
        ObjectNode error = MAPPER.createObjectNode();
        error.putObject("error").put("message", message).put("type", errorType(status))
                .putNull("param").put("code", Integer.toString(status));
        return error.toString();
    }

    @Override
    Buffer keepAlive() {
        return Buffer.buffer(": keep-alive\n\n");
    }

    @Override
    Timeline events(double ttft, double gap) {
        Timeline out = new Timeline();
        ObjectNode roleDelta = MAPPER.createObjectNode().put("role", "assistant").put("content", "");
        out.add(new Timed(event(chunk(roleDelta, null)), ttft));
        List<String> thinking = Tokens.of(script.thinking(), 0);
        out.each(thinking.size(), (i, o) -> o.accept(new Timed(event(chunk(MAPPER.createObjectNode()
                .put("reasoning_content", thinking.get(i)), null)), ttft + i * gap)));
        double start = ttft + thinking.size() * gap;
        double end;
        if (script.tool().isPresent()) {
            ObjectNode first = MAPPER.createObjectNode();
            ObjectNode call = first.putArray("tool_calls").addObject().put("index", 0).put("id", "call_sim_0")
                    .put("type", "function");
            call.putObject("function").put("name", script.toolName()).put("arguments", "");
            out.add(new Timed(event(chunk(first, null)), start));
            List<String> fragments = Tokens.fragments(script.toolArguments(), 4);
            out.each(fragments.size(), (i, o) -> {
                ObjectNode delta = MAPPER.createObjectNode();
                delta.putArray("tool_calls").addObject().put("index", 0).putObject("function")
                        .put("arguments", fragments.get(i));
                o.accept(new Timed(event(chunk(delta, null)), start + (i + 1) * gap));
            });
            end = start + fragments.size() * gap;
        } else {
            List<String> tokens = tokens();
            out.each(tokens.size(), (i, o) -> {
                double due = start + i * gap;
                o.accept(new Timed(event(chunk(MAPPER.createObjectNode().put("content", tokens.get(i)), null)), due));
                if (i == 0 && script.fault() == Fault.MALFORMED_SSE) {
                    o.accept(new Timed(Buffer.buffer("data: {\"choices\": [oops\n\n"), due));
                }
            });
            end = tokens.isEmpty() ? start : start + (tokens.size() - 1) * gap;
        }
        out.add(new Timed(event(chunk(MAPPER.createObjectNode(), finishReason())), end));
        if (body.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usageChunk = base("chat.completion.chunk");
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage());
            out.add(new Timed(event(usageChunk), end));
        }
        out.add(new Timed(Buffer.buffer("data: [DONE]\n\n"), end));
        return out;
    }

    @Override
    JsonNode completion() {
        ObjectNode c = base("chat.completion");
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (script.tool().isPresent()) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_sim_0").put("type", "function");
            call.putObject("function").put("name", script.toolName()).put("arguments", script.toolArguments());
        } else {
            message.put("content", String.join("", tokens()));
        }
        if (!script.thinking().isEmpty()) {
            message.put("reasoning_content", script.thinking());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason());
        c.set("usage", usage());
        return c;
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode c = base("chat.completion.chunk");
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return c;
    }

    private ObjectNode base(String object) {
        return MAPPER.createObjectNode().put("id", id).put("object", object).put("created", CREATED)
                .put("model", model).put("system_fingerprint", "fp_switchyard_sim");
    }

    private String finishReason() {
        return script.tool().isPresent() ? "tool_calls" : truncated() ? "length" : "stop";
    }

    private ObjectNode usage() {
        int prompt = promptTokens();
        int completion = tokenCount() + reasoningTokens();
        ObjectNode u = MAPPER.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        ObjectNode details = u.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens());
        if (cacheWriteTokens() > 0) {
            // OpenRouter's field for cache writes (prompt_tokens counts them, as it counts cache reads)
            details.put("cache_write_tokens", cacheWriteTokens());
        }
        u.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens());
        return u;
    }

    @Override
    int promptTokens() {
        if (script.promptTokens() >= 0) {
            return script.promptTokens();
        }
        int chars = 0;
        int messages = 0;
        for (JsonNode m : body.path("messages")) {
            messages++;
            JsonNode content = m.path("content");
            chars += content.isTextual() ? content.asText().length() : content.toString().length();
        }
        return Math.max(1, (chars + 3) / 4 + 4 * messages);
    }

    private static Buffer event(ObjectNode json) {
        return Buffer.buffer("data: " + json + "\n\n");
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "api_error";
        };
    }
}
