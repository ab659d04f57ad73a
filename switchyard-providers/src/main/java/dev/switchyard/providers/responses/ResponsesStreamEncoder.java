package dev.switchyard.providers.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.Finish;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamEncoder;
import dev.switchyard.core.ir.StreamEvent;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.codec.Fields;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders IR events as the Responses API's typed stream: {@code response.created}, then for each output item
 * {@code output_item.added}, its part and delta events and {@code output_item.done}, and finally
 * {@code response.completed} (or {@code response.incomplete}) with the whole response and its usage. Every event
 * carries a {@code sequence_number}.
 */
final class ResponsesStreamEncoder implements StreamEncoder {

    private enum Kind { NONE, MESSAGE, REASONING, CALL }

    private final ResponseMeta meta;
    private final List<ObjectNode> output = new ArrayList<>();
    private final Map<Integer, Integer> itemByTool = new HashMap<>();
    private final Map<Integer, StringBuilder> toolArgs = new HashMap<>();
    private Kind open = Kind.NONE;
    private StringBuilder text = new StringBuilder();
    private boolean summaryOpen;
    private String token = "";
    private int sequence;
    private boolean started;
    private Usage usage = Usage.NONE;
    private Finish finish = Finish.STOP;

    ResponsesStreamEncoder(ResponseMeta meta) {
        this.meta = meta;
    }

    @Override
    public void encode(StreamEvent event, Buffer out) {
        switch (event) {
            case StreamEvent.Started s -> {
            }
            case StreamEvent.Failed f -> {
            }
            case StreamEvent.UsageUpdate u -> usage = u.usage();
            case StreamEvent.Finished f -> finish = f.finish();
            case StreamEvent.TextDelta t -> {
                openItem(Kind.MESSAGE, out);
                text.append(t.text());
                ObjectNode e = event("response.output_text.delta").put("item_id", currentId())
                        .put("output_index", currentIndex()).put("content_index", 0).put("delta", t.text());
                e.putArray("logprobs");
                write(out, e);
            }
            case StreamEvent.ReasoningDelta r -> {
                openItem(Kind.REASONING, out);
                if (!summaryOpen) {
                    summaryOpen = true;
                    ObjectNode e = event("response.reasoning_summary_part.added").put("item_id", currentId())
                            .put("output_index", currentIndex()).put("summary_index", 0);
                    e.set("part", ResponseObjects.summaryText(""));
                    write(out, e);
                }
                text.append(r.text());
                write(out, event("response.reasoning_summary_text.delta").put("item_id", currentId())
                        .put("output_index", currentIndex()).put("summary_index", 0).put("delta", r.text()));
            }
            case StreamEvent.ReasoningToken t -> {
                openItem(Kind.REASONING, out);
                token = t.value();
                close(out);
            }
            case StreamEvent.ToolCallStart s -> {
                close(out);
                start(out);
                int index = output.size();
                ObjectNode item = ResponseObjects.functionCall(ResponseObjects.itemId("fc", meta, index), s.id(),
                        s.name(), "", "in_progress");
                output.add(item);
                itemByTool.put(s.index(), index);
                toolArgs.put(s.index(), new StringBuilder());
                open = Kind.CALL;
                ObjectNode e = event("response.output_item.added").put("output_index", index);
                e.set("item", item.deepCopy());
                write(out, e);
            }
            case StreamEvent.ToolCallDelta d -> {
                Integer index = itemByTool.get(d.index());
                if (index != null) {
                    toolArgs.get(d.index()).append(d.fragment());
                    write(out, event("response.function_call_arguments.delta")
                            .put("item_id", output.get(index).path("id").asText()).put("output_index", index)
                            .put("delta", d.fragment()));
                }
            }
        }
    }

    @Override
    public void end(Buffer out) {
        start(out);
        close(out);
        for (Map.Entry<Integer, Integer> e : itemByTool.entrySet()) {
            closeCall(e.getKey(), e.getValue(), out);
        }
        itemByTool.clear();
        String status = ResponseObjects.status(finish);
        ObjectNode e = event(status.equals("completed") ? "response.completed" : "response.incomplete");
        e.set("response", ResponseObjects.response(meta, status, output, usage, finish));
        write(out, e);
    }

