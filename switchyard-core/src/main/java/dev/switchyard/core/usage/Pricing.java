package dev.switchyard.core.usage;

import java.util.Objects;

/**
 * What one endpoint charges, in exact picodollars (see {@link Money}). Prices are data from the catalog, dated and
 * sourced, never constants in code.
 *
 * @param promptPicos per uncached input token
 * @param completionPicos per output token (reasoning included)
 * @param cacheReadPicos per input token served from the prompt cache
 * @param cacheWritePicos per input token written into an explicit cache
 * @param requestPicos per request
 * @param asOf the date the price was read, ISO-8601
 * @param source where it was read
 */
public record Pricing(long promptPicos, long completionPicos, long cacheReadPicos, long cacheWritePicos,
                      long requestPicos, String asOf, String source) {

    /** A free endpoint, e.g. a local server. */
    public static final Pricing FREE = new Pricing(0, 0, 0, 0, 0, "", "");

    public Pricing {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(source, "source");
    }

    /** Whether every price is zero. */
    public boolean isFree() {
        return promptPicos == 0 && completionPicos == 0 && cacheReadPicos == 0 && cacheWritePicos == 0
                && requestPicos == 0;
    }
}
