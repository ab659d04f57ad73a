package dev.switchyard.server.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * How many client connections are open, across every event loop, against {@code server.max_connections}. A new
 * connection beyond the ordinary share ({@code max_connections - reserved_connections}) first takes the place of the
 * oldest idle connection of its event loop (one with no request in flight: an idle keep-alive connection, or a
 * connection that has not finished a request head, which is what a flood of idle or slowloris connections looks
 * like). With none to take, it may use the reserved headroom, which serves only {@code /health}, {@code /metrics}
 * and the management API; beyond {@code max_connections} it is closed at once.
 */
public final class ConnectionBudget {

    /** What a new connection may do. */
    public enum Admission {
        /** Serve any request. */
        ORDINARY,
        /** Serve only {@code /health}, {@code /metrics} and the management API. */
        RESERVED_ONLY,
        /** Close at once. */
        REFUSED
    }

    private final int max;
    private final int ordinary;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionBudget(EdgeSettings settings) {
        this.max = settings.maxConnections();
        this.ordinary = settings.maxConnections() - settings.reservedConnections();
    }

    /**
     * Counts a new connection (call {@link #release} when it closes, whatever the answer).
     *
     * @param evictIdle closes the oldest idle connection of the caller's event loop; false when there is none
     */
    public Admission admit(BooleanSupplier evictIdle) {
        int n = open.incrementAndGet();
        if (n <= ordinary || evictIdle.getAsBoolean()) {
            return Admission.ORDINARY;
        }
        return n <= max ? Admission.RESERVED_ONLY : Admission.REFUSED;
    }

    /** A counted connection closed. */
    public void release() {
        open.decrementAndGet();
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }
}
