package dev.switchyard.simulator;

/** A transport or framing fault the simulator can inject into a response. */
public enum Fault {
    /** No fault. */
    NONE,
    /** Close the connection without sending any response. */
    RESET,
    /**
     * Stream some chunks ({@code cut_after_chunks}), then close the connection without finishing; not streamed, send
     * the head and half the body, then close.
     */
    CUT,
    /**
     * Send every event a few bytes at a time ({@code trickle_bytes}), with a pause between pieces
     * ({@code trickle_delay_ms}); not streamed, the body the same way.
     */
    TRICKLE,
    /**
     * Fall silent for {@code gap_ms} after {@code cut_after_chunks} chunks, then send the rest; not streamed, the head
     * and half the body, the silence, then the rest. What an idle deadline after the response head is for.
     */
    GAP,
    /** Send an event whose data is not valid JSON, then carry on; not streamed, a body that is not valid JSON. */
    MALFORMED_SSE,
    /**
     * The first token ends in an invalid UTF-8 sequence (a three-byte sequence cut after two bytes); streamed, its
     * event goes out in two writes a few milliseconds apart, split inside the sequence.
     */
    INVALID_UTF8
}
