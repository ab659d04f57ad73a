package dev.switchyard.server;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the gateway is in its life, for the readiness probe: serving, or draining (stopping: no new connections,
 * requests in flight finishing). Once draining it never serves again.
 */
final class Lifecycle {

    private final AtomicBoolean draining = new AtomicBoolean();

    /** Marks the gateway as stopping. */
    void draining() {
        draining.set(true);
    }

    boolean isDraining() {
        return draining.get();
    }
}
