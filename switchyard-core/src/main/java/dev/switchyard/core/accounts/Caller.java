package dev.switchyard.core.accounts;

import java.util.Objects;

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
}
