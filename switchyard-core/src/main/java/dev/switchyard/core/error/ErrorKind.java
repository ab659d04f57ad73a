package dev.switchyard.core.error;

/**
 * The kinds of failure a client can see, each with its HTTP status and the typed name used in error bodies
 * ({@code error.metadata.error_type}, following OpenRouter's vocabulary).
 */
public enum ErrorKind {
    /** The request is malformed or misses a required field. */
    INVALID_REQUEST(400, "invalid_request", "invalid_request_error"),
    /** The caller is not authenticated. */
    AUTHENTICATION(401, "authentication", "authentication_error"),
    /** The caller's budget cannot cover the request (OpenRouter's 402, Anthropic's {@code billing_error}). */
    INSUFFICIENT_CREDIT(402, "insufficient_credits", "billing_error"),
    /** The caller may not do this. */
    PERMISSION_DENIED(403, "permission_denied", "permission_error"),
    /** The model or resource does not exist. */
    NOT_FOUND(404, "not_found", "not_found_error"),
    /** The request body is larger than the configured limit. */
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "request_too_large"),
    /** The request is well-formed but cannot be processed. */
    UNPROCESSABLE(422, "unprocessable", "invalid_request_error"),
    /** A rate limit was hit, here or upstream. */
    RATE_LIMITED(429, "rate_limit_exceeded", "rate_limit_error"),
    /** A failure inside Switchyard. */
    SERVER(500, "server", "api_error"),
    /** The upstream provider failed or answered with something unusable. */
    UPSTREAM(502, "provider_unavailable", "api_error"),
    /** No provider can serve the request right now (for example, none has credentials). */
    UNAVAILABLE(503, "provider_unavailable", "overloaded_error"),
    /** The upstream provider did not answer in time. */
    TIMEOUT(504, "timeout", "timeout_error");

    private final int status;
    private final String typeName;
    private final String anthropicType;

    ErrorKind(int status, String typeName, String anthropicType) {
        this.status = status;
        this.typeName = typeName;
        this.anthropicType = anthropicType;
    }

    /** The HTTP status a client receives. */
    public int status() {
        return status;
    }

    /** The typed error name, e.g. {@code rate_limit_exceeded}. */
    public String typeName() {
        return typeName;
    }

    /** The Anthropic error {@code type} this kind maps to. */
    public String anthropicType() {
        return anthropicType;
    }
}
