package dev.switchyard.core.usage;

/**
 * The gateway's one token estimator, for content it delivered but no provider counted: <b>a token per word</b> (a run
 * of characters between whitespace, its punctuation included) <b>and a token per ideographic, kana or Hangul
 * character</b> (scripts written without spaces). It is the simulator's own rule (a simulated token is a word with
 * the space before it), so tests can predict it exactly. Against real tokenizers it errs low (English runs about 1.3
 * tokens a word), on purpose: an estimate bills a stream that ended early and meters a budget while a stream flows,
 * and it must neither overbill the caller nor cut an honest stream that keeps within its {@code max_tokens}. See
 * {@code docs/decisions/0019-delivered-content-billing.md}.
 *
 * <p>Streams arrive in pieces that may split a word, so an instance counts a stream as it comes ({@link #add}) and
 * remembers whether the last piece ended inside a word; the pieces then add up to the estimate of the whole text.
 * Instances are not thread-safe (one per stream, on its event loop).
 */
public final class TokenEstimate {

    private long total;
    private boolean inWord;

    /** The estimated tokens of a whole text. */
    public static long tokens(CharSequence text) {
        TokenEstimate e = new TokenEstimate();
        e.add(text);
        return e.total();
    }

    /** Counts the next piece of the stream; returns the tokens it added. */
    public long add(CharSequence text) {
        long before = total;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                step(Character.toCodePoint(c, text.charAt(++i)));
            } else {
                step(c);
            }
        }
        return total - before;
    }

    /** The same, over a span of a character array (as a streaming JSON parser hands out strings). */
    public long add(char[] text, int offset, int length) {
        return add(java.nio.CharBuffer.wrap(text, offset, length));
    }

    /** The tokens counted so far. */
    public long total() {
        return total;
    }

    private void step(int cp) {
        if (Character.isWhitespace(cp)) {
            inWord = false;
        } else if (unspaced(cp)) {
            total++;
            inWord = false;
        } else if (!inWord) {
            total++;
            inWord = true;
        }
    }

    private static boolean unspaced(int cp) {
        if (Character.isIdeographic(cp)) {
            return true;
        }
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                || s == Character.UnicodeScript.HANGUL || s == Character.UnicodeScript.THAI;
    }
}
