package dev.switchyard.core;

/**
 * A source of monotonic time in nanoseconds. Every piece of time-based logic in Switchyard reads time through a
 * {@code Ticker}, so that tests can drive it deterministically instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {

    /** Returns the current value of a monotonic clock, in nanoseconds; only differences are meaningful. */
    long nanos();

    /** The system's monotonic clock ({@link System#nanoTime()}). */
    static Ticker system() {
        return System::nanoTime;
    }
}
