package dev.switchyard.server.http;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.ReadAccumulator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit. A declared {@code Content-Length} over the limit is refused before any byte is
 * read; a chunked body is refused as soon as it crosses the limit, and the rest is not buffered.
 */
public final class BodyReader {

    private BodyReader() {
    }

    /** The whole body, or a failed future with a 413 {@link GatewayError}. */
    public static Future<Buffer> read(HttpServerRequest request, long limit) {
        String declared = request.getHeader("content-length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    return Future.failedFuture(tooLarge(limit));
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(GatewayError.invalidRequest("invalid Content-Length header", null));
            }
        }
        Promise<Buffer> promise = Promise.promise();
        ReadAccumulator body = new ReadAccumulator(limit);
        request.handler(chunk -> {
            if (!body.add(chunk)) {
                promise.tryFail(tooLarge(limit));
            }
        });
        request.endHandler(v -> promise.tryComplete(body.body()));
        request.exceptionHandler(promise::tryFail);
        request.resume();
        return promise.future();
    }

    private static GatewayError tooLarge(long limit) {
        return GatewayError.builder(ErrorKind.PAYLOAD_TOO_LARGE,
                "request body exceeds the limit of " + limit + " bytes (limits.max_body_bytes)").build();
    }
}
