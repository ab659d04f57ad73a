package dev.switchyard.server.http;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.ReadAccumulator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * Reads a request body up to a limit. A declared {@code Content-Length} over the limit is refused before any byte is
 * read; a chunked body is refused as soon as it crosses the limit, and the rest is not buffered.
 */
public final class BodyReader {

    private BodyReader() {
    }

    /** The whole body, or a failed future with a 413 {@link GatewayError}. */
    public static Future<Buffer> read(HttpServerRequest request, long limit) {
        return read(request, limit, Optional.empty());
    }

    /**
     * The same, counting a chunked body against the request's in-flight reservation as it arrives (a body with
     * {@code Content-Length} reserved it whole at the edge): a failed future with a 503 when the budget runs out.
     * A declared length sizes the buffer once, so a big body is not copied as it grows.
     */
    public static Future<Buffer> read(HttpServerRequest request, long limit,
                                      Optional<InflightBodies.Reservation> reservation) {
        String declared = request.getHeader("content-length");
        long expected = -1;
        if (declared != null) {
            try {
                expected = Long.parseLong(declared.trim());
                if (expected > limit) {
                    return Future.failedFuture(tooLarge(limit));
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(GatewayError.invalidRequest("invalid Content-Length header", null));
            }
        }
        Promise<Buffer> promise = Promise.promise();
        ReadAccumulator body = new ReadAccumulator(limit, expected);
        boolean counted = expected < 0 && reservation.isPresent();
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return; // refused: the rest is not kept
            }
            if (counted && !reservation.get().grow(chunk.length())) {
                promise.tryFail(reservationRefusal(reservation.get()));
                return;
            }
            if (!body.add(chunk)) {
                promise.tryFail(tooLarge(limit));
            }
        });
        request.endHandler(v -> promise.tryComplete(body.body()));
        request.exceptionHandler(promise::tryFail);
        request.resume();
        return promise.future();
    }

    private static GatewayError reservationRefusal(InflightBodies.Reservation r) {
        return GatewayError.builder(ErrorKind.UNAVAILABLE, "the gateway is holding as many request bodies as it may"
                + " (server.max_inflight_body_bytes); this chunked body did not fit after " + r.held()
                + " bytes, retry shortly").code("inflight_bytes_exceeded").retryAfterSeconds(1).build();
    }

    private static GatewayError tooLarge(long limit) {
        return GatewayError.builder(ErrorKind.PAYLOAD_TOO_LARGE,
                "request body exceeds the limit of " + limit + " bytes (limits.max_body_bytes)").build();
    }
}
