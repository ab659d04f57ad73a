package dev.switchyard.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits of one upstream attempt.
 *
 * @param connect to open the connection
 * @param firstByte from sending the request to the response head (and, for streams, the first event)
 * @param idle the longest silence between two pieces of a response
 * @param total the whole attempt, start to last byte
 */
public record Deadlines(Duration connect, Duration firstByte, Duration idle, Duration total) {

    /** Defaults suited to LLM calls: long first-byte and total limits, since reasoning models think before they talk. */
    public static final Deadlines DEFAULT = new Deadlines(Duration.ofSeconds(10), Duration.ofSeconds(300),
            Duration.ofSeconds(120), Duration.ofMinutes(30));

    /**
     * These deadlines, tightened by a request: a positive value lowers the first-byte or total deadline, never raises
     * it; zero leaves it as it is.
     */
    public Deadlines narrowedTo(long firstByteMillis, long totalMillis) {
        Duration fb = firstByteMillis > 0 && firstByteMillis < firstByte.toMillis() ? Duration.ofMillis(firstByteMillis)
                : firstByte;
        Duration t = totalMillis > 0 && totalMillis < total.toMillis() ? Duration.ofMillis(totalMillis) : total;
        return new Deadlines(connect, fb, idle, t);
    }

    public Deadlines {
        for (Duration d : new Duration[] {connect, firstByte, idle, total}) {
            Objects.requireNonNull(d, "deadline");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("deadline: " + d + " (expected: > 0)");
            }
        }
    }
}
