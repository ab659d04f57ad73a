package dev.switchyard.simulator;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the simulator saw, readable from tests and from {@code GET /_sim/stats}. */
public final class SimulatorStats {

    final AtomicLong requests = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong aborted = new AtomicLong();
    final AtomicLong errorsInjected = new AtomicLong();
    final AtomicLong faultsInjected = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong openConnections = new AtomicLong();

    /** Chat requests received. */
    public long requests() {
        return requests.get();
    }

    /** Responses sent to the end. */
    public long completed() {
        return completed.get();
    }

    /** Responses whose connection the client closed before they ended. */
    public long aborted() {
        return aborted.get();
    }

    /** HTTP errors sent on purpose. */
    public long errorsInjected() {
        return errorsInjected.get();
    }

    /** Resets, cuts and other faults injected on purpose. */
    public long faultsInjected() {
        return faultsInjected.get();
    }

    /**
     * Model responses begun and not yet over: neither written to their end nor abandoned by a closed connection. It
     * returns to 0 once every caller has read or released its upstream response.
     */
    public long inFlight() {
        return inFlight.get();
    }

    /** Client connections open now (kept-alive ones included). */
    public long openConnections() {
        return openConnections.get();
    }

    String toJson() {
        return "{\"requests\":" + requests() + ",\"completed\":" + completed() + ",\"aborted\":" + aborted()
                + ",\"errors_injected\":" + errorsInjected() + ",\"faults_injected\":" + faultsInjected() + ",\"in_flight\":" + inFlight()
                + ",\"open_connections\":" + openConnections() + "}";
    }
}
