package dev.switchyard.core.pipeline;

import dev.switchyard.core.error.GatewayError;
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

    /**
     * @param error what the client sees if this is the last failure
     * @param errorClass e.g. {@code connect}, {@code timeout}, {@code http_503}, {@code stream_cut}
     * @param retryable whether another endpoint may be tried (only before the response is committed)
     * @param upstreamStatus the provider's HTTP status, 0 when none arrived
     */
    public UpstreamFailure(GatewayError error, String errorClass, boolean retryable, int upstreamStatus) {
        super(error.getMessage(), null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
        this.retryable = retryable;
        this.upstreamStatus = upstreamStatus;
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
}
