package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.upstream.ResponseRelay;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Optional;

/** Forwards an embeddings response unchanged and reads its {@code usage.prompt_tokens} for the ledger. */
final class EmbeddingsRelay implements ResponseRelay {

    private final ObjectMapper mapper;
    private Usage usage = Usage.NONE;

    EmbeddingsRelay(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Delta whole(Buffer upstreamBody) {
        try {
            JsonNode u = mapper.readTree(upstreamBody.getBytes()).path("usage");
            usage = new Usage(Math.max(0, u.path("prompt_tokens").asLong(0)), 0, 0, 0, 0);
        } catch (IOException e) {
            usage = Usage.NONE; // not ours to judge: the client gets what the provider sent
        }
        return new Delta.WholeBytes(upstreamBody, 0);
    }

    @Override
    public Usage usage() {
        return usage;
    }

    @Override
    public String finishReason() {
        return "";
    }

    @Override
    public void onEvent(Buffer event) {
        throw new UnsupportedOperationException("embeddings are not streamed");
    }

    @Override
    public Optional<Delta> takeDelta() {
        return Optional.empty();
    }

    @Override
    public boolean sawData() {
        return false;
    }

    @Override
    public boolean completed() {
        return true;
    }

    @Override
    public Optional<GatewayError> failure() {
        return Optional.empty();
    }

    @Override
    public boolean inIr() {
        return false;
    }

    @Override
    public long deliveredTokens() {
        return 0; // an embedding is whole or nothing
    }
}
