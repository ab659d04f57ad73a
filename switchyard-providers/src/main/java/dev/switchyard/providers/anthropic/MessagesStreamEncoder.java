package dev.switchyard.providers.anthropic;

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
import java.util.HashMap;
import java.util.Map;

/**
 * Renders IR events as Anthropic Messages SSE. Content blocks open and close as the kind of delta changes; a thinking
 * block always closes with a {@code signature_delta} (a wrapped empty token when the provider gave none, since
 * Anthropic clients expect every thinking block to be signed). {@code message_delta} with the stop reason and the
 * full usage, and {@code message_stop}, go out at the end, after the provider's usage has arrived.
 */
final class MessagesStreamEncoder implements StreamEncoder {

    private enum Block { NONE, TEXT, THINKING, TOOL }

    private final ResponseMeta meta;
    private final Map<Integer, Integer> blockByTool = new HashMap<>();
    private Block open = Block.NONE;
    private int blockIndex = -1;
    private boolean started;
    private boolean signed;
    private Usage usage = Usage.NONE;
    private Finish finish = Finish.STOP;

    MessagesStreamEncoder(ResponseMeta meta) {
        this.meta = meta;
    }

    @Override
    public void encode(StreamEvent event, Buffer out) {
        switch (event) {
            case StreamEvent.Started s -> {
            }
            case StreamEvent.UsageUpdate u -> usage = u.usage();
            case StreamEvent.Finished f -> finish = f.finish();
            case StreamEvent.Failed f -> {
            }
            case StreamEvent.TextDelta t -> {
                open(Block.TEXT, out, Fields.object().put("type", "text").put("text", ""));
                delta(out, Fields.object().put("type", "text_delta").put("text", t.text()));
            }
            case StreamEvent.ReasoningDelta r -> {
                open(Block.THINKING, out, thinkingStart());
                delta(out, Fields.object().put("type", "thinking_delta").put("thinking", r.text()));
            }
            case StreamEvent.ReasoningToken t -> {
                if (t.redacted() && meta.upstream() == WireProtocol.ANTHROPIC_MESSAGES) {
                    close(out);
                    open(Block.THINKING, out, Fields.object().put("type", "redacted_thinking").put("data", t.value()));
                    signed = true;
                    close(out);
                    return;
                }
                open(Block.THINKING, out, thinkingStart());
                delta(out, Fields.object().put("type", "signature_delta").put("signature",
                        ReasoningTokens.wrap(t.value(), meta.upstream(), WireProtocol.ANTHROPIC_MESSAGES)));
                signed = true;
                close(out);
            }
            case StreamEvent.ToolCallStart s -> {
                close(out);
                ObjectNode block = Fields.object().put("type", "tool_use").put("id", s.id()).put("name", s.name());
                block.putObject("input");
                open(Block.TOOL, out, block);
                blockByTool.put(s.index(), blockIndex);
            }
            case StreamEvent.ToolCallDelta d -> {
                Integer index = blockByTool.get(d.index());
                if (index != null) {
                    ObjectNode e = Fields.object().put("type", "content_block_delta").put("index", index);
                    e.putObject("delta").put("type", "input_json_delta").put("partial_json", d.fragment());
                    write(out, "content_block_delta", e);
                }
            }
        }
    }

    @Override
    public void end(Buffer out) {
        start(out);
        close(out);
        ObjectNode delta = Fields.object().put("type", "message_delta");
        ObjectNode d = delta.putObject("delta").put("stop_reason", StopReasons.write(finish));
        if (finish.stopSequence().isEmpty()) {
            d.putNull("stop_sequence");
        } else {
            d.put("stop_sequence", finish.stopSequence());
        }
        AnthropicUsage.write(usage, delta.putObject("usage"));
        write(out, "message_delta", delta);
        write(out, "message_stop", Fields.object().put("type", "message_stop"));
    }

    private static ObjectNode thinkingStart() {
        return Fields.object().put("type", "thinking").put("thinking", "").put("signature", "");
    }

    private void start(Buffer out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode e = Fields.object().put("type", "message_start");
        ObjectNode m = e.putObject("message").put("id", MessagesResponseWriter.messageId(meta)).put("type", "message")
                .put("role", "assistant").put("model", meta.model());
        m.putArray("content");
        m.putNull("stop_reason");
        m.putNull("stop_sequence");
        AnthropicUsage.write(new Usage(usage.promptTokens(), 0, usage.cachedTokens(), usage.cacheWriteTokens(), 0),
                m.putObject("usage"));
        write(out, "message_start", e);
    }

    private void open(Block kind, Buffer out, ObjectNode block) {
        start(out);
        if (open == kind && kind != Block.TOOL) {
            return;
        }
        close(out);
        open = kind;
        signed = false;
        blockIndex++;
        ObjectNode e = Fields.object().put("type", "content_block_start").put("index", blockIndex);
        e.set("content_block", block);
        write(out, "content_block_start", e);
    }

    private void delta(Buffer out, ObjectNode delta) {
        ObjectNode e = Fields.object().put("type", "content_block_delta").put("index", blockIndex);
        e.set("delta", delta);
        write(out, "content_block_delta", e);
    }

    private void close(Buffer out) {
        if (open == Block.NONE) {
            return;
        }
        if (open == Block.THINKING && !signed) {
            signed = true;
            delta(out, Fields.object().put("type", "signature_delta").put("signature",
                    ReasoningTokens.wrap("", meta.upstream(), WireProtocol.ANTHROPIC_MESSAGES)));
        }
        write(out, "content_block_stop", Fields.object().put("type", "content_block_stop").put("index", blockIndex));
        open = Block.NONE;
    }

    private static void write(Buffer out, String event, ObjectNode data) {
        out.appendString("event: ").appendString(event).appendString("\ndata: ").appendString(data.toString())
                .appendString("\n\n");
    }
}
