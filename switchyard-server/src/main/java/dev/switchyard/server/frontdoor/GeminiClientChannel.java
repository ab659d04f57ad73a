package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.server.http.HttpClientChannel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The way back to a Gemini client: Google's {@code {"error":{"code","message","status"}}} envelope, before commit
 * as the response and after it as a last SSE event.
 */
public final class GeminiClientChannel extends HttpClientChannel {

    public GeminiClientChannel(HttpServerResponse response) {
        super(response);
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.GEMINI;
    }

    /** Google's error envelope. */
    public static String body(GatewayError error) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.putObject("error").put("code", error.status()).put("message", error.getMessage())
                .put("status", status(error.status()));
        return root.toString();
    }

    static String status(int http) {
        return switch (http) {
            case 400, 413, 415, 422 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 402, 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 502, 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    @Override
    protected String errorBody(GatewayError error) {
        return body(error);
    }

    @Override
    protected Buffer inBandError(GatewayError error) {
        return Buffer.buffer("data: " + body(error) + "\n\n");
    }
}
