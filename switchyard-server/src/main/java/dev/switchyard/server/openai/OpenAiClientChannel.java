package dev.switchyard.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.server.http.HttpClientChannel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The way back to an OpenAI Chat Completions client. Errors before commit are OpenAI error bodies with the right
 * status; errors after commit are one last chunk in OpenRouter's in-band shape ({@code error} beside a choice with
 * {@code finish_reason: "error"}), after which the stream ends without {@code [DONE]} so that no client can mistake
 * it for a complete answer.
 */
public final class OpenAiClientChannel extends HttpClientChannel {

    private final String generationId;
    private final String model;

    /**
     * @param response the HTTP response
     * @param generationId used as the id of an in-band error chunk
     * @param model the model named in an in-band error chunk
     */
    public OpenAiClientChannel(HttpServerResponse response, String generationId, String model) {
        super(response);
        this.generationId = generationId;
        this.model = model;
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.OPENAI_CHAT;
    }

    @Override
    protected String errorBody(GatewayError error) {
        return OpenAiErrors.body(error);
    }

    @Override
    protected Buffer inBandError(GatewayError error) {
        ObjectNode chunk = Json.mapper().createObjectNode();
        chunk.put("id", generationId).put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        ObjectNode err = OpenAiErrors.errorObject(error);
        err.put("code", error.status()); // OpenRouter's in-band errors carry the numeric status as code
        chunk.set("error", err);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta").put("content", "");
        choice.put("finish_reason", "error");
        return Buffer.buffer("data: " + chunk + "\n\n");
    }
}
