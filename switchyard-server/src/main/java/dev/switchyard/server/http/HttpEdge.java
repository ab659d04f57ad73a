package dev.switchyard.server.http;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's HTTP edge, in front of every route: it builds the HTTP server with the {@link ConnectionHygiene}
 * connection handler, and as the router's first handler it refuses, before any route reads a byte of the body:
 * <ul>
 *   <li>a request on a connection that came in the reserved headroom, unless it is for {@code /health},
 *       {@code /metrics} or the management API (503);</li>
 *   <li>a {@code Transfer-Encoding} other than {@code chunked}, or one beside {@code Content-Length} (400; the
 *       {@code chunked} case is refused earlier, by the {@link StrictRequestDecoder});</li>
 *   <li>a {@code Host} that is not served (403, {@link HostCheck});</li>
 *   <li>a cross-origin browser request from an origin that is not configured, and preflights for it (403,
 *       {@link CorsPolicy});</li>
 *   <li>a body that is not JSON (415, {@link ContentTypeCheck});</li>
 *   <li>a body whose declared length does not fit the in-flight byte budget now (503 with {@code Retry-After},
 *       {@link InflightBodies}); the reservation it takes is released when the request ends.</li>
 * </ul>
 * It answers {@code Expect: 100-continue} once the request has passed these checks (and its declared length fits
 * {@code limits.max_body_bytes}). Refusals are written in the error envelope of the door the path names, with
 * {@code Connection: close}.
 */
