package dev.switchyard.core.accounts;

import java.util.Objects;

/**
 * Credit in picodollars that a key or workspace may spend per period.
 *
 * @param limitPicos the most that may be spent in one period, at least 0
 * @param reset when spend starts again from zero
 */
public record Budget(long limitPicos, Period reset) {

    public Budget {
        if (limitPicos < 0) {
            throw new IllegalArgumentException("limit: " + limitPicos + " picodollars (expected: >= 0)");
        }
        Objects.requireNonNull(reset, "reset");
    }
}
