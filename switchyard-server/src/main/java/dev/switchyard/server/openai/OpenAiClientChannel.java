package dev.switchyard.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.pipeline.ClientChannel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The way back to an OpenAI Chat Completions client. Errors before commit are OpenAI error bodies with the right
 * status; errors after commit are one last chunk in OpenRouter's in-band shape ({@code error} beside a choice with
 * {@code finish_reason: "error"}), after which the stream ends without {@code [DONE]} so that no client can mistake
 * it for a complete answer.
 */
public final class OpenAiClientChannel implements ClientChannel {

    private final HttpServerResponse response;
    private final String generationId;
    private final String model;
    private final List<Runnable> closeActions = new ArrayList<>(2);
    private boolean committed;
    private boolean closed;
    private boolean ended;

    /**
     * @param response the HTTP response
     * @param generationId used as the id of an in-band error chunk
     * @param model the model named in an in-band error chunk
     */
    public OpenAiClientChannel(HttpServerResponse response, String generationId, String model) {
        this.response = response;
        this.generationId = generationId;
        this.model = model;
        response.closeHandler(v -> {
            if (ended) {
                return;
            }
            closed = true;
            for (Runnable r : List.copyOf(closeActions)) {
                r.run();
            }
        });
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.OPENAI_CHAT;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public boolean closed() {
        return closed;
    }

    @Override
    public void onClose(Runnable action) {
        closeActions.add(action);
    }

    @Override
    public void header(String name, String value) {
        if (!committed) {
            response.putHeader(name, value);
        }
    }

    @Override
    public void beginStream() {
        committed = true;
        response.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
    }

    @Override
    public void write(Buffer chunk) {
        if (!closed) {
            response.write(chunk);
        }
    }

    @Override
    public boolean writeQueueFull() {
        return !closed && response.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable action) {
        response.drainHandler(v -> action.run());
    }

    @Override
    public void endStream() {
        if (!closed && !ended) {
            ended = true;
            response.end();
        }
    }

    @Override
    public void respond(int status, String contentType, Buffer body) {
        if (closed || ended) {
            return;
        }
        committed = true;
        ended = true;
        response.setStatusCode(status).putHeader("content-type", contentType).end(body);
    }

    @Override
    public void fail(GatewayError error) {
        if (closed || ended) {
            return;
        }
        if (!committed) {
            error.retryAfterSeconds().ifPresent(s -> response.putHeader("retry-after", Long.toString(s)));
            respond(error.status(), "application/json", Buffer.buffer(OpenAiErrors.body(error)));
            return;
        }
        ObjectNode chunk = Json.mapper().createObjectNode();
        chunk.put("id", generationId).put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        ObjectNode err = OpenAiErrors.errorObject(error);
        err.put("code", error.status()); // OpenRouter's in-band errors carry the numeric status as code
        chunk.set("error", err);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta").put("content", "");
        choice.put("finish_reason", "error");
        ended = true;
        response.end(Buffer.buffer("data: " + chunk + "\n\n"));
    }
}
