package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.StreamDecoder;
import dev.switchyard.core.ir.StreamEvent;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.codec.StreamJson;
import java.util.function.Consumer;

/**
 * Reads a Gemini {@code streamGenerateContent?alt=sse} stream into IR events. Every event is a whole response chunk;
 * function calls arrive whole (one start and one argument fragment each); a chunk with a {@code finishReason} ends
 * the answer, since Gemini sends no terminator of its own.
 */
final class GeminiStreamDecoder implements StreamDecoder {

    private final ObjectMapper mapper;
    private boolean started;
    private int calls;
    private boolean finished;
    private String responseId = "";

    GeminiStreamDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void decode(String event, String data, Consumer<StreamEvent> sink) {
        JsonNode chunk = StreamJson.object(mapper, data, sink).orElse(null);
        if (chunk == null) {
            return;
        }
        if (chunk.has("error")) {
            sink.accept(new StreamEvent.Failed(GatewayError.builder(ErrorKind.UPSTREAM, "provider error in stream: "
                    + chunk.path("error").path("message").asText("unknown")).build()));
            return;
        }
        if (!started) {
            started = true;
            responseId = chunk.path("responseId").asText("");
            sink.accept(new StreamEvent.Started(responseId, chunk.path("modelVersion").asText("")));
        }
        JsonNode candidate = chunk.path("candidates").path(0);
        for (JsonNode p : candidate.path("content").path("parts")) {
            String signature = p.path("thoughtSignature").asText("");
            if (p.path("thought").asBoolean(false)) {
                String text = p.path("text").asText("");
                if (!text.isEmpty()) {
                    sink.accept(new StreamEvent.ReasoningDelta(text));
                }
                if (!signature.isEmpty()) {
                    sink.accept(new StreamEvent.ReasoningToken(signature, false));
                }
                continue;
            }
            if (!signature.isEmpty()) {
                sink.accept(new StreamEvent.ReasoningToken(signature, false));
            }
            if (p.has("functionCall")) {
                JsonNode fc = p.get("functionCall");
                int index = calls++;
                String id = fc.hasNonNull("id") ? fc.get("id").asText()
                        : "call_" + (responseId.isEmpty() ? "" : responseId + "_") + index;
                sink.accept(new StreamEvent.ToolCallStart(index, id, fc.path("name").asText("")));
                sink.accept(new StreamEvent.ToolCallDelta(index, fc.path("args").toString()));
            } else if (p.has("text")) {
                String text = p.path("text").asText("");
                if (!text.isEmpty()) {
                    sink.accept(new StreamEvent.TextDelta(text));
                }
            }
        }
        Usage usage = GeminiUsage.read(chunk.get("usageMetadata"));
        if (usage != Usage.NONE) {
            sink.accept(new StreamEvent.UsageUpdate(usage));
        }
        String finish = candidate.path("finishReason").asText("");
        if (!finish.isEmpty() && !finish.equals("FINISH_REASON_UNSPECIFIED")) {
            finished = true;
            sink.accept(new StreamEvent.Finished(GeminiFinishReasons.read(finish, calls > 0)));
        }
    }

    @Override
    public boolean completed() {
        return finished;
    }
}
