package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.SecretRedactor;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.sse.SseEvents;
import dev.switchyard.providers.upstream.ResponseRelay;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * The same-protocol relay: every upstream event goes to the client byte for byte (except a usage chunk the client
 * did not ask for), and only what accounting needs is parsed ({@link StreamAccountant}). An in-band error chunk is
 * the provider's own and reaches the client in its shape, but with its strings redacted after decoding
 * ({@link SecretRedactor}): a provider echoing the key there must not hand it to the client.
 */
final class PassThroughRelay implements ResponseRelay {

    private final ObjectMapper mapper;
    private final StreamAccountant accountant;
    private final SecretRedactor redactor;
    private ResponseAccounting accounting = new ResponseAccounting(Usage.NONE, "");
    private Buffer pending;
    private long pendingEvents;

    PassThroughRelay(ObjectMapper mapper, boolean clientWantsUsage, SecretRedactor redactor) {
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
            if (pending == null) {
                pending = Buffer.buffer(event.length());
            }
            pending.appendBuffer(event);
            if (accountant.carriedOutput()) {
                pendingEvents++;
            }
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
        Delta delta = new Delta.StreamBytes(pending, pendingEvents);
        pending = null;
        pendingEvents = 0;
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
        return Optional.empty();
    }

    @Override
    public boolean inIr() {
        return false;
    }

    @Override
    public Delta whole(Buffer upstreamBody) {
        accounting = ResponseAccounting.scan(mapper, upstreamBody);
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
