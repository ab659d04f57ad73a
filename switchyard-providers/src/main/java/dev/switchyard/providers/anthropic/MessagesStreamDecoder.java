package dev.switchyard.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.StreamDecoder;
import dev.switchyard.core.ir.StreamEvent;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.codec.StreamJson;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads an Anthropic Messages stream into IR events: {@code message_start} carries the input usage,
 * {@code content_block_*} the content (blocks are mapped to tool-call indexes as they open), {@code message_delta}
 * the stop reason and cumulative output usage, and {@code message_stop} completes the stream. An {@code error}
 * event is a failure.
 */
final class MessagesStreamDecoder implements StreamDecoder {

    private final ObjectMapper mapper;
    private final Map<Integer, Integer> toolByBlock = new HashMap<>();
    private Usage usage = Usage.NONE;
    private boolean done;

    MessagesStreamDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void decode(String event, String data, Consumer<StreamEvent> sink) {
        JsonNode e = StreamJson.object(mapper, data, sink).orElse(null);
        if (e == null) {
            return;
        }
        String type = e.path("type").asText(event);
        switch (type) {
            case "message_start" -> {
                JsonNode m = e.path("message");
                sink.accept(new StreamEvent.Started(m.path("id").asText(""), m.path("model").asText("")));
                usage = AnthropicUsage.read(m.get("usage"), usage);
                sink.accept(new StreamEvent.UsageUpdate(usage));
            }
            case "content_block_start" -> {
                JsonNode block = e.path("content_block");
                int index = e.path("index").asInt();
                switch (block.path("type").asText()) {
                    case "text" -> {
                        String text = block.path("text").asText("");
                        if (!text.isEmpty()) {
                            sink.accept(new StreamEvent.TextDelta(text));
                        }
                    }
                    case "thinking" -> {
                        String text = block.path("thinking").asText("");
                        if (!text.isEmpty()) {
                            sink.accept(new StreamEvent.ReasoningDelta(text));
                        }
                    }
                    case "redacted_thinking" -> sink.accept(
                            new StreamEvent.ReasoningToken(block.path("data").asText(""), true));
                    case "tool_use" -> {
                        int tool = toolByBlock.size();
                        toolByBlock.put(index, tool);
                        sink.accept(new StreamEvent.ToolCallStart(tool, block.path("id").asText(""),
                                block.path("name").asText("")));
                    }
                    default -> {
                    }
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = e.path("delta");
                switch (delta.path("type").asText()) {
                    case "text_delta" -> sink.accept(new StreamEvent.TextDelta(delta.path("text").asText("")));
                    case "thinking_delta" -> sink.accept(
                            new StreamEvent.ReasoningDelta(delta.path("thinking").asText("")));
                    case "signature_delta" -> sink.accept(
                            new StreamEvent.ReasoningToken(delta.path("signature").asText(""), false));
                    case "input_json_delta" -> {
                        Integer tool = toolByBlock.get(e.path("index").asInt());
                        String json = delta.path("partial_json").asText("");
                        if (tool != null && !json.isEmpty()) {
                            sink.accept(new StreamEvent.ToolCallDelta(tool, json));
                        }
                    }
                    default -> {
                    }
                }
            }
            case "message_delta" -> {
                usage = AnthropicUsage.read(e.get("usage"), usage);
                JsonNode delta = e.path("delta");
                if (delta.hasNonNull("stop_reason")) {
                    sink.accept(new StreamEvent.Finished(StopReasons.read(delta.path("stop_reason").asText(),
                            delta.path("stop_sequence").asText(""))));
                }
                sink.accept(new StreamEvent.UsageUpdate(usage));
            }
            case "message_stop" -> done = true;
            case "error" -> {
                JsonNode err = e.path("error");
                sink.accept(new StreamEvent.Failed(GatewayError.builder(ErrorKind.UPSTREAM,
                        err.path("type").asText("error") + ": " + err.path("message").asText("")).build()));
            }
            default -> {
            }
        }
    }

    @Override
    public boolean completed() {
        return done;
    }
}
