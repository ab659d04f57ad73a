package dev.switchyard.core.accounts;

import java.util.List;
import java.util.Objects;

/** What a {@link RateLimiter} decided for one request. */
public sealed interface RateDecision {

    /** The standing of every limit that applied, for the {@code x-ratelimit-*} headers. */
    List<Standing> standings();

    /**
     * The request may start; it holds a concurrency slot and a token estimate until settled.
     *
     * @param id names this admission in a shared store, where its concurrency slot is a lease settled by id; empty
     *     for a limiter that needs no name (the in-process one)
     * @param standings after this request was counted
     * @param scopes the scopes charged, for {@link RateLimiter#settle}
     * @param estimatedTokens what was charged against tokens-per-minute
     * @param admittedAtMillis when
     */
    record Admitted(String id, List<Standing> standings, List<RateLimiter.ScopedLimits> scopes,
                    long estimatedTokens, long admittedAtMillis) implements RateDecision {
        public Admitted {
            Objects.requireNonNull(id, "id");
            standings = List.copyOf(standings);
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * The request is refused; nothing was charged.
     *
     * @param standings of every limit, the refusing one included
     * @param refusing the limit that refused
     * @param retryAfterMillis when the refusing limit could admit it again (0 for a concurrency limit: when a request
     *     in flight ends)
     */
    record Refused(List<Standing> standings, Standing refusing, long retryAfterMillis) implements RateDecision {
        public Refused {
            standings = List.copyOf(standings);
            Objects.requireNonNull(refusing, "refusing");
        }
    }

    /** The kinds of limit. */
    enum Kind { REQUESTS, TOKENS, CONCURRENT }

    /**
     * One limit of one scope.
     *
     * @param scope whose limit
     * @param kind which limit
     * @param limit the configured amount
     * @param remaining what is left now
     * @param resetMillis how long until the window has room for the full limit again (0 when it has)
     */
    record Standing(Scope scope, Kind kind, long limit, long remaining, long resetMillis) {
        public Standing {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
