package dev.switchyard.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.Finish;
import dev.switchyard.core.ir.ReasoningTokens;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamEncoder;
import dev.switchyard.core.ir.StreamEvent;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.codec.Fields;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders IR events as Gemini {@code alt=sse} chunks: one chunk per text or thought delta. Gemini sends function
 * calls whole, so a call's argument fragments are gathered and the call goes out when the next content or the end
 * arrives. A reasoning token rides on the next part written ({@code thoughtSignature}). The last chunk carries the
 * finish reason and the usage.
 */
final class GeminiStreamEncoder implements StreamEncoder {

    private final ResponseMeta meta;
    /** Calls not yet written, by tool-call index, with their arguments so far. */
    private final Map<Integer, ObjectNode> calls = new LinkedHashMap<>();
    private final Map<Integer, StringBuilder> arguments = new LinkedHashMap<>();
    private String signature = "";
    private final StringBuilder thought = new StringBuilder();
    private Finish finish = Finish.STOP;
    private Usage usage = Usage.NONE;

    GeminiStreamEncoder(ResponseMeta meta) {
        this.meta = meta;
    }

    @Override
    public void encode(StreamEvent event, Buffer out) {
        switch (event) {
            case StreamEvent.TextDelta t -> {
                flushCalls(out);
                chunk(out, List.of(Fields.object().put("text", t.text())), false);
            }
            case StreamEvent.ReasoningDelta r -> {
                flushCalls(out);
                thought.append(r.text());
                chunk(out, List.of(Fields.object().put("text", r.text()).put("thought", true)), false);
            }
            case StreamEvent.ReasoningToken t -> {
                flushCalls(out);
                // Gemini clients drop thought text from their history: a foreign signature carries the text it signs
                signature = t.redacted() ? ReasoningTokens.wrap(t.value(), meta.upstream(), WireProtocol.GEMINI)
                        : ReasoningTokens.wrapWithText(t.value(), thought.toString(), meta.upstream(),
                                WireProtocol.GEMINI);
                thought.setLength(0);
            }
            case StreamEvent.ToolCallStart s -> {
                ObjectNode part = Fields.object();
                part.putObject("functionCall").put("id", s.id()).put("name", s.name());
                calls.put(s.index(), part);
                arguments.put(s.index(), new StringBuilder());
            }
            case StreamEvent.ToolCallDelta d -> {
                StringBuilder args = arguments.get(d.index());
                if (args != null) {
                    args.append(d.fragment());
                }
            }
            case StreamEvent.Finished f -> finish = f.finish();
            case StreamEvent.UsageUpdate u -> usage = u.usage();
            case StreamEvent.Started s -> {
            }
            case StreamEvent.Failed f -> {
            }
        }
    }

    @Override
    public void end(Buffer out) {
        List<ObjectNode> parts = new ArrayList<>(pendingCalls());
        if (parts.isEmpty()) {
            parts.add(Fields.object().put("text", ""));
        }
        chunk(out, parts, true);
    }

    private List<ObjectNode> pendingCalls() {
        List<ObjectNode> parts = new ArrayList<>(calls.size());
        calls.forEach((index, part) -> {
            ((ObjectNode) part.get("functionCall")).set("args", Fields.parseArguments(arguments.get(index).toString()));
            parts.add(part);
        });
        calls.clear();
        arguments.clear();
        return parts;
    }

    private void flushCalls(Buffer out) {
        List<ObjectNode> parts = pendingCalls();
        if (!parts.isEmpty()) {
            chunk(out, parts, false);
        }
    }

    private void chunk(Buffer out, List<ObjectNode> parts, boolean last) {
        if (!signature.isEmpty()) {
            parts.get(0).put("thoughtSignature", signature);
            signature = "";
        }
        ObjectNode chunk = Fields.object();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        ArrayNode array = candidate.putObject("content").put("role", "model").putArray("parts");
        parts.forEach(array::add);
        if (last) {
            candidate.put("finishReason", GeminiFinishReasons.write(finish.reason()));
        }
        candidate.put("index", 0);
        if (last) {
            GeminiUsage.write(usage, chunk.putObject("usageMetadata"));
        }
        chunk.put("modelVersion", meta.model()).put("responseId", meta.id());
        out.appendString("data: ").appendString(chunk.toString()).appendString("\n\n");
    }
}
