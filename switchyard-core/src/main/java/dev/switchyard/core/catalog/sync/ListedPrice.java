package dev.switchyard.core.catalog.sync;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A price a source lists for one model, in exact picodollars per token (per request for {@code request}).
 *
 * @param prompt per uncached input token
 * @param completion per output token
 * @param cacheRead per cached input token, when the source lists it (absent: the catalog prices it as input)
 * @param cacheWrite per token written to a cache, when the source lists it
 * @param request per request
 * @param note how the source's price was read, e.g. that the highest of its tiers was taken; may be empty
 */
public record ListedPrice(long prompt, long completion, OptionalLong cacheRead, OptionalLong cacheWrite, long request,
                          String note) {

    public ListedPrice {
        Objects.requireNonNull(cacheRead, "cacheRead");
        Objects.requireNonNull(cacheWrite, "cacheWrite");
        Objects.requireNonNull(note, "note");
    }

    /** A free price: what a keyless local server charges. */
    public static ListedPrice free(String note) {
        return new ListedPrice(0, 0, OptionalLong.empty(), OptionalLong.empty(), 0, note);
    }
}
