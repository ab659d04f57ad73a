package dev.switchyard.core.accounts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * When a budget's spend starts again from zero: at midnight UTC, on Monday 00:00 UTC, on the first of the month
 * 00:00 UTC, or never. Spelled as OpenRouter's {@code limit_reset}.
 */
public enum Period {
    DAILY, WEEKLY, MONTHLY, NONE;

    /** The start of the period that contains {@code epochMillis}, epoch milliseconds; 0 for {@link #NONE}. */
    public long startOf(long epochMillis) {
        if (this == NONE) {
            return 0;
        }
        LocalDate day = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = switch (this) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> day.withDayOfMonth(1);
            case NONE -> throw new AssertionError();
        };
        return start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The start of the next period after the one containing {@code epochMillis}; {@code Long.MAX_VALUE} for none. */
    public long nextStart(long epochMillis) {
        if (this == NONE) {
            return Long.MAX_VALUE;
        }
        LocalDate start = Instant.ofEpochMilli(startOf(epochMillis)).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate next = switch (this) {
            case DAILY -> start.plusDays(1);
            case WEEKLY -> start.plusWeeks(1);
            case MONTHLY -> start.plusMonths(1);
            case NONE -> throw new AssertionError();
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The wire name: {@code daily}, {@code weekly}, {@code monthly}, or {@code none}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a wire name (case-insensitive); empty for anything else. */
    public static Optional<Period> parse(String text) {
        for (Period p : values()) {
            if (p.wireName().equalsIgnoreCase(text.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
