package dev.switchyard.server.admin;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyDirectory;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who may read per-caller data outside the inference doors (one generation's record): anyone while the gateway serves
 * without keys (loopback, no inference key yet), otherwise only a usable key, named in {@code Authorization: Bearer}.
 */
public final class CallerAccess {

    private final KeyDirectory directory;
    private final Bearer bearer;
    private final boolean openOnLoopback;

    public CallerAccess(KeyDirectory directory, WallClock clock, boolean openOnLoopback) {
        this.directory = directory;
        this.bearer = new Bearer(directory, clock);
        this.openOnLoopback = openOnLoopback;
    }

    /**
     * Empty when the gateway is open (anyone may read); the caller when a usable key was presented; a failed future
     * holding the 401 otherwise.
     */
    public Future<Optional<Caller>> check(RoutingContext ctx) {
        if (openOnLoopback && !directory.hasInferenceKeys()) {
            return Future.succeededFuture(Optional.empty());
        }
        return bearer.authenticate(ctx).map(Optional::of);
    }
}
