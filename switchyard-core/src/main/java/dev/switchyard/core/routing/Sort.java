package dev.switchyard.core.routing;

import java.util.Locale;

/** An explicit ordering of endpoints, instead of the default weighted random. */
public enum Sort {
    /** No explicit sort: weighted random favouring cheap and healthy endpoints. */
    NONE,
    /** Cheapest first (prompt + completion price per token). */
    PRICE,
    /** Highest measured output throughput first. */
    THROUGHPUT,
    /** Lowest measured time to first token first. */
    LATENCY;

    /** Parses OpenRouter's names ({@code price}, {@code throughput}, {@code latency}). */
    public static Sort parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "price" -> PRICE;
            case "throughput" -> THROUGHPUT;
            case "latency" -> LATENCY;
            default -> throw new IllegalArgumentException(s);
        };
    }
}
