package dev.switchyard.providers.openai;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.error.SecretRedactor;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.ProviderAdapter;
import dev.switchyard.providers.upstream.Translation;
import dev.switchyard.providers.upstream.UpstreamCall;
import dev.switchyard.providers.upstream.UpstreamCallSpec;
import dev.switchyard.providers.upstream.UpstreamClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * The adapter for every provider that speaks OpenAI Chat Completions: DeepSeek, Qwen, Kimi, GLM, MiniMax, StepFun,
 * SiliconFlow, OpenAI, and local vLLM, Ollama and llama.cpp servers.
 *
 * <p>When the client also spoke OpenAI Chat Completions, the request goes through the same-protocol fast path
 * ({@link FastPathRewriter}) and the response is forwarded as it arrives, with only the accounting parsed
 * ({@link PassThroughRelay}). A client of another protocol goes through the IR ({@link Translation}) with the
 * vendor's {@link ChatDialect}, and so does a Chat Completions request whose reasoning controls the vendor reads
 * differently ({@link ScannedChatRequest#reasoningNeedsMapping}): the unified control is mapped, never passed raw.
 */
public final class OpenAiCompatibleAdapter implements ProviderAdapter {

    private final UpstreamClient client;
    private final OpenAiChatCodec codec;

    public OpenAiCompatibleAdapter(UpstreamClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.codec = new OpenAiChatCodec(client.json());
    }

    @Override
    public Future<Answer> execute(Exchange exchange, Attempt attempt) {
        if (exchange.request() instanceof EmbeddingsRequest embeddings) {
            UpstreamCallSpec spec = new UpstreamCallSpec(attempt.provider().baseUrl() + "/embeddings",
                    embeddings.upstreamBody(attempt.endpoint().upstreamModel()), exchange.upstreamHeaders(), false,
                    List.of());
            return new UpstreamCall(client, exchange, attempt, spec, new EmbeddingsRelay(client.json())).start();
        }
        if (!(exchange.request() instanceof ScannedChatRequest request)
                || request.reasoningNeedsMapping(ChatDialects.of(attempt.provider()))) {
            return Translation.call(client, codec, exchange, attempt);
        }
        UpstreamCallSpec spec = new UpstreamCallSpec(attempt.provider().baseUrl() + "/chat/completions",
                FastPathRewriter.rewrite(request, attempt.endpoint().upstreamModel()), exchange.upstreamHeaders(),
                request.stream(),
                List.of());
        return new UpstreamCall(client, exchange, attempt, spec,
                new PassThroughRelay(client.json(), request.clientWantsUsage(), SecretRedactor.of(
                        attempt.provider().credentials().stream().map(c -> c.key()).toList()))).start();
    }
}
