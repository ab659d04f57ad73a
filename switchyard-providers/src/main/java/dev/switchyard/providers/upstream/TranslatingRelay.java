package dev.switchyard.providers.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.core.ir.StreamDecoder;
import dev.switchyard.core.ir.StreamEvent;
import dev.switchyard.core.usage.TokenEstimate;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.sse.SseEvents;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cross-protocol relay: each upstream event is decoded by the provider's codec into IR events, gathered into the
 * next delta; the edge encodes them for the client. Events before content (the provider's start, early usage) wait
 * in the first delta, so an attempt with no content can still fail over unseen. Each delta carries the estimated
 * tokens of its content ({@link TokenEstimate}), which bill a stream that ends early.
 */
public final class TranslatingRelay implements ResponseRelay {

    private final ObjectMapper mapper;
    private final ProviderCodec provider;
    private final StreamDecoder decoder;
    private List<StreamEvent> pending = new ArrayList<>(4);
    private long pendingContent;
    private Usage usage = Usage.NONE;
    private String finishReason = "";
    private GatewayError failure;
    private boolean sawData;
    private final TokenEstimate estimate = new TokenEstimate();

    public TranslatingRelay(ObjectMapper mapper, ProviderCodec provider) {
        this.mapper = mapper;
        this.provider = provider;
        this.decoder = provider.streamDecoder();
    }

    @Override
    public void onEvent(Buffer event) {
        String data = SseEvents.data(event);
        if (data == null || failure != null) {
            return; // comments and keep-alives: the client's format has its own
        }
        decoder.decode(SseEvents.eventType(event), data, e -> {
            switch (e) {
                case StreamEvent.Failed f -> failure = f.error();
                case StreamEvent.UsageUpdate u -> usage = u.usage();
                case StreamEvent.Finished f -> finishReason = f.finish().nativeReason();
                default -> {
                }
            }
            boolean content = isContent(e);
            if (content) {
                sawData = true;
            }
            if (failure == null) {
                pending.add(e);
                pendingContent += estimate.add(contentText(e));
            }
        });
    }

    /** The output text an event carries (the finish and the provider's start carry none). */
    private static String contentText(StreamEvent e) {
        return switch (e) {
            case StreamEvent.TextDelta t -> t.text();
            case StreamEvent.ReasoningDelta r -> r.text();
            case StreamEvent.ToolCallDelta d -> d.fragment();
            default -> "";
        };
    }

    private static boolean isContent(StreamEvent e) {
        return !(e instanceof StreamEvent.Started) && !(e instanceof StreamEvent.UsageUpdate)
                && !(e instanceof StreamEvent.Failed);
    }

    @Override
    public Optional<Delta> takeDelta() {
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        Delta delta = new Delta.StreamEvents(pending, pendingContent);
        pending = new ArrayList<>(4);
        pendingContent = 0;
        return Optional.of(delta);
    }

    @Override
    public boolean sawData() {
        return sawData;
    }

    @Override
    public boolean completed() {
        return decoder.completed();
    }

    @Override
    public Optional<GatewayError> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean inIr() {
        return true;
    }

    @Override
    public Delta whole(Buffer upstreamBody) {
        JsonNode body;
        try {
            body = mapper.readTree(upstreamBody.getBytes());
        } catch (IOException e) {
            throw GatewayError.builder(ErrorKind.UPSTREAM, "provider sent a response that is not valid JSON").build();
        }
        if (body == null || !body.isObject()) {
            throw GatewayError.builder(ErrorKind.UPSTREAM, "provider sent a response that is not a JSON object")
                    .build();
        }
        Delta.WholeResponse whole = new Delta.WholeResponse(provider.decodeResponse(body));
        usage = whole.response().usage();
        finishReason = whole.response().finish().nativeReason();
        return whole;
    }

    @Override
    public long deliveredTokens() {
        return estimate.total();
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String finishReason() {
        return finishReason;
    }
}
