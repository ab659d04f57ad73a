package dev.switchyard.core.accounts;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: an authenticated key and the workspace it belongs to, as they stood when the request arrived.
 *
 * @param key the key
 * @param workspace its workspace
 */
public record Caller(ApiKey key, Workspace workspace) {

    public Caller {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(workspace, "workspace");
    }

    /**
     * Why this caller may not be served at {@code nowMillis}; empty when it may. A disabled or expired key is an
     * authentication failure (401), a disabled workspace a permission one (403). The key's role is the caller's
     * business: the inference and management APIs each refuse the other role.
     */
    public Optional<GatewayError> refusal(long nowMillis) {
        if (key.disabled()) {
            return Optional.of(GatewayError.builder(ErrorKind.AUTHENTICATION, "API key " + key.label()
                    + " is disabled").code("key_disabled").build());
        }
        if (!key.usableAt(nowMillis)) {
            return Optional.of(GatewayError.builder(ErrorKind.AUTHENTICATION, "API key " + key.label()
                    + " expired at " + Instant.ofEpochMilli(key.expiresAtMillis().orElse(0))).code("key_expired")
                    .build());
        }
        if (workspace.disabled()) {
            return Optional.of(GatewayError.builder(ErrorKind.PERMISSION_DENIED, "workspace " + workspace.id()
                    + " is disabled").code("workspace_disabled").build());
        }
        return Optional.empty();
    }
}
