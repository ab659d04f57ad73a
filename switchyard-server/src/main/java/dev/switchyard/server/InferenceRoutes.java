package dev.switchyard.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.pipeline.Pipeline;
import dev.switchyard.core.Ticker;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.gemini.GeminiCodec;
import dev.switchyard.providers.openai.ChatRequestScanner;
import dev.switchyard.providers.responses.ResponsesCodec;
import dev.switchyard.server.frontdoor.AnthropicClientChannel;
import dev.switchyard.server.frontdoor.CountTokensEndpoint;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint.FrontDoorSettings;
import dev.switchyard.server.frontdoor.GeminiClientChannel;
import dev.switchyard.server.frontdoor.GeminiPaths;
import dev.switchyard.server.frontdoor.ResponsesClientChannel;
import dev.switchyard.server.frontdoor.TranslatedDecoder;
import dev.switchyard.server.openai.ChatCompletionsDecoder;
import dev.switchyard.server.openai.EmbeddingsDecoder;
import dev.switchyard.server.openai.OpenAiClientChannel;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * The inference front doors: OpenAI Chat Completions, Anthropic Messages (and its token count), OpenAI Responses,
 * Gemini, and embeddings, each under {@code /v1} and OpenRouter's {@code /api/v1}; all run the same pipeline.
 */
final class InferenceRoutes implements RouteModule {

    private final FrontDoorEndpoint chat;
    private final FrontDoorEndpoint messages;
    private final CountTokensEndpoint countTokens;
    private final FrontDoorEndpoint responses;
    private final FrontDoorEndpoint gemini;
    private final FrontDoorEndpoint embeddings;

    InferenceRoutes(GatewayConfig config, Pipeline pipeline) {
        ChatRequestScanner scanner = new ChatRequestScanner(config.maxJsonDepth(), (int) config.maxBodyBytes());
        FrontDoorSettings doors = new FrontDoorSettings(pipeline,
                new ObjectMapper(Json.limitedFactory(config.maxJsonDepth(), (int) config.maxBodyBytes())),
                config.maxBodyBytes(), Ticker.system(), config.wallClock(), config.deadlines(), config.generationIds());
        ObjectMapper plain = Json.mapper();
        AnthropicCodec anthropic = new AnthropicCodec(plain);
        this.chat = new FrontDoorEndpoint(ChatCompletionsDecoder.API, OpenAiClientChannel::new,
                new ChatCompletionsDecoder(scanner), doors);
        this.messages = new FrontDoorEndpoint("messages", (r, id, m) -> new AnthropicClientChannel(r),
                new TranslatedDecoder(anthropic, doors.json(), TranslatedDecoder.BodyShaper.NONE), doors);
        this.countTokens = new CountTokensEndpoint(anthropic, doors.json(), config.maxBodyBytes());
        this.responses = new FrontDoorEndpoint("responses", (r, id, m) -> new ResponsesClientChannel(r),
                new TranslatedDecoder(new ResponsesCodec(), doors.json(), TranslatedDecoder.BodyShaper.NONE), doors);
        this.gemini = new FrontDoorEndpoint("generate_content", (r, id, m) -> new GeminiClientChannel(r),
                new TranslatedDecoder(new GeminiCodec(plain), doors.json(), GeminiPaths::shape), doors);
        this.embeddings = new FrontDoorEndpoint(EmbeddingsDecoder.API, OpenAiClientChannel::new,
                new EmbeddingsDecoder(doors.json()), doors);
    }

    @Override
    public void mount(Router router) {
        for (String prefix : List.of("/v1", "/api/v1")) {
            router.post(prefix + "/chat/completions").handler(chat);
            router.post(prefix + "/messages").handler(messages);
            router.post(prefix + "/messages/count_tokens").handler(countTokens);
            router.post(prefix + "/responses").handler(responses);
            router.post(prefix + "/embeddings").handler(embeddings);
        }
        router.postWithRegex(GeminiPaths.ROUTE).handler(gemini);
    }
}
