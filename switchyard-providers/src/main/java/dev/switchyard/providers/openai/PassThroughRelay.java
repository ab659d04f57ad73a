package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.usage.TokenEstimate;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.upstream.ResponseRelay;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * The same-protocol relay: every upstream event goes to the client byte for byte (except a usage chunk the client
 * did not ask for), and only what accounting needs is parsed ({@link StreamAccountant}). An in-band error chunk is
 * the provider's own and reaches the client as it was sent. An event that is not JSON stops the relay: what came
 * before it goes out, and the stream ends with the gateway's in-band error (as every other door's does). Each delta
 * carries the estimated tokens of its content ({@link TokenEstimate}), which bill a stream that ends early.
 */
final class PassThroughRelay implements ResponseRelay {

    private final ObjectMapper mapper;
    private final StreamAccountant accountant;
    private ResponseAccounting accounting = new ResponseAccounting(Usage.NONE, "", true);
    private Buffer pending;
    private long pendingTokens;

    PassThroughRelay(ObjectMapper mapper, boolean clientWantsUsage) {
        this.mapper = mapper;
        this.accountant = new StreamAccountant(mapper, clientWantsUsage);
    }

    @Override
    public void onEvent(Buffer event) {
        StreamAccountant.Verdict verdict = accountant.onEvent(event);
        if (!accountant.sawData()) {
            return; // keep-alive before content: swallowed so that the attempt can still fail over
        }
        if (verdict == StreamAccountant.Verdict.FORWARD) {
            Buffer bytes = accountant.repaired().orElse(event);
            if (pending == null) {
                pending = Buffer.buffer(bytes.length());
            }
            pending.appendBuffer(bytes);
            pendingTokens += accountant.contentTokens();
        }
    }

    @Override
    public Optional<Delta> takeDelta() {
        if (pending == null) {
            return Optional.empty();
        }
        Delta delta = new Delta.StreamBytes(pending, pendingTokens);
        pending = null;
        pendingTokens = 0;
        return Optional.of(delta);
    }

    @Override
    public boolean sawData() {
        return accountant.sawData();
    }

    @Override
    public boolean completed() {
        return accountant.completed();
    }

    @Override
    public Optional<GatewayError> failure() {
        return accountant.malformed() ? Optional.of(GatewayError.builder(ErrorKind.UPSTREAM,
                "provider sent a malformed stream event").build()) : Optional.empty();
    }

    @Override
    public long deliveredTokens() {
        return accountant.deliveredTokens();
    }

    @Override
    public boolean inIr() {
        return false;
    }

    @Override
    public Delta whole(Buffer upstreamBody) {
        accounting = ResponseAccounting.scan(mapper, upstreamBody);
        if (!accounting.wellFormed()) {
            throw GatewayError.builder(ErrorKind.UPSTREAM, "provider sent a response that is not valid JSON").build();
        }
        return new Delta.WholeBytes(upstreamBody, accounting.usage().completionTokens());
    }

    @Override
    public Usage usage() {
        return accountant.sawData() ? accountant.usage() : accounting.usage();
    }

    @Override
    public String finishReason() {
        return accountant.sawData() ? accountant.finishReason() : accounting.finishReason();
    }
}
