package dev.switchyard.server.http;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/**
 * Every body the gateway accepts is JSON, so a body sent as anything else is refused with 415 before it is read. This
 * closes the classic cross-site trick of a {@code text/plain} or form POST, which a browser sends without asking
 * first. {@code application/json} and {@code application/*+json} are accepted with any parameters
 * ({@code ; charset=utf-8}); a body without a {@code Content-Type} is accepted (some HTTP clients send none).
 */
public final class ContentTypeCheck {

    private ContentTypeCheck() {
    }

    /** @return null when acceptable, else the 415 to answer */
    public static GatewayError check(HttpServerRequest request) {
        HttpMethod m = request.method();
        if (m != HttpMethod.POST && m != HttpMethod.PUT && m != HttpMethod.PATCH) {
            return null;
        }
        if (!hasBody(request)) {
            return null;
        }
        String type = request.getHeader("content-type");
        if (type == null || isJson(type)) {
            return null;
        }
        String shown = type.length() > 100 ? type.substring(0, 100) + "…" : type;
        return GatewayError.builder(ErrorKind.INVALID_REQUEST, "Content-Type '" + shown + "' is not accepted: the"
                + " request body must be JSON, sent as Content-Type: application/json").status(415)
                .code("unsupported_media_type").param("content-type").build();
    }

    /** Whether a media type is JSON: {@code application/json} or {@code application/*+json}, parameters aside. */
    static boolean isJson(String contentType) {
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json")
                || media.startsWith("application/") && media.endsWith("+json") && media.indexOf('/') == 11;
    }

    private static boolean hasBody(HttpServerRequest request) {
        if (request.getHeader("transfer-encoding") != null) {
            return true;
        }
        String length = request.getHeader("content-length");
        return length != null && !length.trim().equals("0");
    }
}
