package dev.switchyard.core;

/**
 * A source of wall-clock time in epoch milliseconds, injected wherever a timestamp is recorded so that tests can fix it.
 */
@FunctionalInterface
public interface WallClock {

    /** Returns the current wall-clock time in milliseconds since the epoch. */
    long epochMillis();

    /** The system's wall clock. */
    static WallClock system() {
        return System::currentTimeMillis;
    }
}
