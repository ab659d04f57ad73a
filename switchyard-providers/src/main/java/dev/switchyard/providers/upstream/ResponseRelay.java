package dev.switchyard.providers.upstream;

import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * How one attempt's answer is read: forwarded as it is (same protocol) or decoded into the IR. The
 * {@link UpstreamCall} owns transport, deadlines, commit and back-pressure; the relay owns the bytes and the
 * accounting, and gathers what the client should get into {@link Delta}s. It never encodes for the client: that is
 * the edge's job.
 */
public interface ResponseRelay {

    /** Takes one whole upstream SSE event; what the client should get of it joins the next delta. */
    void onEvent(Buffer event);

    /** The delta gathered since the last call; empty when nothing was. */
    Optional<Delta> takeDelta();

    /**
     * Whether content has begun: the first event that warrants committing the answer. What was gathered before then
     * goes out in the first delta after the commit.
     */
    boolean sawData();

    /** Whether the provider ended the stream properly. */
    boolean completed();

    /** An error the provider reported inside the stream, if any. */
    Optional<GatewayError> failure();

    /** Whether the deltas are IR events (else the client's own bytes). */
    boolean inIr();

    /**
     * Turns a complete, successful upstream body into the answer's whole delta.
     *
     * @throws GatewayError when the provider's body cannot be read
     */
    Delta whole(Buffer upstreamBody);

    /** The provider's usage as reported so far ({@link Usage#NONE} when none came). */
    Usage usage();

    /**
     * The estimated output tokens of the content gathered so far ({@link dev.switchyard.core.usage.TokenEstimate}):
     * what an answer that ends before the provider counted it is billed for.
     */
    long deliveredTokens();

    String finishReason();
}
