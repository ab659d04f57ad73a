package dev.switchyard.simulator;

/** A transport or framing fault the simulator can inject into a response. */
public enum Fault {
    /** No fault. */
    NONE,
    /** Close the connection without sending any response. */
    RESET,
    /** Stream some chunks, then close the connection without finishing. */
    CUT,
    /** Send every event a few bytes at a time, with a pause between pieces. */
    TRICKLE,
    /** Send an event whose data is not valid JSON, then carry on. */
    MALFORMED_SSE
}
