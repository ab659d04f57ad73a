package dev.switchyard.core.ir;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A front door that leaves the reasoning text out of its answers, for a client that asked for reasoning with
 * {@code exclude} (OpenRouter's {@code reasoning.exclude: true}, Anthropic's {@code display: "omitted"}, Gemini's
 * {@code includeThoughts: false}). The model still reasons and its usage still counts reasoning tokens; only the
 * text goes: streamed {@link StreamEvent.ReasoningDelta}s are dropped, and reasoning parts of a whole answer keep
 * their signature and lose their text. Signatures stay, so a provider that accepts its signature alone back (Anthropic
 * with {@code display: "omitted"}, Gemini, OpenAI's encrypted reasoning) still gets its round trip.
 */
public final class HiddenReasoning implements FrontDoorCodec {

    private final FrontDoorCodec door;

    private HiddenReasoning(FrontDoorCodec door) {
        this.door = Objects.requireNonNull(door, "door");
    }

    /** {@code door}, or a codec that hides reasoning text when {@code request} asked for that. */
    public static FrontDoorCodec applyTo(FrontDoorCodec door, ChatRequest request) {
        boolean exclude = request.reasoning().map(ReasoningConfig::excluded).orElse(false);
        return exclude && !(door instanceof HiddenReasoning) ? new HiddenReasoning(door) : door;
    }

    @Override
    public WireProtocol protocol() {
        return door.protocol();
    }

    @Override
    public Set<Capability> capabilities() {
        return door.capabilities();
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body) {
        return door.decodeRequest(body);
    }

    @Override
    public Buffer encodeResponse(ChatResponse response, ResponseMeta meta) {
        List<Part> kept = new ArrayList<>(response.content().size());
        for (Part p : response.content()) {
            if (p instanceof Part.Reasoning r) {
                if (r.hasToken()) {
                    kept.add(new Part.Reasoning("", r.signature(), r.redacted(), r.origin()));
                }
            } else {
                kept.add(p);
            }
        }
        return door.encodeResponse(new ChatResponse(response.id(), response.model(), kept, response.finish(),
                response.usage()), meta);
    }

    @Override
    public StreamEncoder streamEncoder(ResponseMeta meta) {
        StreamEncoder inner = door.streamEncoder(meta);
        return new StreamEncoder() {
            @Override
            public void encode(StreamEvent event, Buffer out) {
                if (!(event instanceof StreamEvent.ReasoningDelta)) {
                    inner.encode(event, out);
                }
            }

            @Override
            public void end(Buffer out) {
                inner.end(out);
            }
        };
    }
}
