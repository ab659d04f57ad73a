package dev.switchyard.core.pipeline;

import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.routing.RoutingControls;
import io.vertx.core.buffer.Buffer;

/**
 * A client's request as its front door decoded it: the few fields every stage needs, plus the original bytes so that
 * a provider speaking the same wire format can forward them with minimal edits.
 */
public interface InboundRequest {

    /** The wire format the client spoke. */
    WireProtocol protocol();

    /** The model string as the client sent it. */
    String model();

    /** Whether the client asked for a streamed response. */
    boolean stream();

    /** Whether the client asked to receive the usage chunk of a stream. */
    boolean clientWantsUsage();

    /** The original request body. */
    Buffer body();

    /**
     * The request in the IR, for a provider that speaks another protocol.
     *
     * @throws dev.switchyard.core.error.GatewayError a 400 when the body cannot be expressed in the IR
     */
    ChatRequest ir();

    /** The client's wire format, which renders translated answers. */
    FrontDoorCodec frontDoor();

    /** The end user the request names (OpenAI's {@code user}, Anthropic's {@code metadata.user_id}); empty if none. */
    default String endUser() {
        return "";
    }

    /** What the request says about its own routing ({@code models[]}, {@code provider}, session, parameters). */
    default RoutingControls routing() {
        return RoutingControls.NONE;
    }
}