public final class HttpEdge implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final EdgeSettings settings;
    private final ConnectionBudget budget;
    private final InflightBodies bodies;
    private final ErrorFormat errors;
    private final HostCheck hosts;
    private final CorsPolicy cors;
    private ConnectionHygiene hygiene;

    /**
     * @param settings the edge's policy
     * @param budget the connection count shared by every server instance
     * @param errors writes a refusal in the door's format
     */
    public HttpEdge(Vertx vertx, EdgeSettings settings, ConnectionBudget budget, ErrorFormat errors) {
        this(vertx, settings, budget, new InflightBodies(settings.maxInflightBodyBytes()), errors);
    }

    /**
     * @param bodies the request-body byte budget shared by every server instance
     */
    public HttpEdge(Vertx vertx, EdgeSettings settings, ConnectionBudget budget, InflightBodies bodies,
                    ErrorFormat errors) {
        this.vertx = vertx;
        this.bodies = bodies;
        this.settings = settings;
        this.budget = budget;
        this.errors = errors;
        this.hosts = new HostCheck(settings);
        this.cors = new CorsPolicy(settings);
    }

    /**
     * Creates the HTTP server with these options, cleartext HTTP/2 off (so that every connection is HTTP/1.x from its
     * first byte and is policed from its opening), {@code Expect: 100-continue} left to this edge, and TLS with the
     * configured PEM certificate and key when {@code server.tls} is set.
     */
    public HttpServer server(HttpServerOptions options, Handler<HttpServerRequest> router) {
        options.setHttp2ClearTextEnabled(false).setHandle100ContinueAutomatically(false);
        if (settings.tls().enabled()) {
            options.setSsl(true).setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
                    .setCertPath(settings.tls().certPath()).setKeyPath(settings.tls().keyPath()));
        }
        hygiene = new ConnectionHygiene(vertx, settings, budget, new HttpServerOptions(options));
        return vertx.createHttpServer(options)
                .connectionHandler(hygiene::connected)
                .invalidRequestHandler(this::invalid)
                .requestHandler(router);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ConnectionHygiene.Tracked tracked = hygiene == null ? null : hygiene.requestStarted(request);
        if (tracked != null) {
            ConnectionHygiene h = hygiene;
            ctx.addEndHandler(ar -> h.requestDone(tracked));
            ctx.put(TRACKED, tracked);
        }
        GatewayError refusal = refusal(request, tracked);
        if (refusal == null && CorsPolicy.isPreflight(request)) {
            refusal = cors.preflight(request, ctx.response());
            if (refusal == null) {
                return; // answered
            }
        }
        if (refusal != null) {
            refuse(request, ctx.response(), refusal);
            return;
        }
        cors.decorate(request, ctx.response());
        if (!reserveBody(ctx)) {
            return;
        }
        expectContinue(request);
        ctx.next();
    }

    /** Where a request's body reservation is kept in its routing context. */
    private static final String RESERVATION = "switchyard.inflight-body";
    /** Where a request's connection state is kept in its routing context. */
    private static final String TRACKED = "switchyard.connection";

    /**
     * The state of the request's connection, kept by the {@link ConnectionHygiene} of its event loop; empty when the
     * connection is not policed (not HTTP/1.x, or no edge in front of the route).
     */
    public static java.util.Optional<ConnectionHygiene.Tracked> connection(RoutingContext ctx) {
        return java.util.Optional.ofNullable(ctx.get(TRACKED));
    }

    /** The request's share of the in-flight body budget, for a body reader to grow as a chunked body arrives. */
    public static java.util.Optional<InflightBodies.Reservation> bodyReservation(RoutingContext ctx) {
        return java.util.Optional.ofNullable(ctx.get(RESERVATION));
    }

    /** Reserves the declared body length (nothing yet for a chunked body); false when refused with 503. */
    private boolean reserveBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpMethod m = request.method();
        if (!(m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH) || request.isEnded()) {
            return true;
        }
        long declared = 0;
        String length = request.getHeader("content-length");
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return true; // the door answers 400
            }
            if (declared > settings.maxBodyBytes()) {
                return true; // the door answers 413 without reading the body
            }
        }
        java.util.Optional<InflightBodies.Reservation> r = bodies.reserve(declared);
        if (r.isEmpty()) {
            refuse(request, ctx.response(), bodies.refusal(declared));
            return false;
        }
        InflightBodies.Reservation reservation = r.get();
        ctx.put(RESERVATION, reservation);
        ctx.addEndHandler(ar -> reservation.release());
        return true;
    }

    private GatewayError refusal(HttpServerRequest request, ConnectionHygiene.Tracked tracked) {
        if (tracked != null && tracked.reservedOnly() && !isOperations(request.path())) {
            return GatewayError.builder(ErrorKind.UNAVAILABLE, "too many open connections (server.max_connections = "
                    + settings.maxConnections() + "); this connection may only reach /health, /metrics and the"
                    + " management API, retry shortly").code("too_many_connections").retryAfterSeconds(1).build();
        }
        String te = request.getHeader("transfer-encoding");
        if (te != null && (!te.trim().equalsIgnoreCase("chunked") || request.getHeader("content-length") != null)) {
            return GatewayError.builder(ErrorKind.INVALID_REQUEST, "Transfer-Encoding '" + shown(te) + "'"
                    + (request.getHeader("content-length") != null ? " together with Content-Length" : "")
                    + " is refused: send the body with Content-Length, or with Transfer-Encoding: chunked alone")
                    .param("transfer-encoding").build();
        }
        GatewayError e = hosts.check(request.getHeader("host"));
        if (e == null) {
            e = cors.check(request);
        }
        if (e == null) {
            e = ContentTypeCheck.check(request);
        }
        return e;
    }

    private void expectContinue(HttpServerRequest request) {
        String expect = request.getHeader("expect");
        if (expect == null || !expect.trim().equalsIgnoreCase("100-continue")
                || request.version() != HttpVersion.HTTP_1_1 || request.isEnded()) {
            return;
        }
        String declared = request.getHeader("content-length");
        try {
            if (declared != null && Long.parseLong(declared.trim()) > settings.maxBodyBytes()) {
                return; // the door answers 413 without reading the body
            }
        } catch (NumberFormatException e) {
            return; // the door answers 400
        }
        request.response().writeContinue();
    }

    private void refuse(HttpServerRequest request, HttpServerResponse response, GatewayError error) {
        if (response.ended()) {
            return;
        }
        error.retryAfterSeconds().ifPresent(s -> response.putHeader("retry-after", Long.toString(s)));
        response.setStatusCode(error.status()).putHeader("content-type", "application/json")
                .putHeader("connection", "close").end(errors.body(request.path(), error));
    }

    /** The server's handler for requests the decoder could not read. */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof StrictRequestDecoder.AmbiguousLength) {
            // Vert.x closes the connection after answering a request that failed to decode
            request.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .putHeader("connection", "close")
                    .end(errors.body(request.path(), GatewayError.invalidRequest(cause.getMessage(),
                            "transfer-encoding")));
            return;
        }
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    }

    /** Paths kept reachable in the reserved headroom: health, metrics and the management API. */
    static boolean isOperations(String path) {
        return path != null && (path.equals("/health") || path.equals("/metrics")
                || path.startsWith("/api/v1/keys") || path.startsWith("/api/v1/workspaces")
                || path.startsWith("/api/v1/admin/") || path.startsWith("/api/v1/activity"));
    }

    private static String shown(String v) {
        return v.length() > 100 ? v.substring(0, 100) + "…" : v;
    }
}
