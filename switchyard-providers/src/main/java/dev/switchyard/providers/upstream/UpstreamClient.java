package dev.switchyard.providers.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.util.Objects;

/**
 * What every provider call shares: the pooled HTTP client, the timer source, the parser with upstream limits, and
 * the size limits on what a provider may send back.
 */
public final class UpstreamClient {

    final Vertx vertx;
    final HttpClient http;
    final ObjectMapper json;
    final int maxResponseBytes;
    final int maxEventBytes;
    final String userAgent;

    /**
     * @param vertx for timers
     * @param http the pooled upstream client
     * @param upstreamJson a factory with parsing limits for provider responses
     * @param maxResponseBytes largest non-streamed response accepted from a provider
     * @param maxEventBytes largest single SSE event accepted from a provider
     * @param userAgent sent upstream
     */
    public UpstreamClient(Vertx vertx, HttpClient http, JsonFactory upstreamJson, int maxResponseBytes,
                          int maxEventBytes, String userAgent) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.http = Objects.requireNonNull(http, "http");
        this.json = new ObjectMapper(Objects.requireNonNull(upstreamJson, "upstreamJson"));
        this.maxResponseBytes = maxResponseBytes;
        this.maxEventBytes = maxEventBytes;
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    /** The mapper with the upstream parsing limits. */
    public ObjectMapper json() {
        return json;
    }
}
