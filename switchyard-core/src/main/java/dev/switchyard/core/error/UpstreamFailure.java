package dev.switchyard.core.error;

import java.util.Objects;

/**
 * Why an attempt failed: the error the client would see, a short class for the ledger and metrics, whether another
 * endpoint may be tried, and the upstream status if one arrived.
 */
public final class UpstreamFailure extends RuntimeException {

    private final GatewayError error;
    private final String errorClass;
    private final boolean retryable;
    private final int upstreamStatus;
    private final boolean declined;

    /**
     * @param error what the client sees if this is the last failure
     * @param errorClass e.g. {@code connect}, {@code timeout}, {@code http_503}, {@code stream_cut}
     * @param retryable whether another endpoint may be tried (only before the response is committed)
     * @param upstreamStatus the provider's HTTP status, 0 when none arrived
     */
    public UpstreamFailure(GatewayError error, String errorClass, boolean retryable, int upstreamStatus) {
        this(error, errorClass, retryable, upstreamStatus, false);
    }

    private UpstreamFailure(GatewayError error, String errorClass, boolean retryable, int upstreamStatus,
                            boolean declined) {
        super(error.getMessage(), null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
        this.retryable = retryable;
        this.upstreamStatus = upstreamStatus;
        this.declined = declined;
    }

    /**
     * The endpoint was not tried because it cannot serve this request as asked (for example a parameter it cannot
     * honour under {@code require_parameters}): another endpoint may be, and the endpoint's health is not judged.
     */
    public static UpstreamFailure declined(GatewayError error, String errorClass) {
        return new UpstreamFailure(error, errorClass, true, 0, true);
    }

    public GatewayError error() {
        return error;
    }

    public String errorClass() {
        return errorClass;
    }

    public boolean retryable() {
        return retryable;
    }

    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** Whether the endpoint declined the request without trying it (see {@link #declined}). */
    public boolean declined() {
        return declined;
    }
}
