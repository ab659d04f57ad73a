package dev.switchyard.providers.codec;

import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.ir.HiddenReasoning;
import dev.switchyard.core.pipeline.InboundRequest;
import dev.switchyard.core.routing.RoutingControls;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * A request a front door decoded fully into the IR (Anthropic Messages, OpenAI Responses, Gemini). Every provider
 * is reached through translation.
 */
public record DecodedRequest(ChatRequest ir, FrontDoorCodec frontDoor, Buffer body, RoutingControls routing)
        implements InboundRequest {

    public DecodedRequest {
        Objects.requireNonNull(ir, "ir");
        Objects.requireNonNull(frontDoor, "frontDoor");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(routing, "routing");
        frontDoor = HiddenReasoning.applyTo(frontDoor, ir); // reasoning text left out when the client excluded it
    }

    @Override
    public WireProtocol protocol() {
        return frontDoor.protocol();
    }

    @Override
    public String model() {
        return ir.model();
    }

    @Override
    public boolean stream() {
        return ir.stream();
    }

    @Override
    public String endUser() {
        return ir.user();
    }

    @Override
    public boolean clientWantsUsage() {
        return false;
    }
}
