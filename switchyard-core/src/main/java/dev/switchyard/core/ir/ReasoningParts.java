package dev.switchyard.core.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins reasoning that a client sent back in pieces. Streaming clients often keep a thinking block as several
 * entries (text fragments, then the signature alone: OpenRouter-style {@code reasoning_details}, Gemini thought
 * parts followed by a signed part); providers need it as one block of text with its token. Adjacent reasoning parts
 * merge while the earlier one has no token yet (a token-less part has no meaningful origin); the merged part takes
 * the token and its origin from the later one.
 */
public final class ReasoningParts {

    private ReasoningParts() {
    }

    public static List<Part> merge(List<Part> parts) {
        List<Part> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            if (p instanceof Part.Reasoning next && !out.isEmpty()
                    && out.get(out.size() - 1) instanceof Part.Reasoning prev
                    && !prev.hasToken()) {
                // a token that carries its text (ReasoningTokens.wrapWithText) repeats what the pieces said
                String text = !prev.text().isEmpty() && prev.text().equals(next.text()) ? prev.text()
                        : prev.text() + next.text();
                out.set(out.size() - 1, new Part.Reasoning(text, next.signature(),
                        next.redacted(), next.hasToken() ? next.origin() : prev.origin()));
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
