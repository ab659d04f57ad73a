package dev.switchyard.providers.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.ProviderAdapter;
import dev.switchyard.core.pipeline.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.util.Objects;

/**
 * The adapter for every provider that speaks OpenAI Chat Completions: DeepSeek, Qwen, Kimi, GLM, MiniMax, StepFun,
 * SiliconFlow, OpenAI, and local vLLM, Ollama and llama.cpp servers.
 *
 * <p>When the client also spoke OpenAI Chat Completions, the request goes through the same-protocol fast path
 * ({@link FastPathRewriter}) and the response is forwarded as it arrives, with only the accounting parsed. Each
 * attempt is one {@link UpstreamCall}.
 */
public final class OpenAiCompatibleAdapter implements ProviderAdapter {

    final Vertx vertx;
    final HttpClient http;
    final ObjectMapper upstreamJson;
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
    public OpenAiCompatibleAdapter(Vertx vertx, HttpClient http, JsonFactory upstreamJson, int maxResponseBytes,
                                   int maxEventBytes, String userAgent) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.http = Objects.requireNonNull(http, "http");
        this.upstreamJson = new ObjectMapper(Objects.requireNonNull(upstreamJson, "upstreamJson"));
        this.maxResponseBytes = maxResponseBytes;
        this.maxEventBytes = maxEventBytes;
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    @Override
    public Future<Void> execute(Exchange exchange, Attempt attempt) {
        if (!(exchange.request() instanceof ScannedChatRequest request)) {
            WireProtocol from = exchange.request().protocol();
            return Future.failedFuture(new UpstreamFailure(GatewayError.builder(ErrorKind.UPSTREAM,
                    "translation from " + from.configName() + " to openai-chat is not available yet").build(),
                    "unsupported_translation", true, 0));
        }
        return new UpstreamCall(this, exchange, attempt, request).start();
    }
}