    private void start(Buffer out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode created = event("response.created");
        created.set("response", ResponseObjects.response(meta, "in_progress", List.of(), usage, finish));
        write(out, created);
        ObjectNode progress = event("response.in_progress");
        progress.set("response", ResponseObjects.response(meta, "in_progress", List.of(), usage, finish));
        write(out, progress);
    }

    private void openItem(Kind kind, Buffer out) {
        start(out);
        if (open == kind) {
            return;
        }
        close(out);
        open = kind;
        text = new StringBuilder();
        summaryOpen = false;
        token = "";
        int index = output.size();
        ObjectNode item = kind == Kind.MESSAGE
                ? ResponseObjects.message(ResponseObjects.itemId("msg", meta, index), "", "in_progress")
                : ResponseObjects.reasoning(ResponseObjects.itemId("rs", meta, index), "", "", meta.upstream());
        output.add(item);
        ObjectNode e = event("response.output_item.added").put("output_index", index);
        e.set("item", item.deepCopy());
        write(out, e);
        if (kind == Kind.MESSAGE) {
            ObjectNode part = event("response.content_part.added").put("item_id", currentId())
                    .put("output_index", index).put("content_index", 0);
            part.set("part", ResponseObjects.outputText(""));
            write(out, part);
        }
    }

    private void close(Buffer out) {
        int index = currentIndex();
        switch (open) {
            case NONE, CALL -> {
                open = Kind.NONE;
                return;
            }
            case MESSAGE -> {
                String id = currentId();
                ObjectNode done = event("response.output_text.done").put("item_id", id).put("output_index", index)
                        .put("content_index", 0).put("text", text.toString());
                done.putArray("logprobs");
                write(out, done);
                ObjectNode part = event("response.content_part.done").put("item_id", id).put("output_index", index)
                        .put("content_index", 0);
                part.set("part", ResponseObjects.outputText(text.toString()));
                write(out, part);
                output.set(index, ResponseObjects.message(id, text.toString(), "completed"));
            }
            case REASONING -> {
                String id = currentId();
                if (summaryOpen) {
                    write(out, event("response.reasoning_summary_text.done").put("item_id", id)
                            .put("output_index", index).put("summary_index", 0).put("text", text.toString()));
                    ObjectNode part = event("response.reasoning_summary_part.done").put("item_id", id)
                            .put("output_index", index).put("summary_index", 0);
                    part.set("part", ResponseObjects.summaryText(text.toString()));
                    write(out, part);
                }
                output.set(index, ResponseObjects.reasoning(id, text.toString(), token, meta.upstream()));
            }
        }
        ObjectNode done = event("response.output_item.done").put("output_index", index);
        done.set("item", output.get(index).deepCopy());
        write(out, done);
        open = Kind.NONE;
    }

    private void closeCall(int tool, int index, Buffer out) {
        ObjectNode item = output.get(index);
        String args = toolArgs.get(tool).toString();
        write(out, event("response.function_call_arguments.done").put("item_id", item.path("id").asText())
                .put("output_index", index).put("name", item.path("name").asText()).put("arguments", args));
        ObjectNode completed = ResponseObjects.functionCall(item.path("id").asText(), item.path("call_id").asText(),
                ToolNames.flatten(item.path("namespace").asText(""), item.path("name").asText()), args, "completed");
        output.set(index, completed);
        ObjectNode done = event("response.output_item.done").put("output_index", index);
        done.set("item", completed.deepCopy());
        write(out, done);
    }

    private String currentId() {
        return output.get(output.size() - 1).path("id").asText();
    }

    private int currentIndex() {
        return output.size() - 1;
    }

    private ObjectNode event(String type) {
        return Fields.object().put("type", type).put("sequence_number", sequence++);
    }

    private static void write(Buffer out, ObjectNode event) {
        out.appendString("event: ").appendString(event.path("type").asText()).appendString("\ndata: ")
                .appendString(event.toString()).appendString("\n\n");
    }
}
