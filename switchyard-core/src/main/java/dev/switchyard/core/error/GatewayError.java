package dev.switchyard.core.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure that reaches the client. Each front door renders it in its own wire format; the fields are chosen so that
 * every format can be filled (OpenAI's {@code param} and {@code code}, OpenRouter's {@code metadata}, Anthropic's
 * error type via {@link ErrorKind#anthropicType()}).
 *
 * <p>Messages must never contain secrets: they are shown to clients and written to logs.
 */
public final class GatewayError extends RuntimeException {

    private final ErrorKind kind;
    private final int status;
    private final String param;
    private final String code;
    private final Map<String, Object> metadata;
    private final Long retryAfterSeconds;
    private final Map<String, Object> details;

    private GatewayError(Builder b) {
        super(b.message, null, false, false);
        this.kind = b.kind;
        this.status = b.status == 0 ? b.kind.status() : b.status;
        this.param = b.param;
        this.code = b.code;
        this.metadata = Map.copyOf(b.metadata);
        this.retryAfterSeconds = b.retryAfterSeconds;
        this.details = Map.copyOf(b.details);
    }

    /** Starts an error of the given kind with a client-facing message. */
    public static Builder builder(ErrorKind kind, String message) {
        return new Builder(kind, message);
    }

    /** Shorthand for an {@link ErrorKind#INVALID_REQUEST} naming the offending field. */
    public static GatewayError invalidRequest(String message, String param) {
        return builder(ErrorKind.INVALID_REQUEST, message).param(param).build();
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The HTTP status to answer with; usually the kind's, occasionally a provider's (e.g. 400 passed through). */
    public int status() {
        return status;
    }

    /** The request field at fault, if any. */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /** A machine-readable code, if any. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** Extra structured detail (provider status, raw upstream message, close matches). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * Structured sections rendered beside the message inside the error object, such as OpenRouter's
     * {@code availability}.
     */
    public Map<String, Object> details() {
        return details;
    }

    /** Seconds the client should wait before retrying, when known. */
    public Optional<Long> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }

    /** Builder for {@link GatewayError}. */
    public static final class Builder {
        private final ErrorKind kind;
        private final String message;
        private int status;
        private String param;
        private String code;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private Long retryAfterSeconds;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder(ErrorKind kind, String message) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.message = Objects.requireNonNull(message, "message");
        }

        /** Overrides the HTTP status (defaults to the kind's). */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder param(String param) {
            this.param = param;
            return this;
        }

        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /** Adds one metadata entry; null values are ignored. */
        public Builder metadata(String key, Object value) {
            if (value != null) {
                metadata.put(key, value);
            }
            return this;
        }

        /** Adds a structured section to the error object; null values are ignored. */
        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, value);
            }
            return this;
        }

        public Builder retryAfterSeconds(long seconds) {
            this.retryAfterSeconds = seconds;
            return this;
        }

        public GatewayError build() {
            return new GatewayError(this);
        }
    }
}
