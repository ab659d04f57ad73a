package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.json.BufferParsers;
import dev.switchyard.providers.codec.RoutingFields;
import dev.switchyard.server.http.BodyReader;
import dev.switchyard.server.http.HttpEdge;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/messages/count_tokens}: Anthropic's token counter. Switchyard has no tokenizer for every model
 * behind it, so the answer is an estimate (about four characters a token over the whole request, images at a typical
 * cost) and says so in {@code x-switchyard-token-count: estimated}. Agents use the count to decide when to compact a
 * conversation, for which an estimate that errs high is what they need.
 */
public final class CountTokensEndpoint implements Handler<RoutingContext> {

    private final FrontDoorCodec codec;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public CountTokensEndpoint(FrontDoorCodec codec, ObjectMapper json, long maxBodyBytes) {
        this.codec = codec;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        BodyReader.read(ctx.request(), maxBodyBytes, HttpEdge.bodyReservation(ctx)).onComplete(ar -> {
            try {
                if (ar.failed()) {
                    throw ar.cause() instanceof GatewayError g ? g
                            : GatewayError.builder(ErrorKind.INVALID_REQUEST, "could not read the request body").build();
                }
                ObjectNode body = BufferParsers.object(json, ar.result());
                if (!body.has("max_tokens")) {
                    body.put("max_tokens", 1); // count_tokens takes no max_tokens
                }
                ChatRequest request = codec.decodeRequest(body);
                long estimate = Math.max(1, RoutingFields.promptEstimate(request));
                ctx.response().putHeader("content-type", "application/json")
                        .putHeader("x-switchyard-token-count", "estimated")
                        .end("{\"input_tokens\":" + estimate + "}");
            } catch (GatewayError e) {
                ctx.response().setStatusCode(e.status()).putHeader("content-type", "application/json")
                        .end(AnthropicClientChannel.body(e));
            }
        });
    }
}
