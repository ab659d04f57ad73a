package dev.switchyard.core.ir;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the client asked of the model's reasoning: the one shape every door's control reads into (OpenRouter's
 * {@code reasoning: {effort, max_tokens, exclude, enabled}} and {@code reasoning_effort} on the OpenAI doors,
 * Anthropic's {@code thinking} and {@code output_config.effort}, Gemini's {@code thinkingConfig}) and every provider
 * writer maps to its own native control ({@code docs/compatibility.md}, "Reasoning controls";
 * {@code docs/decisions/0016-unified-reasoning.md}).
 *
 * <p>An effort and a token budget stand in for each other, the way OpenRouter converts them: a budget is a share of
 * the output cap ({@link #ratio}), clamped to [{@value #MIN_BUDGET}, {@value #MAX_BUDGET}]; an effort is read off a
 * budget by thresholds ({@link #effortOr}).
 *
 * @param enabled false when the client switched reasoning off explicitly
 * @param effort {@code minimal|low|medium|high|xhigh|max}, empty when not given
 * @param budgetTokens a token budget for reasoning, 0 when not given
 * @param summary whether the client wants the reasoning text in the answer; false is OpenRouter's
 *     {@code exclude: true} (also Anthropic's {@code display: "omitted"} and Gemini's {@code includeThoughts: false}):
 *     the model still reasons, its text is left out of the answer, and its signatures stay for round trips
 */
public record ReasoningConfig(boolean enabled, String effort, long budgetTokens, boolean summary) {

    public static final ReasoningConfig OFF = new ReasoningConfig(false, "", 0, false);

    /** The smallest budget written for an effort (Anthropic's minimum). */
    public static final long MIN_BUDGET = 1024;
    /** The largest budget written for an effort (OpenRouter's cap). */
    public static final long MAX_BUDGET = 32_000;
    /** The output cap an effort's share is taken of when the request sets none. */
    public static final long DEFAULT_OUTPUT_BASE = 16_384;

    public ReasoningConfig {
        Objects.requireNonNull(effort, "effort");
        if (budgetTokens < 0) {
            throw new IllegalArgumentException("budgetTokens must be >= 0");
        }
    }

    /** Whether the reasoning text is to be left out of the answer (OpenRouter's {@code exclude}). */
    public boolean excluded() {
        return !summary;
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

    /**
     * A token budget for formats that need one: the client's budget when it gave one, otherwise the effort's share
     * of the output cap ({@code maxOutputTokens}, or {@value #DEFAULT_OUTPUT_BASE} when the request sets none),
     * clamped to [{@value #MIN_BUDGET}, {@value #MAX_BUDGET}].
     */
    public long budgetOr(OptionalLong maxOutputTokens) {
        if (budgetTokens > 0) {
            return budgetTokens;
        }
        long base = maxOutputTokens.orElse(DEFAULT_OUTPUT_BASE);
        long share = Math.round(base * ratio(effortOr()));
        return Math.max(MIN_BUDGET, Math.min(MAX_BUDGET, share));
    }

    /** The share of the output cap an effort spends reasoning (OpenRouter's ratios, extended to xhigh and max). */
    public static double ratio(String effort) {
        return switch (effort) {
            case "minimal" -> 0.1;
            case "low" -> 0.2;
            case "high" -> 0.8;
            case "xhigh" -> 0.9;
            case "max" -> 0.95;
            default -> 0.5;
        };
    }
}
