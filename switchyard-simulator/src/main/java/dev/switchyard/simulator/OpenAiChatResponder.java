package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers one OpenAI Chat Completions request as its {@link Script} says.
 *
 * <p>Streamed responses are paced by deadlines, not by sleeping between writes: every event has a due time measured
 * from the moment the head went out (first token at {@code ttft}, token <i>k</i> at {@code ttft + k / rate}), and a
 * timer is only set when the next event is not yet due. Lateness therefore never accumulates, and with every delay at
 * zero no timer is used at all. Writes respect back-pressure: a full socket buffer suspends the schedule until drained.
 */
final class OpenAiChatResponder {

    private static final long CREATED = 1_767_225_600L; // fixed, so responses are byte-for-byte repeatable
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final JsonNode body;
    private final Script script;
    private final SimulatorStats stats;
    private final String id;
    private final String model;
    private boolean closed;
    private boolean ended;

    OpenAiChatResponder(Vertx vertx, HttpServerRequest request, JsonNode body, Script script, SimulatorStats stats,
                        long sequence) {
        this.vertx = vertx;
        this.request = request;
        this.response = request.response();
        this.body = body;
        this.script = script;
        this.stats = stats;
        this.id = "chatcmpl-sim-" + sequence;
        this.model = body.path("model").asText("simulated");
    }

    void run() {
        response.closeHandler(v -> {
            closed = true;
            if (!ended) {
                stats.aborted.incrementAndGet();
            }
        });
        after(script.latencyMs(), this::respond);
    }

    private void respond() {
        if (closed) {
            return;
        }
        if (script.fault() == Fault.RESET) {
            stats.faultsInjected.incrementAndGet();
            ended = true;
            request.connection().close();
            return;
        }
        if (script.errorStatus() != 0) {
            stats.errorsInjected.incrementAndGet();
            if (script.retryAfterSeconds() >= 0) {
                response.putHeader("retry-after", Integer.toString(script.retryAfterSeconds()));
            }
            ObjectNode error = MAPPER.createObjectNode();
            error.putObject("error").put("message", script.errorMessage()).put("type", errorType(script.errorStatus()))
                    .putNull("param").put("code", Integer.toString(script.errorStatus()));
            end(response.setStatusCode(script.errorStatus()).putHeader("content-type", "application/json"),
                    Buffer.buffer(error.toString()));
            return;
        }
        if (body.path("stream").asBoolean(false)) {
            stream();
        } else {
            double seconds = script.tokensPerSecond() > 0 ? tokenCount() / script.tokensPerSecond() : 0;
            after(script.ttftMs() + (long) (seconds * 1000), () -> end(
                    response.putHeader("content-type", "application/json"), Buffer.buffer(completion().toString())));
        }
    }

    private void end(HttpServerResponse r, Buffer b) {
        if (closed) {
            return;
        }
        ended = true;
        stats.completed.incrementAndGet();
        r.end(b);
    }

    // ---- streaming ----------------------------------------------------------------------------------------------

    private record Timed(Buffer bytes, double dueMs) {
    }

    private void stream() {
        response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
        List<Timed> events = schedule();
        long start = System.nanoTime();
        send(events, 0, start, 0);
    }

