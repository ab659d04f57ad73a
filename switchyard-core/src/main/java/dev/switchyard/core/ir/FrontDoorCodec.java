package dev.switchyard.core.ir;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import io.vertx.core.buffer.Buffer;
import java.util.Set;

/** The client side of one wire format: its requests into the IR, IR answers into its responses and streams. */
public interface FrontDoorCodec {

    WireProtocol protocol();

    /** What this format can carry between client and gateway. */
    Set<Capability> capabilities();

    /**
     * Reads a request body.
     *
     * @throws dev.switchyard.core.error.GatewayError a 400 naming the offending field
     */
    ChatRequest decodeRequest(JsonNode body);

    /** Renders a complete answer. */
    Buffer encodeResponse(ChatResponse response, ResponseMeta meta);

    /** A fresh encoder for one streamed answer. */
    StreamEncoder streamEncoder(ResponseMeta meta);
}
