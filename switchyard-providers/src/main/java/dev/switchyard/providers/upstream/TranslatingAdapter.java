package dev.switchyard.providers.upstream;

import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.ProviderAdapter;
import io.vertx.core.Future;
import java.util.Objects;

/** The adapter for a provider protocol reached only through the IR (Anthropic Messages, Gemini). */
public final class TranslatingAdapter implements ProviderAdapter {

    private final UpstreamClient client;
    private final ProviderCodec codec;

    public TranslatingAdapter(UpstreamClient client, ProviderCodec codec) {
        this.client = Objects.requireNonNull(client, "client");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public Future<Answer> execute(Exchange exchange, Attempt attempt) {
        return Translation.call(client, codec, exchange, attempt);
    }
}
