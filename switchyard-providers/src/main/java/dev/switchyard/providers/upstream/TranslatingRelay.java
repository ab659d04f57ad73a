package dev.switchyard.providers.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamDecoder;
import dev.switchyard.core.ir.StreamEncoder;
import dev.switchyard.core.ir.StreamEvent;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.sse.SseEvents;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Optional;

/**
 * The cross-protocol relay: each upstream event is decoded by the provider's codec into IR events, which the
 * client's codec encodes into its own events, in the same network read. Nothing is buffered beyond one event, except
 * what the client's format needs before content starts (for example Anthropic's {@code message_start}), which waits
 * for the first content so that an attempt with no content can still fail over unseen.
 */
public final class TranslatingRelay implements ResponseRelay {

    private final ObjectMapper mapper;
    private final ProviderCodec provider;
    private final FrontDoorCodec client;
    private final ResponseMeta meta;
    private final StreamDecoder decoder;
    private final StreamEncoder encoder;
    private Buffer pending = Buffer.buffer();
    private Usage usage = Usage.NONE;
    private String finishReason = "";
    private GatewayError failure;
    private boolean sawData;

    public TranslatingRelay(ObjectMapper mapper, ProviderCodec provider, FrontDoorCodec client, ResponseMeta meta) {
        this.mapper = mapper;
        this.provider = provider;
        this.client = client;
        this.meta = meta;
        this.decoder = provider.streamDecoder();
        this.encoder = client.streamEncoder(meta);
    }

    @Override
    public void onEvent(Buffer event, Buffer out) {
        String data = SseEvents.data(event);
        if (data == null || failure != null) {
            return; // comments and keep-alives: the client's format has its own
        }
        Buffer target = sawData ? out : pending;
        decoder.decode(SseEvents.eventType(event), data, e -> {
            switch (e) {
                case StreamEvent.Failed f -> failure = f.error();
                case StreamEvent.UsageUpdate u -> usage = u.usage();
                case StreamEvent.Finished f -> finishReason = f.finish().nativeReason();
                default -> {
                }
            }
            if (!sawData && isContent(e)) {
                sawData = true;
            }
            if (failure == null) {
                encoder.encode(e, target);
            }
        });
        if (sawData && target == pending) {
            out.appendBuffer(pending);
            pending = Buffer.buffer();
        }
    }

    private static boolean isContent(StreamEvent e) {
        return !(e instanceof StreamEvent.Started) && !(e instanceof StreamEvent.UsageUpdate)
                && !(e instanceof StreamEvent.Failed);
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
    public void end(Buffer out) {
        if (!sawData) {
            out.appendBuffer(pending);
        }
        encoder.end(out);
    }

    @Override
    public Buffer render(Buffer upstreamBody) {
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
        ChatResponse response = provider.decodeResponse(body);
        usage = response.usage();
        finishReason = response.finish().nativeReason();
        return client.encodeResponse(response, meta);
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
