package dev.switchyard.server.http;

import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's HTTP/1.x request decoder, refusing a request that carries both {@code Transfer-Encoding: chunked} and
 * {@code Content-Length}. Netty's default drops the {@code Content-Length} and reads the body as chunked, which is
 * what RFC 9112 allows; but a proxy in front of the gateway that believes the {@code Content-Length} would see another
 * request boundary, so such a request is a smuggling attempt and is refused with 400 before its body is read (the
 * connection is then closed). The request reaches the server's invalid-request handler with
 * {@link AmbiguousLength} as its decoder failure.
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    /** The decoder failure of a request with both {@code Transfer-Encoding} and {@code Content-Length}. */
    public static final class AmbiguousLength extends IllegalArgumentException {
        AmbiguousLength() {
            super("the request has both Transfer-Encoding and Content-Length; send only one (the body length would be"
                    + " ambiguous: request smuggling guard)");
        }
    }

    public StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new AmbiguousLength();
    }
}
