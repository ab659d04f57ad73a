package dev.switchyard.server.admin;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyDirectory;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards the management API: only a usable admin key passes (the caller is put on the context under
 * {@link #CALLER}). No key or a bad one is a 401; an inference key is a 403 saying an admin key is needed.
 */
public final class AdminAuth implements Handler<RoutingContext> {

    /** Where the authenticated admin caller is kept on the routing context. */
    public static final String CALLER = "switchyard.admin.caller";

    private final Bearer bearer;

    public AdminAuth(KeyDirectory directory, WallClock clock) {
        this.bearer = new Bearer(directory, clock);
    }

    @Override
    public void handle(RoutingContext ctx) {
        bearer.authenticate(ctx).onComplete(ar -> {
            if (ar.failed()) {
                AdminHttp.error(ctx, (GatewayError) ar.cause());
                return;
            }
            Caller c = ar.result();
            if (c.key().role() != KeyRole.ADMIN) {
                AdminHttp.error(ctx, GatewayError.builder(ErrorKind.PERMISSION_DENIED,
                        "this endpoint needs an admin key; inference keys cannot manage keys or workspaces")
                        .code("admin_key_required").build());
                return;
            }
            ctx.put(CALLER, c);
            ctx.next();
        });
    }
}
