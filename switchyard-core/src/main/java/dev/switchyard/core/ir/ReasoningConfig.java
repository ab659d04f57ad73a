package dev.switchyard.core.ir;

import java.util.Objects;

/**
 * What the client asked of the model's reasoning.
 *
 * @param enabled false when the client switched reasoning off explicitly
 * @param effort {@code minimal|low|medium|high|xhigh|max}, empty when not given
 * @param budgetTokens a token budget for reasoning, 0 when not given
 * @param summary whether the client wants the reasoning text returned (Gemini {@code includeThoughts})
 */
public record ReasoningConfig(boolean enabled, String effort, long budgetTokens, boolean summary) {

    public static final ReasoningConfig OFF = new ReasoningConfig(false, "", 0, false);

    public ReasoningConfig {
        Objects.requireNonNull(effort, "effort");
        if (budgetTokens < 0) {
            throw new IllegalArgumentException("budgetTokens must be >= 0");
        }
    }

    /** An effort for formats that need one, derived from the budget when none was given. */
    public String effortOr() {
        if (!effort.isEmpty()) {
            return effort;
        }
        if (budgetTokens == 0) {
            return "medium";
        }
        return budgetTokens < 4096 ? "low" : budgetTokens < 16384 ? "medium" : "high";
    }
}
