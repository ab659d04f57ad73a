package dev.switchyard.core.usage;

import java.util.Objects;
import java.util.Optional;

/**
 * Which ledger records to list, newest first: a page of the requests explorer. Every filter is optional.
 *
 * @param key the key's public id ({@code hash})
 * @param model the model that served, or the one asked for when none served
 * @param provider the provider that served (or failed last)
 * @param statusMin lowest HTTP status, inclusive
 * @param statusMax highest HTTP status, inclusive
 * @param fromMillis first instant, inclusive
 * @param toMillis last instant, exclusive
 * @param before the page's start: records strictly older than this cursor
 * @param limit the most records returned
 */
public record LedgerFilter(Optional<String> key, Optional<String> model, Optional<String> provider, int statusMin,
                           int statusMax, long fromMillis, long toMillis, Optional<Cursor> before, int limit) {

    public LedgerFilter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(before, "before");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /**
     * A position in the newest-first order: a record's creation time and id (ids break ties).
     *
     * @param createdAtMillis the record's creation time
     * @param id the record's id
     */
    public record Cursor(long createdAtMillis, String id) {

        public Cursor {
            Objects.requireNonNull(id, "id");
        }

        /** The cursor's text form, {@code millis:id}. */
        public String text() {
            return createdAtMillis + ":" + id;
        }

        /** Reads the text form; empty when malformed. */
        public static Optional<Cursor> parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
