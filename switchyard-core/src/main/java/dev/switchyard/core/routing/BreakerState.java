package dev.switchyard.core.routing;

/** The state of an endpoint's circuit breaker. */
public enum BreakerState {
    /** Traffic flows. */
    CLOSED,
    /** Too many failures: no traffic until the open period ends. */
    OPEN,
    /** The open period ended: a limited number of probe requests may pass. */
    HALF_OPEN
}
