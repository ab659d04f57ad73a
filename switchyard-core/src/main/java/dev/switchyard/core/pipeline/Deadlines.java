package dev.switchyard.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits of a request and of each of its upstream attempts.
 *
 * <p>{@code connect}, {@code firstByte}, {@code idle} and {@code total} are per attempt and measured from the
 * attempt's start (idle: from the last read); {@code body} is per attempt too, measured from the response head, and
 * applies only to a body read whole (a non-streamed answer, or an error); {@code request} is the whole request's
 * budget. The router hands each attempt these deadlines with {@code request} set to what remains of the budget when the
 * attempt starts ({@link #carved}), and the attempt holds each of its own deadlines to that remainder, so no chain of
 * attempts, backoffs and fallbacks outlives the request deadline. See docs/configuration.md ({@code timeouts}).
 *
 * @param connect to obtain a connection to the provider (TCP and TLS, or a pooled one)
 * @param firstByte from sending the request to the response head and, for streams, the first event with data
 * @param idle the longest silence between two reads of the response, from its head to its end
 * @param total one attempt, start to last byte
 * @param request the whole request: every attempt, backoff and fallback (for an attempt: what remains of it)
 * @param body from the response head to the last byte of a body read whole (non-streamed answers and errors), so a
 *     body that trickles in with every gap shorter than {@code idle} still ends; streams are left to {@code total}
 */
public record Deadlines(Duration connect, Duration firstByte, Duration idle, Duration total, Duration request,
                        Duration body) {

    /** The default {@link #body}: as long as the default first byte, for a provider that sends its head early. */
    public static final Duration DEFAULT_BODY = Duration.ofSeconds(300);

    /** Defaults suited to LLM calls: long first-byte and total limits, as reasoning models think before they talk. */
    public static final Deadlines DEFAULT = new Deadlines(Duration.ofSeconds(10), Duration.ofSeconds(300),
            Duration.ofSeconds(120), Duration.ofMinutes(30), Duration.ofMinutes(30), DEFAULT_BODY);

    public Deadlines {
        for (Duration d : new Duration[] {connect, firstByte, idle, total, request, body}) {
            Objects.requireNonNull(d, "deadline");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("deadline: " + d + " (expected: > 0)");
            }
        }
    }

    /** These deadlines with the default {@link #body} deadline. */
    public Deadlines(Duration connect, Duration firstByte, Duration idle, Duration total, Duration request) {
        this(connect, firstByte, idle, total, request, DEFAULT_BODY);
    }

    /** The four per-attempt deadlines with the request deadline as long as the attempt's total. */
    public Deadlines(Duration connect, Duration firstByte, Duration idle, Duration total) {
        this(connect, firstByte, idle, total, total);
    }

    /**
     * These deadlines, tightened by a request: a positive value lowers the first-byte, total or request deadline,
     * never raises it; zero leaves it as it is.
     */
    public Deadlines narrowedTo(long firstByteMillis, long totalMillis, long requestMillis) {
        return new Deadlines(connect, lower(firstByte, firstByteMillis), idle, lower(total, totalMillis),
                lower(request, requestMillis), body);
    }

    /** {@link #narrowedTo(long, long, long)} without a request deadline. */
    public Deadlines narrowedTo(long firstByteMillis, long totalMillis) {
        return narrowedTo(firstByteMillis, totalMillis, 0);
    }

    /** These deadlines for an attempt that starts with {@code remaining} of the request's budget left (> 0). */
    public Deadlines carved(Duration remaining) {
        return remaining.compareTo(request) >= 0 ? this
                : new Deadlines(connect, firstByte, idle, total, remaining, body);
    }

    /** The connect deadline, held to the request's remainder. */
    public Duration effectiveConnect() {
        return min(connect, request);
    }

    /** The first-byte deadline, held to the request's remainder. */
    public Duration effectiveFirstByte() {
        return min(firstByte, request);
    }

    /** The attempt's total deadline, held to the request's remainder. */
    public Duration effectiveTotal() {
        return min(total, request);
    }

    private static Duration lower(Duration d, long millis) {
        return millis > 0 && millis < d.toMillis() ? Duration.ofMillis(millis) : d;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
