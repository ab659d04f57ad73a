package dev.switchyard.core.ir;

import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds a stream of {@link StreamEvent}s into the {@link ChatResponse} it amounts to: adjacent deltas of one kind
 * join into one part, tool-call fragments join by index, the last usage wins.
 */
public final class ResponseAggregator {

    private final WireProtocol origin;
    private final List<Part> parts = new ArrayList<>();
    private final Map<Integer, int[]> toolPositions = new TreeMap<>();
    private final Map<Integer, StringBuilder> toolArguments = new TreeMap<>();
    private StringBuilder text;
    private StringBuilder reasoning;
    private String id = "";
    private String model = "";
    private Finish finish = Finish.STOP;
    private Usage usage = Usage.NONE;

    /** @param origin the protocol of the provider whose stream this is, for reasoning tokens */
    public ResponseAggregator(WireProtocol origin) {
        this.origin = origin;
    }

    public void accept(StreamEvent event) {
        switch (event) {
            case StreamEvent.Started s -> {
                id = s.id();
                model = s.model();
            }
            case StreamEvent.TextDelta t -> {
                closeReasoning("");
                if (text == null) {
                    text = new StringBuilder();
                    parts.add(null); // placeholder, filled on close
                }
                text.append(t.text());
            }
            case StreamEvent.ReasoningDelta r -> {
                closeText();
                if (reasoning == null) {
                    reasoning = new StringBuilder();
                    parts.add(null);
                }
                reasoning.append(r.text());
            }
            case StreamEvent.ReasoningToken t -> {
                closeText();
                if (t.redacted()) {
                    closeReasoning("");
                    parts.add(new Part.Reasoning("", "", t.value(), origin));
                } else {
                    if (reasoning == null) {
                        reasoning = new StringBuilder();
                        parts.add(null);
                    }
                    closeReasoning(t.value());
                }
            }
            case StreamEvent.ToolCallStart s -> {
                closeText();
                closeReasoning("");
                toolPositions.put(s.index(), new int[] {parts.size()});
                toolArguments.put(s.index(), new StringBuilder());
                parts.add(new Part.ToolCall(s.id(), s.name(), ""));
            }
            case StreamEvent.ToolCallDelta d -> {
                StringBuilder args = toolArguments.get(d.index());
                if (args != null) {
                    args.append(d.fragment());
                }
            }
            case StreamEvent.UsageUpdate u -> usage = u.usage();
            case StreamEvent.Finished f -> finish = f.finish();
            case StreamEvent.Failed f -> finish = new Finish(FinishReason.ERROR, "error", "");
        }
    }

    private void closeText() {
        if (text != null) {
            parts.set(parts.lastIndexOf(null), Part.Text.of(text.toString()));
            text = null;
        }
    }

    private void closeReasoning(String signature) {
        if (reasoning != null) {
            parts.set(parts.lastIndexOf(null), new Part.Reasoning(reasoning.toString(), signature, "", origin));
            reasoning = null;
        }
    }

    /** The answer so far, as if the stream ended now. */
    public ChatResponse result() {
        closeText();
        closeReasoning("");
        List<Part> out = new ArrayList<>(parts);
        toolPositions.forEach((index, pos) -> {
            Part.ToolCall c = (Part.ToolCall) out.get(pos[0]);
            out.set(pos[0], new Part.ToolCall(c.id(), c.name(), toolArguments.get(index).toString()));
        });
        return new ChatResponse(id, model, out, finish, usage);
    }
}
