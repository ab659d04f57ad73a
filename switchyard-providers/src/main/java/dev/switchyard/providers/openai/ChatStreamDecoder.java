package dev.switchyard.providers.openai;

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
 * Reads an OpenAI Chat Completions stream into IR events. Tool calls are keyed by their {@code index}; a provider
 * that omits it (some GLM versions) gets positions in order of first appearance. Reasoning arrives as
 * {@code reasoning_content} (DeepSeek, Qwen, Kimi, GLM) or {@code reasoning} (vLLM, Ollama, OpenRouter).
 */
final class ChatStreamDecoder implements StreamDecoder {

    private final ObjectMapper mapper;
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    private boolean started;
    private boolean done;

    ChatStreamDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void decode(String event, String data, Consumer<StreamEvent> sink) {
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk = StreamJson.object(mapper, data, sink).orElse(null);
        if (chunk == null) {
            return;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            sink.accept(new StreamEvent.Failed(GatewayError.builder(ErrorKind.UPSTREAM,
                    "provider error in stream: " + error.path("message").asText("unknown")).build()));
            return;
        }
        if (!started) {
            started = true;
            sink.accept(new StreamEvent.Started(chunk.path("id").asText(""), chunk.path("model").asText("")));
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String reasoning = delta.path("reasoning_content").asText(delta.path("reasoning").asText(""));
        if (!reasoning.isEmpty()) {
            sink.accept(new StreamEvent.ReasoningDelta(reasoning));
        }
        String content = delta.path("content").asText("");
        if (!content.isEmpty()) {
            sink.accept(new StreamEvent.TextDelta(content));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int upstreamIndex = call.has("index") ? call.get("index").asInt() : toolIndex.size();
            Integer index = toolIndex.get(upstreamIndex);
            JsonNode fn = call.path("function");
            if (index == null) {
                index = toolIndex.size();
                toolIndex.put(upstreamIndex, index);
                sink.accept(new StreamEvent.ToolCallStart(index, call.path("id").asText("call_" + index),
                        fn.path("name").asText("")));
            }
            String args = fn.path("arguments").asText("");
            if (!args.isEmpty()) {
                sink.accept(new StreamEvent.ToolCallDelta(index, args));
            }
        }
        JsonNode finish = choice.get("finish_reason");
        if (finish != null && finish.isTextual()) {
            sink.accept(new StreamEvent.Finished(ChatFinishReasons.read(finish.asText())));
        }
        Usage usage = OpenAiUsage.parse(chunk.get("usage"));
        if (usage != Usage.NONE) {
            sink.accept(new StreamEvent.UsageUpdate(usage));
        }
    }

    @Override
    public boolean completed() {
        return done;
    }
}
