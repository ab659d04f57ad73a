package dev.switchyard.core.usage;

import java.util.Locale;
import java.util.Optional;

/** How usage is sliced in time: by UTC hour, by UTC day, or one total for the whole period. */
public enum Bucket {
    HOUR(3_600_000L),
    DAY(86_400_000L),
    NONE(0L);

    /** Milliseconds in one hour. */
    public static final long HOUR_MILLIS = 3_600_000L;
    /** Milliseconds in one UTC day. */
    public static final long DAY_MILLIS = 86_400_000L;

    private final long millis;

    Bucket(long millis) {
        this.millis = millis;
    }

    /** The bucket's length, 0 for {@link #NONE}. */
    public long millis() {
        return millis;
    }

    /** The start of the bucket holding {@code epochMillis}; {@code periodStart} for {@link #NONE}. */
    public long startOf(long epochMillis, long periodStart) {
        return this == NONE ? periodStart : Math.floorDiv(epochMillis, millis) * millis;
    }

    /** The bucket with this name ({@code hour}, {@code day}, {@code none}; case-insensitive), if any. */
    public static Optional<Bucket> parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "hour", "hourly" -> Optional.of(HOUR);
            case "day", "daily" -> Optional.of(DAY);
            case "none", "" -> Optional.of(NONE);
            default -> Optional.empty();
        };
    }

    /** The first instant of the hour holding {@code epochMillis}. */
    public static long floorHour(long epochMillis) {
        return Math.floorDiv(epochMillis, HOUR_MILLIS) * HOUR_MILLIS;
    }

    /** The first instant of the hour at or after {@code epochMillis}. */
    public static long ceilHour(long epochMillis) {
        return -Math.floorDiv(-epochMillis, HOUR_MILLIS) * HOUR_MILLIS;
    }

    /** The first instant of the UTC day holding {@code epochMillis}. */
    public static long floorDay(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY_MILLIS) * DAY_MILLIS;
    }

    /** The first instant of the UTC day at or after {@code epochMillis}. */
    public static long ceilDay(long epochMillis) {
        return -Math.floorDiv(-epochMillis, DAY_MILLIS) * DAY_MILLIS;
    }
}
