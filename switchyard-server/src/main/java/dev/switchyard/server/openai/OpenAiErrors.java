package dev.switchyard.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import java.util.Map;

/**
 * Renders a {@link GatewayError} in OpenAI's error envelope, with OpenRouter's {@code metadata} beside it:
 * {@code {"error":{"message","type","param","code","metadata":{"error_type",…}}}}. SDKs read {@code message},
 * {@code type}, {@code param} and {@code code}; OpenRouter clients also read {@code metadata}.
 */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /** The {@code error} object alone. */
    public static ObjectNode errorObject(GatewayError e) {
        ObjectNode error = Json.mapper().createObjectNode();
        error.put("message", e.getMessage());
        error.put("type", openAiType(e));
        if (e.param().isPresent()) {
            error.put("param", e.param().get());
        } else {
            error.putNull("param");
        }
        if (e.code().isPresent()) {
            error.put("code", e.code().get());
        } else {
            error.putNull("code");
        }
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            error.set(d.getKey(), Json.mapper().valueToTree(d.getValue()));
        }
        ObjectNode metadata = error.putObject("metadata");
        metadata.put("error_type", e.kind().typeName());
        for (Map.Entry<String, Object> m : e.metadata().entrySet()) {
            metadata.set(m.getKey(), Json.mapper().valueToTree(m.getValue()));
        }
        return error;
    }

    /** The full error body. */
    public static String body(GatewayError e) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("error", errorObject(e));
        return root.toString();
    }

    static String openAiType(GatewayError e) {
        return switch (e.kind()) {
            case INVALID_REQUEST, PAYLOAD_TOO_LARGE, UNPROCESSABLE -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION_DENIED -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case RATE_LIMITED -> "rate_limit_error";
            case INSUFFICIENT_CREDIT -> "insufficient_quota";
            case TIMEOUT -> "timeout_error";
            case UPSTREAM, UNAVAILABLE -> "upstream_error";
            case SERVER -> "server_error";
        };
    }
}
