package dev.switchyard.core.error;

/**
 * The error classes ({@link UpstreamFailure#errorClass()}) that the router and health tracking decide on, named once.
 * The ledger and metrics show them as they are.
 */
public final class FailureClasses {

    /** No connection could be made to the provider. */
    public static final String CONNECT = "connect";
    /** The connection was lost before the answer ended. */
    public static final String CONNECTION_LOST = "connection_lost";
    /** The provider ended a stream before it finished. */
    public static final String STREAM_CUT = "stream_cut";
    /** The provider's stream could not be read. */
    public static final String STREAM_MALFORMED = "stream_malformed";
    /** The provider's whole body could not be read. */
    public static final String RESPONSE_MALFORMED = "response_malformed";
    /** The connect deadline fired. */
    public static final String TIMEOUT_CONNECT = "timeout_connect";
    /** The first-byte deadline fired. */
    public static final String TIMEOUT_FIRST_BYTE = "timeout_first_byte";
    /** The idle deadline fired. */
    public static final String TIMEOUT_IDLE = "timeout_idle";
    /** A body read whole did not arrive within the body deadline of its head. */
    public static final String TIMEOUT_BODY = "timeout_body";
    /** The attempt's total deadline fired. */
    public static final String TIMEOUT_TOTAL = "timeout_total";
    /** The whole request's deadline fired; never retried. */
    public static final String TIMEOUT_REQUEST = "timeout_request";
    /** Another attempt of a hedged request answered first. */
    public static final String HEDGE_LOST = "hedge_lost";
    /** The client went away. */
    public static final String CLIENT_CLOSED = "client_closed";

    private FailureClasses() {
    }
}
