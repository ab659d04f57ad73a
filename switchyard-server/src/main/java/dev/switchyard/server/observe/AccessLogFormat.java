package dev.switchyard.server.observe;

import java.util.Locale;

/**
 * How an access log line is written: {@code text} (key=value pairs, for people reading a terminal) or {@code json}
 * (one JSON object per line, for log shippers). Chosen by {@code log.format} in the configuration or
 * {@code SWITCHYARD_LOG_FORMAT}.
 */
public enum AccessLogFormat {
    TEXT,
    JSON;

    /**
     * The format a configuration value names.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static AccessLogFormat parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("log.format: '" + value + "' (expected: text or json)");
        };
    }
}
