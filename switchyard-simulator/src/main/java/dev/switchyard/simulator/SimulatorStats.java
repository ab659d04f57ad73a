package dev.switchyard.simulator;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the simulator saw, readable from tests and from {@code GET /_sim/stats}. */
public final class SimulatorStats {

    final AtomicLong requests = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong aborted = new AtomicLong();
    final AtomicLong errorsInjected = new AtomicLong();
    final AtomicLong faultsInjected = new AtomicLong();

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

    String toJson() {
        return "{\"requests\":" + requests() + ",\"completed\":" + completed() + ",\"aborted\":" + aborted()
                + ",\"errors_injected\":" + errorsInjected() + ",\"faults_injected\":" + faultsInjected() + "}";
    }
}
