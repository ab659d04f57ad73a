package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.server.http.HttpClientChannel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The way back to an Anthropic Messages client: errors as {@code {"type":"error","error":{"type","message"}}}, and
 * after commit as an {@code event: error} SSE event, as Anthropic itself reports an overload mid-stream.
 */
public final class AnthropicClientChannel extends HttpClientChannel {

    public AnthropicClientChannel(HttpServerResponse response) {
        super(response);
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.ANTHROPIC_MESSAGES;
    }

    /** Anthropic's error envelope. */
    public static String body(GatewayError error) {
        ObjectNode root = Json.mapper().createObjectNode().put("type", "error");
        root.putObject("error").put("type", error.kind().anthropicType()).put("message", error.getMessage());
        return root.toString();
    }

    @Override
    protected String errorBody(GatewayError error) {
        return body(error);
    }

    @Override
    protected Buffer inBandError(GatewayError error) {
        return Buffer.buffer("event: error\ndata: " + body(error) + "\n\n");
    }
}
