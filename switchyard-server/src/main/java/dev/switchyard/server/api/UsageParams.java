package dev.switchyard.server.api;

import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the parameters of a usage report, shared by {@code GET /api/v1/admin/usage} and {@code switchyard usage}:
 * instants, dimension lists, bucket and filters. Every failure is a {@link BadParameter} naming the parameter.
 */
public final class UsageParams {

    /** The dimensions that can be filtered on, by parameter name. */
    public static final List<UsageDimension> FILTERS = List.of(UsageDimension.values());
    /** Longest period that may be sliced by hour. */
    public static final long MAX_HOURLY_SPAN_MILLIS = 92 * Bucket.DAY_MILLIS;

    private UsageParams() {
    }

    /**
     * An instant: epoch milliseconds ({@code 1764547200000}), a UTC date ({@code 2026-11-01}, its midnight), an ISO
     * instant or offset date-time ({@code 2026-11-01T10:00:00Z}), or a date-time without offset (read as UTC).
     */
    public static long instant(String param, String value) {
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw bad(param, value);
            }
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (v.endsWith("Z") || v.endsWith("z")) {
                return Instant.parse(v.toUpperCase(java.util.Locale.ROOT)).toEpochMilli();
            }
            try {
                return OffsetDateTime.parse(v).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        } catch (DateTimeParseException e) {
            throw bad(param, value);
        }
    }

    private static BadParameter bad(String param, String value) {
        return new BadParameter(param, "invalid '" + param + "': '" + value
                + "' (expected: an ISO date such as 2026-11-01, an ISO instant such as 2026-11-01T10:00:00Z,"
                + " or epoch milliseconds)");
    }

    /** A UTC date, {@code YYYY-MM-DD}. */
    public static LocalDate date(String param, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadParameter(param, "invalid '" + param + "': '" + value + "' (expected: YYYY-MM-DD)");
        }
    }

    /** Dimensions from comma-separated lists, e.g. {@code model,provider}; repeats are ignored. */
    public static List<UsageDimension> dimensions(String param, List<String> values) {
        List<UsageDimension> out = new ArrayList<>();
        for (String value : values) {
            for (String name : value.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                UsageDimension d = UsageDimension.parse(name).orElseThrow(() -> new BadParameter(param,
                        "invalid '" + param + "': unknown dimension '" + name.strip() + "' (expected any of "
                                + Arrays.stream(UsageDimension.values()).map(UsageDimension::wireName).toList()
                                + ")"));
                if (!out.contains(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** {@code hour}, {@code day} or {@code none}. */
    public static Bucket bucket(String param, String value) {
        return Bucket.parse(value).orElseThrow(() -> new BadParameter(param,
                "invalid '" + param + "': '" + value + "' (expected: hour, day or none)"));
    }

    /** The first instant of the UTC month holding {@code epochMillis}. */
    public static long monthStart(long epochMillis) {
        LocalDate d = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
        return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /**
     * A report query from named parameters ({@code from}, {@code to}, {@code bucket}, {@code group_by} and one filter
     * per dimension name); absent ones default to this UTC month so far, no buckets and no grouping.
     *
     * @param single a parameter's value, or null when absent
     * @param all every value of a repeatable parameter
     */
    public static UsageQuery query(Function<String, String> single, Function<String, List<String>> all,
                                   long nowMillis) {
        String fromText = single.apply("from");
        String toText = single.apply("to");
        long from = fromText == null ? monthStart(nowMillis) : instant("from", fromText);
        long to = toText == null ? Bucket.ceilHour(nowMillis + 1) : instant("to", toText);
        if (Bucket.ceilHour(to) <= Bucket.floorHour(from)) {
            throw new BadParameter(toText == null ? "from" : "to", "invalid period: 'to' ("
                    + Instant.ofEpochMilli(to) + ") must be after 'from' (" + Instant.ofEpochMilli(from) + ")");
        }
        String bucketText = single.apply("bucket");
        Bucket bucket = bucketText == null ? Bucket.NONE : bucket("bucket", bucketText);
        if (bucket == Bucket.HOUR && to - from > MAX_HOURLY_SPAN_MILLIS) {
            throw new BadParameter("bucket", "invalid 'bucket': hour buckets span at most 92 days; use bucket=day");
        }
        List<UsageDimension> groupBy = dimensions("group_by", all.apply("group_by"));
        Map<UsageDimension, String> filters = new EnumMap<>(UsageDimension.class);
        for (UsageDimension d : FILTERS) {
            String v = single.apply(d.wireName());
            if (v != null) {
                filters.put(d, v);
            }
        }
        return new UsageQuery(from, to, bucket, groupBy, filters);
    }
}
