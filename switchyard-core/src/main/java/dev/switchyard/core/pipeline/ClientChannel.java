package dev.switchyard.core.pipeline;

import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import io.vertx.core.buffer.Buffer;

/**
 * The way back to the client, owned by the front door that accepted the request. Only the edge writes through it
 * ({@link ClientEdge} for answers, {@link Pipeline} for errors before any answer), and errors are rendered in the
 * client's own wire format.
 *
 * <p>Once {@link #committed()} is true the status line has gone out: failures can then only be reported in-band, and
 * the router must not try another endpoint. All methods are called on the request's event loop.
 */
public interface ClientChannel {

    /** The wire format the client speaks. */
    WireProtocol protocol();

    /** Whether the status line and headers have been sent. */
    boolean committed();

    /** Whether the client has gone away. */
    boolean closed();

    /** Runs the action once when the client disconnects before the response ends. */
    void onClose(Runnable action);

    /**
     * Adds a response header; only before {@link #committed()}. The value may carry what a client sent, so a channel
     * escapes what its protocol cannot carry rather than refusing it: a header never keeps an answer from its client.
     */
    void header(String name, String value);

    /** Sends a 200 with {@code text/event-stream} and commits. */
    void beginStream();

    /** Writes one piece of the stream as it is, immediately. */
    void write(Buffer chunk);

    /** Whether the client's socket buffer is full; the writer should pause its source. */
    boolean writeQueueFull();

    /** Runs the action once when a full write queue has drained. */
    void drainHandler(Runnable action);

    /** Ends a stream. */
    void endStream();

    /** Sends a complete, non-streamed response. */
    void respond(int status, String contentType, Buffer body);

    /**
     * Reports a failure: as an error response in the client's format before commit, or as an in-band error event
     * followed by the end of the stream after it.
     */
    void fail(GatewayError error);
}
