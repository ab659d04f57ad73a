package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.pipeline.InboundRequest;
import dev.switchyard.core.routing.RoutingControls;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * An OpenAI embeddings request ({@code POST /v1/embeddings}). Embeddings have no IR: they are only served by
 * OpenAI-compatible providers, with the body forwarded as it came except for the provider's model name.
 */
public record EmbeddingsRequest(ObjectNode tree, Buffer body, RoutingControls routing) implements InboundRequest {

    public EmbeddingsRequest {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(routing, "routing");
    }

    /**
     * Validates and wraps a parsed body.
     *
     * @throws GatewayError a 400 naming the field at fault
     */
    public static EmbeddingsRequest of(ObjectNode tree, Buffer body, RoutingControls routing) {
        JsonNode model = tree.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayError.invalidRequest("missing required field 'model'", "model");
        }
        JsonNode input = tree.get("input");
        if (input == null || !(input.isTextual() || input.isArray()) || input.isArray() && input.isEmpty()) {
            throw GatewayError.invalidRequest("input must be a string or a non-empty array of strings or token "
                    + "arrays", "input");
        }
        return new EmbeddingsRequest(tree, body, routing);
    }

    /** The body for a provider, with its model name. */
    public Buffer upstreamBody(String upstreamModel) {
        ObjectNode copy = tree.deepCopy();
        copy.put("model", upstreamModel);
        copy.remove(java.util.List.of("models", "provider", "route", "session_id"));
        return Buffer.buffer(copy.toString());
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.OPENAI_CHAT;
    }

    @Override
    public String model() {
        return tree.path("model").asText();
    }

    @Override
    public boolean stream() {
        return false;
    }

    @Override
    public boolean clientWantsUsage() {
        return false;
    }

    @Override
    public ChatRequest ir() {
        throw GatewayError.builder(ErrorKind.INVALID_REQUEST, "embeddings are only served by OpenAI-compatible "
                + "providers").build();
    }

    @Override
    public FrontDoorCodec frontDoor() {
        throw new UnsupportedOperationException("embeddings have no translated form");
    }
}
