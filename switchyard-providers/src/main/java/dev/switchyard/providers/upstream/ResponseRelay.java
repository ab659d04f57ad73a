package dev.switchyard.providers.upstream;

import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * How one attempt's answer travels from the provider to the client: forwarded as it is (same protocol) or translated
 * through the IR. The {@link UpstreamCall} owns transport, deadlines, commit and back-pressure; the relay owns the
 * bytes and the accounting.
 */
public interface ResponseRelay {

    /** Takes one whole upstream SSE event and appends to {@code out} whatever the client should get for it. */
    void onEvent(Buffer event, Buffer out);

    /**
     * Whether content has begun: the first event that warrants committing the client's response. Output appended
     * before then reaches the client only after the commit.
     */
    boolean sawData();

    /** Whether the provider ended the stream properly. */
    boolean completed();

    /** An error the provider reported inside the stream, if any. */
    Optional<GatewayError> failure();

    /** Appends the closing bytes of a properly ended stream. */
    void end(Buffer out);

    /**
     * Turns a complete, successful upstream body into the client's body.
     *
     * @throws GatewayError when the provider's body cannot be read
     */
    Buffer render(Buffer upstreamBody);

    Usage usage();

    String finishReason();
}
