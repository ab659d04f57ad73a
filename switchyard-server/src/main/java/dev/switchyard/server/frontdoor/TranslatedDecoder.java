package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.json.BufferParsers;
import dev.switchyard.core.pipeline.InboundRequest;
import dev.switchyard.providers.codec.DecodedRequest;
import dev.switchyard.providers.codec.RoutingFields;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the requests of a door decoded fully into the IR ({@code /v1/messages}, {@code /v1/responses}, Gemini's
 * {@code generateContent}): the body parsed within the limits, shaped by the door when its URL carries part of the
 * request, decoded by the protocol's codec, with the routing controls read from it.
 */
public final class TranslatedDecoder implements FrontDoorEndpoint.Decoder {

    /** Adjusts a parsed body before decoding (Gemini takes the model and the streaming flag from the URL). */
    @FunctionalInterface
    public interface BodyShaper {
        void shape(RoutingContext ctx, ObjectNode body);

        BodyShaper NONE = (ctx, body) -> {
        };
    }

    private final FrontDoorCodec codec;
    private final ObjectMapper json;
    private final BodyShaper shaper;

    /**
     * @param codec the door's protocol
     * @param json a mapper whose factory carries the request parsing limits
     * @param shaper adjusts the parsed body before decoding
     */
    public TranslatedDecoder(FrontDoorCodec codec, ObjectMapper json, BodyShaper shaper) {
        this.codec = codec;
        this.json = json;
        this.shaper = shaper;
    }

    @Override
    public InboundRequest decode(RoutingContext ctx, Buffer body) {
        ObjectNode tree = BufferParsers.object(json, body);
        shaper.shape(ctx, tree);
        ChatRequest ir = codec.decodeRequest(tree);
        return new DecodedRequest(ir, codec, body,
                RoutingFields.read(tree, ir, FrontDoorEndpoint.sessionHeader(ctx.request())));
    }
}
