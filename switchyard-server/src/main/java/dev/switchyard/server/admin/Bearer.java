package dev.switchyard.server.admin;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyDirectory;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Finds a usable caller from {@code Authorization: Bearer <key>}: 401 when the header is missing, the key unknown,
 * disabled, expired, or its workspace disabled. Messages never repeat what was presented.
 */
final class Bearer {

    private final KeyDirectory directory;
    private final WallClock clock;

    Bearer(KeyDirectory directory, WallClock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** The caller, or a failed future holding the 401 (or 503 when the store cannot be read). */
    Future<Caller> authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() == 7) {
            return Future.failedFuture(unauthorized("missing API key: send it as 'Authorization: Bearer <key>'"));
        }
        String secret = header.substring(7).strip();
        return directory.lookup(secret).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(GatewayError.builder(ErrorKind.UNAVAILABLE,
                        "the key store cannot be read right now").code("server_error").build());
            }
            Optional<Caller> found = ar.result();
            if (found.isEmpty()) {
                return Future.failedFuture(unauthorized("invalid API key"));
            }
            Caller c = found.get();
            Optional<GatewayError> refused = c.refusal(clock.epochMillis());
            return refused.isPresent() ? Future.failedFuture(unauthorized(refused.get().getMessage()))
                    : Future.succeededFuture(c);
        });
    }

    private static GatewayError unauthorized(String message) {
        return GatewayError.builder(ErrorKind.AUTHENTICATION, message).code("invalid_api_key").build();
    }
}
