package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.GatewayError;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Gemini names the model and the method in the URL: {@code /v1beta/models/{model}:generateContent} or
 * {@code :streamGenerateContent} ({@code ?alt=sse} for SSE; Switchyard always streams SSE). Model ids with a slash
 * ({@code google/gemini-3.8-flash}) work as they are or URL-encoded.
 */
public final class GeminiPaths {

    /** The route, for both methods, under {@code /v1beta} and {@code /v1}. */
    public static final String ROUTE = "/v1(beta)?/models/.+:(generateContent|streamGenerateContent)";

    private GeminiPaths() {
    }

    /** Puts the URL's model and method into the body as {@code model} and {@code stream}. */
    public static void shape(RoutingContext ctx, ObjectNode body) {
        String path = URLDecoder.decode(ctx.request().path(), StandardCharsets.UTF_8);
        int start = path.indexOf("/models/") + "/models/".length();
        int colon = path.lastIndexOf(':');
        if (start < "/models/".length() || colon <= start) {
            throw GatewayError.invalidRequest("the URL must be /v1beta/models/{model}:generateContent", "model");
        }
        body.put("model", path.substring(start, colon));
        body.put("stream", path.endsWith(":streamGenerateContent"));
    }
}
