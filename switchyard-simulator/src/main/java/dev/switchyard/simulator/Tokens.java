package dev.switchyard.simulator;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Deterministic text for simulated completions: the same script always yields the same tokens. The token lists are
 * views computed on demand (a generated word from its index, a script text's word from its offsets), so a long answer
 * is never held in memory as strings.
 */
final class Tokens {

    private static final String[] WORDS = {"The", "switchyard", "routes", "every", "train", "to", "its", "track",
        "while", "signals", "change", "and", "freight", "keeps", "moving", "on", "time"};

    private Tokens() {
    }

    /** The tokens of a completion: the script's text split into words, or {@code count} generated words. */
    static List<String> of(String text, int count) {
        if (!text.isEmpty()) {
            return new Words(text);
        }
        return new Generated(count);
    }

    /** Generated words: token {@code i} is word {@code i mod 17}, with a leading space after the first. */
    private static final class Generated extends AbstractList<String> implements RandomAccess {
        private final int count;

        Generated(int count) {
            this.count = count;
        }

        @Override
        public String get(int i) {
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException(i);
            }
            return i == 0 ? WORDS[0] : " " + WORDS[i % WORDS.length];
        }

        @Override
        public int size() {
            return count;
        }
    }

    /** A text's words, each with the space before it: only the offsets where words start are kept. */
    private static final class Words extends AbstractList<String> implements RandomAccess {
        private final String text;
        private final int[] starts;

        Words(String text) {
            this.text = text;
            int n = 0;
            int[] at = new int[16];
            int start = 0;
            for (int i = 1; i <= text.length(); i++) {
                if (i == text.length() || (text.charAt(i) == ' ' && i > start)) {
                    if (n == at.length) {
                        at = java.util.Arrays.copyOf(at, n * 2);
                    }
                    at[n++] = start;
                    start = i;
                }
            }
            this.starts = java.util.Arrays.copyOf(at, n);
        }

        @Override
        public String get(int i) {
            int end = i + 1 < starts.length ? starts[i + 1] : text.length();
            return text.substring(starts[i], end);
        }

        @Override
        public int size() {
            return starts.length;
        }
    }

    /** Splits a string into about {@code pieces} fragments (for streamed tool arguments). */
    static List<String> fragments(String s, int pieces) {
        List<String> out = new ArrayList<>();
        int size = Math.max(1, (int) Math.ceil(s.length() / (double) Math.max(1, pieces)));
        for (int i = 0; i < s.length(); i += size) {
            out.add(s.substring(i, Math.min(s.length(), i + size)));
        }
        return out;
    }
}
