package dev.switchyard.core.usage;

/**
 * The gateway's one token estimator, for content it delivered but no provider counted: about four characters a token
 * (characters as the client reads them: Unicode code points of the text, reasoning and tool-call arguments, not the
 * JSON around them). It is the rule the simulator counts prompts by and the rule request routing estimates prompts
 * by, so tests can predict it; for English prose it is within a few tens of percent of real tokenizers, and it never
 * says zero for content that was delivered. See {@code docs/decisions/0019-delivered-content-billing.md}.
 *
 * <p>Streams arrive in small pieces, so counts are kept as running character totals and each piece is given the
 * tokens it adds to the total ({@link #added}): the pieces then add up to the estimate of the whole, instead of every
 * one-character piece counting as a token.
 */
public final class TokenEstimate {

    /** Characters per estimated token. */
    public static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    /** The estimated tokens of {@code chars} characters of content: {@code ceil(chars / 4)}. */
    public static long tokens(long chars) {
        if (chars < 0) {
            throw new IllegalArgumentException("chars: " + chars + " (expected: >= 0)");
        }
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** The tokens that {@code more} characters add to a running total of {@code before}. */
    public static long added(long before, long more) {
        return tokens(before + more) - tokens(before);
    }

    /** The estimated tokens of a text, counted in code points. */
    public static long tokens(CharSequence text) {
        return tokens(codePoints(text));
    }

    /** The code points of a text (a surrogate pair is one character). */
    public static long codePoints(CharSequence text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isLowSurrogate(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
