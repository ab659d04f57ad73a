package dev.switchyard.server.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP edge's defences, every one explicit: how long a client may take to send a request's head and its body, how
 * long a connection may sit idle between requests, how many connections may be open (with headroom kept for
 * {@code /health} and the management API), which browser origins may call, and which {@code Host} names are served.
 * See docs/security.md for what each answers.
 *
 * @param headerTimeout longest time from a connection's opening to its first request head being complete
 * @param bodyTimeout longest time from a request's head to the last byte of its body
 * @param idleTimeout longest time a connection may stay open with no request in flight; also bounds how long the next
 *     request's head may take on a kept-alive connection
 * @param maxConnections most client connections open at once; beyond it new connections are closed
 * @param reservedConnections how many of {@code maxConnections} only serve {@code /health}, {@code /metrics} and the
 *     management API, so operators can still look in when the rest are taken
 * @param allowedOrigins browser origins (e.g. {@code https://app.example.com}) allowed to call; {@code *} allows any;
 *     empty refuses every cross-origin browser request
 * @param allowedHosts {@code Host} names served besides the loopback names; when bound to loopback, or when this is
 *     not empty, other names are refused (DNS rebinding)
 * @param bindHost the address the server binds
 * @param maxBodyBytes largest request body accepted ({@code Expect: 100-continue} is refused beyond it)
 * @param maxInflightBodyBytes most request-body bytes held at once across the gateway ({@link InflightBodies}); a
 *     request that would cross it gets 503; {@code 0} means no budget
 * @param tls TLS termination with a configured certificate, or {@link TlsSettings#NONE}
 */
public record EdgeSettings(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
                           int reservedConnections, List<String> allowedOrigins, List<String> allowedHosts,
                           String bindHost, long maxBodyBytes, long maxInflightBodyBytes, TlsSettings tls) {

    /**
     * 48 MiB of bodies at once: a translated door allocates about 14 bytes per byte of body while it decodes and
     * re-encodes it (docs/benchmarks.md), so this keeps the worst case well inside the launcher's 1 GiB heap cap.
     */
    public static final long DEFAULT_MAX_INFLIGHT_BODY_BYTES = 48L * 1024 * 1024;

    /** Defaults that survive a slowloris and a connection flood on one machine. */
    public static final EdgeSettings DEFAULT = new EdgeSettings(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 4096, 32, List.of(), List.of(), "127.0.0.1", 10L * 1024 * 1024,
            DEFAULT_MAX_INFLIGHT_BODY_BYTES, TlsSettings.NONE);

    public EdgeSettings {
        positive(headerTimeout, "server.header_timeout_ms");
        positive(bodyTimeout, "server.body_timeout_ms");
        positive(idleTimeout, "server.idle_timeout_ms");
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("server.max_connections: " + maxConnections + " (expected: > 0)");
        }
        if (reservedConnections < 0 || reservedConnections >= maxConnections) {
            throw new IllegalArgumentException("server.reserved_connections: " + reservedConnections
                    + " (expected: 0 .. server.max_connections - 1 = " + (maxConnections - 1) + ")");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        for (String origin : allowedOrigins) {
            if (!origin.equals("*") && !origin.matches("(?i)https?://[^/\\s]+")) {
                throw new IllegalArgumentException("server.cors.allowed_origins: '" + origin + "' (expected: an origin"
                        + " such as https://app.example.com, scheme and host with no path, or *)");
            }
        }
        for (String host : allowedHosts) {
            if (host.isBlank() || host.contains("/") || host.contains(" ")) {
                throw new IllegalArgumentException("server.allowed_hosts: '" + host + "' (expected: a host name or"
                        + " address such as gateway.internal, without scheme or path)");
            }
        }
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(tls, "tls");
        if (maxInflightBodyBytes < 0) {
            throw new IllegalArgumentException("server.max_inflight_body_bytes: " + maxInflightBodyBytes
                    + " (expected: >= 0, 0 for no budget)");
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + (d == null ? null : d.toMillis())
                    + " (expected: > 0 milliseconds)");
        }
    }

    /** The same policy for a server bound to this address with this body limit. */
    public EdgeSettings forServer(String host, long bodyLimit) {
        return new EdgeSettings(headerTimeout, bodyTimeout, idleTimeout, maxConnections, reservedConnections,
                allowedOrigins, allowedHosts, host, bodyLimit, maxInflightBodyBytes, tls);
    }

    public EdgeSettings withHeaderTimeout(Duration d) {
        return new EdgeSettings(d, bodyTimeout, idleTimeout, maxConnections, reservedConnections, allowedOrigins,
                allowedHosts, bindHost, maxBodyBytes, maxInflightBodyBytes, tls);
    }

    public EdgeSettings withBodyTimeout(Duration d) {
        return new EdgeSettings(headerTimeout, d, idleTimeout, maxConnections, reservedConnections, allowedOrigins,
                allowedHosts, bindHost, maxBodyBytes, maxInflightBodyBytes, tls);
    }

    public EdgeSettings withIdleTimeout(Duration d) {
        return new EdgeSettings(headerTimeout, bodyTimeout, d, maxConnections, reservedConnections, allowedOrigins,
                allowedHosts, bindHost, maxBodyBytes, maxInflightBodyBytes, tls);
    }

    public EdgeSettings withConnections(int max, int reserved) {
        return new EdgeSettings(headerTimeout, bodyTimeout, idleTimeout, max, reserved, allowedOrigins, allowedHosts,
                bindHost, maxBodyBytes, maxInflightBodyBytes, tls);
    }

    public EdgeSettings withAllowedOrigins(List<String> origins) {
        return new EdgeSettings(headerTimeout, bodyTimeout, idleTimeout, maxConnections, reservedConnections, origins,
                allowedHosts, bindHost, maxBodyBytes, maxInflightBodyBytes, tls);
    }

    public EdgeSettings withAllowedHosts(List<String> hosts) {
        return new EdgeSettings(headerTimeout, bodyTimeout, idleTimeout, maxConnections, reservedConnections,
                allowedOrigins, hosts, bindHost, maxBodyBytes, maxInflightBodyBytes, tls);
    }

    public EdgeSettings withMaxInflightBodyBytes(long bytes) {
        return new EdgeSettings(headerTimeout, bodyTimeout, idleTimeout, maxConnections, reservedConnections,
                allowedOrigins, allowedHosts, bindHost, maxBodyBytes, bytes, tls);
    }

    public EdgeSettings withTls(TlsSettings t) {
        return new EdgeSettings(headerTimeout, bodyTimeout, idleTimeout, maxConnections, reservedConnections,
                allowedOrigins, allowedHosts, bindHost, maxBodyBytes, maxInflightBodyBytes, t);
    }
}
