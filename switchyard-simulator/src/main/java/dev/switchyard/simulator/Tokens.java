package dev.switchyard.simulator;

import java.util.ArrayList;
import java.util.List;

/** Deterministic text for simulated completions: the same script always yields the same tokens. */
final class Tokens {

    private static final String[] WORDS = {"The", "switchyard", "routes", "every", "train", "to", "its", "track",
        "while", "signals", "change", "and", "freight", "keeps", "moving", "on", "time"};

    private Tokens() {
    }

    /** The tokens of a completion: the script's text split into words, or {@code count} generated words. */
    static List<String> of(String text, int count) {
        List<String> out = new ArrayList<>();
        if (!text.isEmpty()) {
            int start = 0;
            for (int i = 1; i <= text.length(); i++) {
                if (i == text.length() || (text.charAt(i) == ' ' && i > start)) {
                    out.add(text.substring(start, i));
                    start = i;
                }
            }
            return out;
        }
        for (int i = 0; i < count; i++) {
            out.add((i == 0 ? "" : " ") + WORDS[i % WORDS.length]);
        }
        return out;
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