    private List<Timed> schedule() {
        List<Timed> out = new ArrayList<>();
        double ttft = script.ttftMs();
        double gap = script.tokensPerSecond() > 0 ? 1000.0 / script.tokensPerSecond() : 0;
        for (int i = 0; i < script.keepAlives(); i++) {
            out.add(new Timed(Buffer.buffer(": keep-alive\n\n"), ttft * i / Math.max(1, script.keepAlives())));
        }
        ObjectNode roleDelta = MAPPER.createObjectNode().put("role", "assistant").put("content", "");
        out.add(new Timed(event(chunk(roleDelta, null)), ttft));
        double due = ttft;
        if (script.tool().isPresent()) {
            ObjectNode first = MAPPER.createObjectNode();
            ObjectNode call = first.putArray("tool_calls").addObject().put("index", 0).put("id", "call_sim_0")
                    .put("type", "function");
            call.putObject("function").put("name", script.toolName()).put("arguments", "");
            out.add(new Timed(event(chunk(first, null)), due));
            for (String fragment : Tokens.fragments(script.toolArguments(), 4)) {
                due += gap;
                ObjectNode delta = MAPPER.createObjectNode();
                delta.putArray("tool_calls").addObject().put("index", 0).putObject("function")
                        .put("arguments", fragment);
                out.add(new Timed(event(chunk(delta, null)), due));
            }
        } else {
            List<String> tokens = Tokens.of(script.text(), script.completionTokens());
            for (int i = 0; i < tokens.size(); i++) {
                due = ttft + i * gap;
                out.add(new Timed(event(chunk(MAPPER.createObjectNode().put("content", tokens.get(i)), null)), due));
                if (i == 0 && script.fault() == Fault.MALFORMED_SSE) {
                    out.add(new Timed(Buffer.buffer("data: {\"choices\": [oops\n\n"), due));
                }
            }
        }
        out.add(new Timed(event(chunk(MAPPER.createObjectNode(), finishReason())), due));
        if (body.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usageChunk = base("chat.completion.chunk");
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage());
            out.add(new Timed(event(usageChunk), due));
        }
        out.add(new Timed(Buffer.buffer("data: [DONE]\n\n"), due));
        return script.fault() == Fault.TRICKLE ? trickle(out) : out;
    }

    private List<Timed> trickle(List<Timed> events) {
        List<Timed> out = new ArrayList<>();
        double shift = 0;
        int size = Math.max(1, script.trickleBytes());
        for (Timed e : events) {
            for (int i = 0; i < e.bytes.length(); i += size) {
                out.add(new Timed(e.bytes.getBuffer(i, Math.min(e.bytes.length(), i + size)), e.dueMs + shift));
                shift += script.trickleDelayMs();
            }
        }
        return out;
    }

    private void send(List<Timed> events, int index, long startNanos, int dataChunksSent) {
        int i = index;
        int sent = dataChunksSent;
        while (i < events.size()) {
            if (closed) {
                return;
            }
            Timed next = events.get(i);
            double nowMs = (System.nanoTime() - startNanos) / 1e6;
            if (next.dueMs - nowMs >= 1.0) {
                int at = i;
                int s = sent;
                vertx.setTimer((long) Math.ceil(next.dueMs - nowMs), t -> send(events, at, startNanos, s));
                return;
            }
            if (script.fault() == Fault.CUT && sent >= script.cutAfterChunks()) {
                stats.faultsInjected.incrementAndGet();
                ended = true;
                request.connection().close();
                return;
            }
            response.write(next.bytes);
            if (next.bytes.length() > 0 && next.bytes.getByte(0) == 'd') {
                sent++;
            }
            i++;
            if (response.writeQueueFull()) {
                int at = i;
                int s = sent;
                response.drainHandler(v -> send(events, at, startNanos, s));
                return;
            }
        }
        if (!closed) {
            ended = true;
            stats.completed.incrementAndGet();
            response.end();
        }
    }

    // ---- bodies -------------------------------------------------------------------------------------------------

    private ObjectNode completion() {
        ObjectNode c = base("chat.completion");
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (script.tool().isPresent()) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_sim_0").put("type", "function");
            call.putObject("function").put("name", script.toolName()).put("arguments", script.toolArguments());
        } else {
            message.put("content", String.join("", Tokens.of(script.text(), script.completionTokens())));
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
        return script.tool().isPresent() ? "tool_calls" : "stop";
    }

    private int tokenCount() {
        return script.tool().isPresent() || script.text().isEmpty() ? script.completionTokens()
                : Tokens.of(script.text(), 0).size();
    }

    private ObjectNode usage() {
        int prompt = script.promptTokens() >= 0 ? script.promptTokens() : derivedPromptTokens();
        int completion = tokenCount() + script.reasoningTokens();
        ObjectNode u = MAPPER.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        u.putObject("prompt_tokens_details").put("cached_tokens", Math.min(script.cachedTokens(), prompt));
        u.putObject("completion_tokens_details").put("reasoning_tokens", script.reasoningTokens());
        return u;
    }

    /** About four characters a token, plus a few per message: deterministic, not a real tokenizer. */
    private int derivedPromptTokens() {
        int chars = 0;
        int messages = 0;
        JsonNode list = body.path("messages");
        if (list instanceof ArrayNode array) {
            for (JsonNode m : array) {
                messages++;
                JsonNode content = m.path("content");
                chars += content.isTextual() ? content.asText().length() : content.toString().length();
            }
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

    private void after(long millis, Runnable action) {
        if (millis <= 0) {
            action.run();
        } else {
            vertx.setTimer(millis, t -> action.run());
        }
    }
}
