package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.server.http.HttpClientChannel;
import dev.switchyard.server.openai.OpenAiErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The way back to an OpenAI Responses client: OpenAI's error body before commit, and the stream's typed
 * {@code error} event after it.
 */
public final class ResponsesClientChannel extends HttpClientChannel {

    public ResponsesClientChannel(HttpServerResponse response) {
        super(response);
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.OPENAI_RESPONSES;
    }

    @Override
    protected String errorBody(GatewayError error) {
        return OpenAiErrors.body(error);
    }

    @Override
    protected Buffer inBandError(GatewayError error) {
        ObjectNode e = Json.mapper().createObjectNode().put("type", "error")
                .put("code", error.code().orElse(error.kind().typeName())).put("message", error.getMessage());
        if (error.param().isPresent()) {
            e.put("param", error.param().get());
        } else {
            e.putNull("param");
        }
        e.put("sequence_number", Integer.MAX_VALUE);
        return Buffer.buffer("event: error\ndata: " + e + "\n\n");
    }
}
