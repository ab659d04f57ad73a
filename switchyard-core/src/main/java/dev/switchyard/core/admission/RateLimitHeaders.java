package dev.switchyard.core.admission;

import dev.switchyard.core.accounts.RateDecision;
import dev.switchyard.core.accounts.RateDecision.Kind;
import dev.switchyard.core.accounts.RateDecision.Standing;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Exchange;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's rate-limit headers from a decision's standings: for each kind of limit, the tightest of the key's and the
 * workspace's ({@code x-ratelimit-limit-requests}, {@code -remaining-}, {@code -reset-}, the same for tokens, and
 * Switchyard's {@code -concurrent}); and the 429 that names the limit that refused.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static void add(Exchange exchange, List<Standing> standings) {
        Map<Kind, Standing> tightest = new EnumMap<>(Kind.class);
        for (Standing s : standings) {
            Standing t = tightest.get(s.kind());
            if (t == null || s.remaining() < t.remaining()) {
                tightest.put(s.kind(), s);
            }
        }
        for (Standing s : tightest.values()) {
            String suffix = suffix(s.kind());
            exchange.header("x-ratelimit-limit-" + suffix, Long.toString(s.limit()));
            exchange.header("x-ratelimit-remaining-" + suffix, Long.toString(Math.max(0, s.remaining())));
            if (s.kind() != Kind.CONCURRENT) {
                exchange.header("x-ratelimit-reset-" + suffix, duration(s.resetMillis()));
            }
        }
    }

    static GatewayError error(RateDecision.Refused refused) {
        Standing s = refused.refusing();
        String whose = s.scope().kind() == Scope.Kind.KEY ? "this key" : "workspace " + s.scope().id();
        String what = switch (s.kind()) {
            case REQUESTS -> s.limit() + " requests per minute";
            case TOKENS -> s.limit() + " tokens per minute";
            case CONCURRENT -> s.limit() + " concurrent requests";
        };
        String when = s.kind() == Kind.CONCURRENT ? "when one of its requests in flight ends"
                : "in " + duration(refused.retryAfterMillis());
        long retryAfter = Math.max(1, (refused.retryAfterMillis() + 999) / 1000);
        return GatewayError.builder(ErrorKind.RATE_LIMITED, "rate limit reached: " + whose + " allows " + what
                + "; try again " + when).code("rate_limit_" + suffix(s.kind()))
                .metadata("limit", s.limit()).metadata("scope", s.scope().kind().name().toLowerCase())
                .retryAfterSeconds(retryAfter).build();
    }

    private static String suffix(Kind kind) {
        return switch (kind) {
            case REQUESTS -> "requests";
            case TOKENS -> "tokens";
            case CONCURRENT -> "concurrent";
        };
    }

    /** A duration as OpenAI writes it: {@code 250ms}, {@code 1.5s}, {@code 6m0s}. */
    static String duration(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            String s = java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
            return s + "s";
        }
        long minutes = millis / 60_000;
        long seconds = (millis % 60_000) / 1000;
        return minutes + "m" + seconds + "s";
    }
}
