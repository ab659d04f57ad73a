package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamEncoder;
import dev.switchyard.core.ir.StreamEvent;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.codec.Fields;
import io.vertx.core.buffer.Buffer;

/**
 * Renders IR events as OpenAI Chat Completions chunks: a first chunk with the role, one chunk per delta, a chunk
 * with the finish reason, the usage chunk when the client asked for it, then {@code [DONE]}.
 */
final class ChatStreamEncoder implements StreamEncoder {

    private final ResponseMeta meta;
    private boolean roleSent;
    private int reasoningIndex;
    private Usage usage = Usage.NONE;

    ChatStreamEncoder(ResponseMeta meta) {
        this.meta = meta;
    }

    @Override
    public void encode(StreamEvent event, Buffer out) {
        switch (event) {
            case StreamEvent.TextDelta t -> {
                role(out);
                flush(out, Fields.object().put("content", t.text()));
            }
            case StreamEvent.ReasoningDelta r -> {
                ObjectNode d = delta(out, Fields.object().put("reasoning", r.text()));
                d.putArray("reasoning_details").add(ChatResponseWriter.detail(
                        new Part.Reasoning(r.text(), "", "", meta.upstream()), reasoningIndex));
                flush(out, d);
            }
            case StreamEvent.ReasoningToken t -> {
                Part.Reasoning part = t.redacted() ? new Part.Reasoning("", "", t.value(), meta.upstream())
                        : new Part.Reasoning("", t.value(), "", meta.upstream());
                ObjectNode d = delta(out, Fields.object());
                d.putArray("reasoning_details").add(ChatResponseWriter.detail(part, reasoningIndex++));
                flush(out, d);
            }
            case StreamEvent.ToolCallStart s -> {
                ObjectNode d = delta(out, Fields.object());
                d.putArray("tool_calls").addObject().put("index", s.index()).put("id", s.id()).put("type", "function")
                        .putObject("function").put("name", s.name()).put("arguments", "");
                flush(out, d);
            }
            case StreamEvent.ToolCallDelta s -> {
                ObjectNode d = delta(out, Fields.object());
                d.putArray("tool_calls").addObject().put("index", s.index()).putObject("function")
                        .put("arguments", s.fragment());
                flush(out, d);
            }
            case StreamEvent.Finished f -> {
                role(out);
                ObjectNode chunk = chunk();
                ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
                choice.putObject("delta");
                choice.put("finish_reason", ChatFinishReasons.write(f.finish().reason()))
                        .put("native_finish_reason", f.finish().nativeReason());
                write(out, chunk);
            }
            case StreamEvent.UsageUpdate u -> usage = u.usage();
            case StreamEvent.Started s -> {
            }
            case StreamEvent.Failed f -> {
            }
        }
    }

    @Override
    public void end(Buffer out) {
        if (meta.includeUsage()) {
            ObjectNode chunk = chunk();
            chunk.putArray("choices");
            chunk.set("usage", ChatResponseWriter.usage(usage));
            write(out, chunk);
        }
        out.appendString("data: [DONE]\n\n");
    }

    private ObjectNode delta(Buffer out, ObjectNode d) {
        role(out);
        return d;
    }

    private void flush(Buffer out, ObjectNode delta) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("finish_reason");
        write(out, chunk);
    }

    private void role(Buffer out) {
        if (!roleSent) {
            roleSent = true;
            ObjectNode d = Fields.object().put("role", "assistant").put("content", "");
            flush(out, d);
        }
    }

    private ObjectNode chunk() {
        return Fields.object().put("id", meta.id()).put("object", "chat.completion.chunk")
                .put("created", meta.createdEpochSeconds()).put("model", meta.model());
    }

    private static void write(Buffer out, ObjectNode chunk) {
        out.appendString("data: ").appendString(chunk.toString()).appendString("\n\n");
    }
}
