package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.FailureClasses;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.SecretRedactor;
import dev.switchyard.core.usage.TokenEstimate;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.sse.SseEvents;
import dev.switchyard.providers.upstream.ResponseRelay;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * The same-protocol relay: every upstream event goes to the client byte for byte (except a usage chunk the client
 * did not ask for), and only what accounting needs is parsed ({@link StreamAccountant}). An in-band error chunk is
 * the provider's own and reaches the client in its shape, but with its strings redacted after decoding
 * ({@link SecretRedactor}): a provider echoing the key there must not hand it to the client. An event that is not
 * JSON stops the relay: what came before it goes out, and the stream ends with the gateway's in-band error (as every
 * other door's does). Each delta carries the estimated tokens of its content ({@link TokenEstimate}), which bill a
 * stream that ends early.
 *
 * <p>Public only so that the benchmarks can drive it ({@code HotPathBenchmark}); the adapter is its one user.
 */
public final class PassThroughRelay implements ResponseRelay {

    private final ObjectMapper mapper;
    private final StreamAccountant accountant;
    private final SecretRedactor redactor;
    private ResponseAccounting accounting = new ResponseAccounting(Usage.NONE, "", true);
    /** What the next delta carries: the first event's own bytes, copied into a buffer of its own only when more come. */
    private Buffer pending;
    private boolean pendingOwned;
    private long pendingTokens;

    /**
     * @param mapper a shared mapper whose factory carries the upstream parsing limits
     * @param clientWantsUsage whether the client asked for the usage chunk
     * @param redactor what to redact from an in-band error (the provider's keys)
     */
    public PassThroughRelay(ObjectMapper mapper, boolean clientWantsUsage, SecretRedactor redactor) {
        this.mapper = mapper;
        this.redactor = redactor;
        this.accountant = new StreamAccountant(mapper, clientWantsUsage);
    }

    @Override
    public void onEvent(Buffer upstreamEvent) {
        StreamAccountant.Verdict verdict = accountant.onEvent(upstreamEvent);
        Buffer event = accountant.inBandError().isPresent() ? redacted(upstreamEvent) : upstreamEvent;
        if (!accountant.sawData()) {
            return; // keep-alive before content: swallowed so that the attempt can still fail over
        }
        if (verdict == StreamAccountant.Verdict.FORWARD) {
            Buffer bytes = accountant.repaired().orElse(event);
            if (pending == null) {
                pending = bytes; // most reads carry one event: it goes up as it came, not copied
            } else {
                if (!pendingOwned) {
                    pending = Buffer.buffer(pending.length() + bytes.length() * 2).appendBuffer(pending);
                    pendingOwned = true;
                }
                pending.appendBuffer(bytes);
            }
            pendingTokens += accountant.contentTokens();
        }
    }

    /** The event with its data's strings redacted, or the event itself when there was nothing to redact. */
    private Buffer redacted(Buffer event) {
        String data = SseEvents.data(event);
        if (data == null) {
            return event;
        }
        String clean = redactor.redactJson(data).orElseGet(() -> redactor.redact(data));
        if (clean.equals(data)) {
            return event;
        }
        String type = SseEvents.eventType(event);
        return Buffer.buffer((type.isEmpty() ? "" : "event: " + type + "\n") + "data: "
                + clean.replace("\n", "\ndata: ") + "\n\n");
    }

    @Override
    public Optional<Delta> takeDelta() {
        if (pending == null) {
            return Optional.empty();
        }
        Delta delta = new Delta.StreamBytes(pending, pendingTokens);
        pending = null;
        pendingOwned = false;
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
                "provider sent a malformed stream event").code(FailureClasses.STREAM_MALFORMED).build()) : Optional.empty();
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
