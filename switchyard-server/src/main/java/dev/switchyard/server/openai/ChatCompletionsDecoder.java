package dev.switchyard.server.openai;

import dev.switchyard.core.pipeline.InboundRequest;
import dev.switchyard.providers.openai.ChatRequestScanner;
import dev.switchyard.providers.openai.ScannedChatRequest;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads {@code POST /v1/chat/completions}: one streaming scan of the body (no tree) for the fast path, with the
 * {@code x-session-id} header as the stickiness key when the body names none.
 */
public final class ChatCompletionsDecoder implements FrontDoorEndpoint.Decoder {

    /** The ledger's name for this front door. */
    public static final String API = "chat.completions";

    private final ChatRequestScanner scanner;

    public ChatCompletionsDecoder(ChatRequestScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    public InboundRequest decode(RoutingContext ctx, Buffer body) {
        ScannedChatRequest scanned = scanner.scan(body);
        String session = FrontDoorEndpoint.sessionHeader(ctx.request());
        return scanned.routing().sessionKey().isEmpty() && !session.isEmpty() ? scanned.withSessionKey(session)
                : scanned;
    }
}
