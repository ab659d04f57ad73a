package dev.switchyard.server.frontdoor;

import dev.switchyard.core.error.GatewayError;
import dev.switchyard.server.openai.OpenAiErrors;
import java.util.regex.Pattern;

/**
 * The error envelope of the door a path names, for refusals made before any door runs (at the HTTP edge): Anthropic's
 * for {@code /v1/messages…}, Google's for Gemini's {@code :generateContent} paths, OpenAI's (with OpenRouter's
 * metadata) for everything else.
 */
public final class DoorErrorFormats {

    private static final Pattern GEMINI = Pattern.compile(GeminiPaths.ROUTE);

    private DoorErrorFormats() {
    }

    /** The error body for a request to this path. */
    public static String body(String path, GatewayError error) {
        if (path != null) {
            if (path.startsWith("/v1/messages") || path.startsWith("/api/v1/messages")) {
                return AnthropicClientChannel.body(error);
            }
            if (GEMINI.matcher(path).matches()) {
                return GeminiClientChannel.body(error);
            }
        }
        return OpenAiErrors.body(error);
    }
}
