package dev.switchyard.server.console;

import dev.switchyard.core.usage.Bucket;
import dev.switchyard.server.api.BadParameter;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The overview's periods: the last 24 hours, 7 days (hourly points) or 30 or 90 days (daily points), ending at the
 * end of the current UTC hour, the rollups' finest grain.
 */
enum Window {
    H24("24h", 24 * Bucket.HOUR_MILLIS, Bucket.HOUR),
    D7("7d", 7 * Bucket.DAY_MILLIS, Bucket.HOUR),
    D30("30d", 30 * Bucket.DAY_MILLIS, Bucket.DAY),
    D90("90d", 90 * Bucket.DAY_MILLIS, Bucket.DAY);

    final String name;
    final long millis;
    final Bucket bucket;

    Window(String name, long millis, Bucket bucket) {
        this.name = name;
        this.millis = millis;
        this.bucket = bucket;
    }

    /** The window named by {@code value}, 24 hours when absent; a 400 naming the parameter otherwise. */
    static Window parse(String value) {
        if (value == null || value.isBlank()) {
            return H24;
        }
        for (Window w : values()) {
            if (w.name.equals(value.strip())) {
                return w;
            }
        }
        throw new BadParameter("window", "invalid 'window': '" + value + "' (expected one of "
                + Arrays.stream(values()).map(w -> w.name).collect(Collectors.joining(", ")) + ")");
    }

    /** The end of the window: the end of the UTC hour holding {@code now}. */
    long to(long now) {
        return Bucket.floorHour(now) + Bucket.HOUR_MILLIS;
    }

    /** The start: whole hours, or for daily points the start of the first whole UTC day. */
    long from(long now) {
        long to = to(now);
        return bucket == Bucket.DAY ? Bucket.floorDay(to) - millis + Bucket.DAY_MILLIS : to - millis;
    }
}
