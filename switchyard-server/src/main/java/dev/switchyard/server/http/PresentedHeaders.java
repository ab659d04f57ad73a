package dev.switchyard.server.http;

import dev.switchyard.core.pipeline.Presented;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads what a client presents beside its request: its API key from whichever place its SDK puts it
 * ({@code Authorization: Bearer} for OpenAI SDKs, {@code x-api-key} for Anthropic's, {@code x-goog-api-key} or
 * {@code ?key=} for Google's), and the app it names for attribution ({@code X-Title} or {@code X-OpenRouter-Title},
 * and {@code HTTP-Referer}), each trimmed and bounded.
 */
public final class PresentedHeaders {

    private static final int MAX_KEY = 512;
    private static final int MAX_APP = 256;

    private PresentedHeaders() {
    }

    public static Presented read(HttpServerRequest request) {
        return new Presented(key(request), bounded(first(request, "x-title", "x-openrouter-title"), MAX_APP),
                bounded(first(request, "http-referer", "referer"), MAX_APP));
    }

    private static String key(HttpServerRequest request) {
        String auth = request.getHeader("authorization");
        if (auth != null) {
            String a = auth.trim();
            if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return bounded(a.substring(7).trim(), MAX_KEY);
            }
        }
        String k = first(request, "x-api-key", "x-goog-api-key");
        if (!k.isEmpty()) {
            return bounded(k, MAX_KEY);
        }
        String q = request.getParam("key");
        return q == null ? "" : bounded(q.trim(), MAX_KEY);
    }

    private static String first(HttpServerRequest request, String a, String b) {
        String v = request.getHeader(a);
        if (v == null || v.isBlank()) {
            v = request.getHeader(b);
        }
        return v == null ? "" : v.trim();
    }

    private static String bounded(String v, int max) {
        return v.length() > max ? v.substring(0, max) : v;
    }
}
