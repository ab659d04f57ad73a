package dev.switchyard.providers.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.SecretRedactor;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.error.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Optional;

/**
 * Turns a provider's error response into the failure Switchyard reports. The rule (see docs/compatibility.md):
 *
 * <ul>
 *   <li>429 stays 429, with the provider's {@code Retry-After}: the client should slow down. Retryable elsewhere.</li>
 *   <li>400, 413 and 422 describe the client's request (too long, bad parameter): the status passes through, not
 *       retryable.</li>
 *   <li>401, 402, 403 and 404 describe the gateway's own credentials, balance or catalog, not the client: 502.
 *       Retryable, another provider may be fine.</li>
 *   <li>Everything else, 5xx included, is 502 and retryable.</li>
 * </ul>
 *
 * Every message names the provider and its status, and carries the provider's own message with its API key redacted.
 */
public final class UpstreamErrors {

    private static final int MAX_RAW = 2_000;

    private UpstreamErrors() {
    }

    /** The failure for an upstream HTTP error. */
    public static UpstreamFailure fromResponse(ProviderSpec provider, int status, Buffer body,
                                               Optional<String> retryAfter) {
        String text = body.toString();
        String raw = redact(provider, text);
        String upstreamMessage = redact(provider, extractMessage(text)); // after JSON decoding: see SecretRedactor
        String message = "provider " + provider.id() + " answered HTTP " + status
                + (upstreamMessage.isEmpty() ? "" : ": " + upstreamMessage);
        GatewayError.Builder error;
        boolean retryable;
        if (status == 429) {
            error = GatewayError.builder(ErrorKind.RATE_LIMITED, message);
            retryAfter.flatMap(UpstreamErrors::seconds).ifPresent(error::retryAfterSeconds);
            retryable = true;
        } else if (status == 400 || status == 413 || status == 422) {
            error = GatewayError.builder(ErrorKind.INVALID_REQUEST, message).status(status);
            retryable = false;
        } else {
            error = GatewayError.builder(ErrorKind.UPSTREAM, message);
            retryable = true;
        }
        error.metadata("provider_name", provider.id())
                .metadata("provider_status", status)
                .metadata("raw", raw.length() > MAX_RAW ? raw.substring(0, MAX_RAW) + "…" : raw);
        return new UpstreamFailure(error.build(), "http_" + status, retryable, status);
    }

    /**
     * Why a connection to a provider could not be made, in words an operator can act on: the DNS name that did not
     * resolve, a refused port, a TLS handshake that failed (and why), or a connect timeout. Walks the cause chain,
     * since Netty wraps the JDK's exceptions.
     *
     * @param cause what the HTTP client reported
     * @return e.g. {@code DNS lookup failed for api.example.com (unknown host)}; never empty
     */
    public static String connectCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (t instanceof java.net.UnknownHostException
                    || t.getClass().getName().endsWith("UnknownHostException")
                    || t.getClass().getName().contains(".resolver.") || text.contains("failed to resolve")) {
                return "DNS lookup failed" + (t.getMessage() == null ? "" : " for " + hostIn(text))
                        + " (unknown host)";
            }
            if (t instanceof javax.net.ssl.SSLException || t.getClass().getName().contains("Ssl")
                    || t.getClass().getName().contains("Handshake")) {
                return "TLS handshake failed: " + truncate(firstLine(text));
            }
            if (t instanceof java.net.ConnectException && (text.contains("refused") || text.contains("Refused"))) {
                return "connection refused";
            }
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || text.contains("timed out")) {
                return "connect timed out";
            }
            if (t instanceof java.net.NoRouteToHostException) {
                return "no route to host";
            }
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + truncate(firstLine(root.getMessage())));
    }

    /** The host name out of a resolver's message: Netty quotes it, the JDK ends with it. */
    private static String hostIn(String text) {
        String s = firstLine(text);
        int open = s.indexOf('\'');
        int close = open < 0 ? -1 : s.indexOf('\'', open + 1);
        if (close > open + 1) {
            return s.substring(open + 1, close);
        }
        int colon = s.lastIndexOf(": ");
        return colon >= 0 ? s.substring(colon + 2) : s;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Pulls the human message out of the error shapes providers use. */
    static String extractMessage(String raw) {
        try {
            JsonNode n = Json.mapper().readTree(raw);
            if (n == null) {
                return "";
            }
            for (JsonNode candidate : new JsonNode[] {n.path("error").path("message"), n.path("message"),
                    n.path("error"), n.path("base_resp").path("status_msg"), n.path("detail")}) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return truncate(candidate.asText());
                }
            }
            return "";
        } catch (IOException e) {
            return truncate(raw.strip());
        }
    }

    private static Optional<Long> seconds(String retryAfter) {
        try {
            return Optional.of((long) Math.ceil(Double.parseDouble(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // HTTP-date form: not worth honouring precisely here
        }
    }

    /**
     * Removes every one of the provider's keys, and anything key-shaped, from text that may echo them, also when the
     * echo is escaped or encoded ({@link SecretRedactor}).
     */
    public static String redact(ProviderSpec provider, String text) {
        return SecretRedactor.of(provider.credentials().stream().map(c -> c.key()).toList()).redact(text);
    }

    private static String truncate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}
