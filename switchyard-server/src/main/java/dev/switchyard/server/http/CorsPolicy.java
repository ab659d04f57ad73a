package dev.switchyard.server.http;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser pages may call the gateway: only the origins in {@code server.cors.allowed_origins} (none by
 * default). A page on any other site cannot spend the operator's credits, even on a gateway bound to 127.0.0.1:
 * <ul>
 *   <li>a preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is answered 204
 *       with the allowed methods and headers for a configured origin, and 403 for any other;</li>
 *   <li>a state-changing request ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) carrying an {@code Origin}
 *       that is not configured is refused with 403, as is one a browser marks {@code Sec-Fetch-Site: cross-site} or
 *       {@code same-site} without a configured origin; this also covers the "simple" requests a browser sends
 *       without a preflight;</li>
 *   <li>answers to a configured origin carry {@code Access-Control-Allow-Origin} and expose the gateway's
 *       headers.</li>
 * </ul>
 * Clients that are not browsers send neither header and are not affected.
 */
public final class CorsPolicy {

    private static final String METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
    private static final String EXPOSED = "x-switchyard-generation-id, x-generation-id, retry-after,"
            + " x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests,"
            + " x-ratelimit-limit-tokens, x-ratelimit-remaining-tokens, x-ratelimit-reset-tokens,"
            + " x-switchyard-token-count";
    private static final Set<String> PREFLIGHT_METHODS = Set.of("GET", "POST", "PATCH", "DELETE", "HEAD");
    private static final String HEADER_LIST = "[A-Za-z0-9!#$%&'*+.^_`|~-]+(\\s*,\\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*";

    private final boolean any;
    private final Set<String> origins = new HashSet<>();

    public CorsPolicy(EdgeSettings settings) {
        boolean star = false;
        for (String o : settings.allowedOrigins()) {
            if (o.equals("*")) {
                star = true;
            } else {
                origins.add(normalise(o));
            }
        }
        this.any = star;
    }

    /** Whether a browser page of this origin may call. */
    public boolean allows(String origin) {
        return origin != null && (any ? !origin.equals("null") : origins.contains(normalise(origin)));
    }

    /** Whether the request is a CORS preflight. */
    public static boolean isPreflight(HttpServerRequest request) {
        return request.method() == HttpMethod.OPTIONS && request.getHeader("origin") != null
                && request.getHeader("access-control-request-method") != null;
    }

    /**
     * Answers a preflight: 204 with the allowances for a configured origin and an allowed method.
     *
     * @return null when answered, else the 403 to answer
     */
    public GatewayError preflight(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.getHeader("origin");
        if (!allows(origin)) {
            return refused(origin);
        }
        String method = request.getHeader("access-control-request-method").trim().toUpperCase(Locale.ROOT);
        if (!PREFLIGHT_METHODS.contains(method)) {
            return GatewayError.builder(ErrorKind.PERMISSION_DENIED, "method '" + shown(method) + "' is not allowed"
                    + " across origins (expected one of " + METHODS + ")").code("cors_method_not_allowed").build();
        }
        response.setStatusCode(204)
                .putHeader("access-control-allow-origin", origin)
                .putHeader("access-control-allow-methods", METHODS)
                .putHeader("access-control-max-age", "600")
                .putHeader("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        String headers = request.getHeader("access-control-request-headers");
        if (headers != null && headers.trim().matches(HEADER_LIST)) {
            response.putHeader("access-control-allow-headers", headers.trim());
        }
        response.end();
        return null;
    }

    /**
     * Checks a request that may change state or spend money.
     *
     * @return null when allowed, else the 403 to answer
     */
    public GatewayError check(HttpServerRequest request) {
        HttpMethod m = request.method();
        if (m != HttpMethod.POST && m != HttpMethod.PUT && m != HttpMethod.PATCH && m != HttpMethod.DELETE) {
            return null;
        }
        String origin = request.getHeader("origin");
        if (origin != null) {
            return allows(origin) || sameOrigin(request, origin) ? null : refused(origin);
        }
        String site = request.getHeader("sec-fetch-site");
        if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            return GatewayError.builder(ErrorKind.PERMISSION_DENIED, "a browser's " + shown(site) + " request"
                    + " (Sec-Fetch-Site) is refused: only the origins in server.cors.allowed_origins may call this"
                    + " gateway from a web page").code("cross_site_request").build();
        }
        return null;
    }

    /**
     * Whether the page is the gateway's own (its origin is this request's scheme and {@code Host}): the admin
     * console's pages post to their own origin, which is not a cross-origin request. The Host check on loopback
     * (HostCheck) keeps a rebound DNS name from passing for it.
     */
    static boolean sameOrigin(HttpServerRequest request, String origin) {
        String host = request.getHeader("host");
        if (host == null || host.isBlank()) {
            return false;
        }
        String scheme = request.isSSL() ? "https://" : "http://";
        return normalise(origin).equals(normalise(scheme + host));
    }

    /** Adds the CORS answer headers for a configured origin. */
    public void decorate(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.getHeader("origin");
        if (allows(origin)) {
            response.putHeader("access-control-allow-origin", origin).putHeader("vary", "Origin")
                    .putHeader("access-control-expose-headers", EXPOSED);
        }
    }

    private static GatewayError refused(String origin) {
        return GatewayError.builder(ErrorKind.PERMISSION_DENIED, "cross-origin request from '" + shown(origin)
                + "' is refused: browser pages may call this gateway only from the origins in"
                + " server.cors.allowed_origins (none are configured by default)").code("cross_origin_refused")
                .build();
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static String shown(String v) {
        return v == null ? "null" : v.length() > 100 ? v.substring(0, 100) + "…" : v;
    }
}
