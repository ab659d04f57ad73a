package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the simulator does for one request: how long it waits, how fast it talks, what it says, what usage it
 * reports, and which error or fault it injects. Scripts are immutable; build one with {@link #builder()} or read one
 * from JSON with {@link #fromJson}. All durations are milliseconds.
 *
 * <p>When {@code latencyMs}, {@code ttftMs}, {@code tokensPerSecond} and the trickle delay are all zero the response is
 * written without any timer (zero-delay mode), which is what benchmarks use.
 *
 * @param latencyMs wait before the response head
 * @param ttftMs wait after the head, before the first token
 * @param tokensPerSecond pacing of tokens after the first; 0 means as fast as possible
 * @param text the content to send; empty means {@code completionTokens} deterministic words
 * @param completionTokens how many tokens to send and report (when {@code text} is set, its word count is used)
 * @param promptTokens the prompt tokens to report; -1 derives a deterministic count from the request
 * @param cachedTokens cached prompt tokens to report (cache reads)
 * @param cacheWriteTokens prompt tokens to report as written into the provider's prompt cache: Anthropic's
 *     {@code cache_creation_input_tokens}, OpenRouter's {@code prompt_tokens_details.cache_write_tokens}; Gemini
 *     reports none
 * @param reasoningTokens reasoning tokens to report (counted within completion tokens)
 * @param toolName when non-empty, answer with a call of this tool instead of text
 * @param toolArguments the tool call's arguments, a JSON string
 * @param errorStatus when non-zero, answer with this HTTP error
 * @param errorMessage the error's message
 * @param retryAfterSeconds when non-negative, send {@code Retry-After}
 * @param fault a transport or framing fault
 * @param cutAfterChunks with {@link Fault#CUT}, how many chunks go out before the cut; with {@link Fault#GAP}, before
 *     the silence
 * @param trickleBytes with {@link Fault#TRICKLE}, bytes per piece
 * @param trickleDelayMs with {@link Fault#TRICKLE}, pause between pieces
 * @param gapMs with {@link Fault#GAP}, how long the provider falls silent
 * @param keepAlives SSE comment lines sent before the first token
 * @param thinking reasoning text the model shows before answering, with a signature in formats that have one;
 *     empty for none
 * @param afterToolResult the script used instead when the request's conversation ends with a tool result (an
 *     OpenAI {@code tool} message, an Anthropic {@code tool_result} block, a Gemini {@code functionResponse}), so one
 *     script drives an agent's whole tool round trip: a tool call first, then an answer once the result is back
 * @param honourMaxTokens whether the answer stops at the request's {@code max_tokens} (OpenAI {@code max_tokens} or
 *     {@code max_completion_tokens}, Anthropic {@code max_tokens}, Gemini {@code generationConfig.maxOutputTokens})
 *     with the format's length finish reason, as real providers do; false (the default) sends the whole script
 *     whatever the request asked, like a provider that ignores the limit
 */
public record Script(long latencyMs, long ttftMs, double tokensPerSecond, String text, int completionTokens,
                     int promptTokens, int cachedTokens, int cacheWriteTokens, int reasoningTokens, String toolName, String toolArguments,
                     int errorStatus, String errorMessage, int retryAfterSeconds, Fault fault, int cutAfterChunks,
                     int trickleBytes, long trickleDelayMs, long gapMs, int keepAlives, String thinking, boolean honourMaxTokens,
                     Optional<Script> afterToolResult) {

    /** Instant, sixteen deterministic tokens, no errors. */
    public static final Script DEFAULT = builder().build();

    public Script {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(toolArguments, "toolArguments");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(thinking, "thinking");
        Objects.requireNonNull(afterToolResult, "afterToolResult");
        if (latencyMs < 0 || ttftMs < 0 || tokensPerSecond < 0 || completionTokens < 0 || trickleDelayMs < 0
                || gapMs < 0 || cachedTokens < 0 || cacheWriteTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("script timings and counts must be >= 0");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this script. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.latencyMs = latencyMs;
        b.ttftMs = ttftMs;
        b.tokensPerSecond = tokensPerSecond;
        b.text = text;
        b.completionTokens = completionTokens;
        b.promptTokens = promptTokens;
        b.cachedTokens = cachedTokens;
        b.cacheWriteTokens = cacheWriteTokens;
        b.reasoningTokens = reasoningTokens;
        b.toolName = toolName;
        b.toolArguments = toolArguments;
        b.errorStatus = errorStatus;
        b.errorMessage = errorMessage;
        b.retryAfterSeconds = retryAfterSeconds;
        b.fault = fault;
        b.cutAfterChunks = cutAfterChunks;
        b.trickleBytes = trickleBytes;
        b.trickleDelayMs = trickleDelayMs;
        b.gapMs = gapMs;
        b.keepAlives = keepAlives;
        b.thinking = thinking;
        b.honourMaxTokens = honourMaxTokens;
        b.afterToolResult = afterToolResult.orElse(null);
        return b;
    }

    /** Whether no timer is needed at all. */
    public boolean zeroDelay() {
        return latencyMs == 0 && ttftMs == 0 && tokensPerSecond == 0 && (fault != Fault.TRICKLE || trickleDelayMs == 0)
                && (fault != Fault.GAP || gapMs == 0);
    }

    public Optional<String> tool() {
        return toolName.isEmpty() ? Optional.empty() : Optional.of(toolName);
    }

    /**
     * Reads a script from JSON, with snake_case field names; fields not given keep their values in {@code base}.
     * Example: {@code {"ttft_ms": 200, "tokens_per_second": 50, "error": {"status": 429, "retry_after": 3}}}.
     */
    public static Script fromJson(JsonNode n, Script base) {
        Builder b = base.toBuilder();
        if (n == null || !n.isObject()) {
            return base;
        }
        if (n.has("latency_ms")) b.latencyMs(n.get("latency_ms").asLong());
        if (n.has("ttft_ms")) b.ttftMs(n.get("ttft_ms").asLong());
        if (n.has("tokens_per_second")) b.tokensPerSecond(n.get("tokens_per_second").asDouble());
        if (n.has("text")) b.text(n.get("text").asText());
        if (n.has("completion_tokens")) b.completionTokens(n.get("completion_tokens").asInt());
        if (n.has("prompt_tokens")) b.promptTokens(n.get("prompt_tokens").asInt());
        if (n.has("cached_tokens")) b.cachedTokens(n.get("cached_tokens").asInt());
        if (n.has("cache_write_tokens")) b.cacheWriteTokens(n.get("cache_write_tokens").asInt());
        if (n.has("reasoning_tokens")) b.reasoningTokens(n.get("reasoning_tokens").asInt());
        JsonNode tool = n.get("tool_call");
        if (tool != null && tool.isObject()) {
            JsonNode args = tool.path("arguments");
            b.toolCall(tool.path("name").asText(), args.isTextual() ? args.asText() : args.toString());
        }
        JsonNode error = n.get("error");
        if (error != null && error.isObject()) {
            b.error(error.path("status").asInt(500), error.path("message").asText("simulated error"));
            if (error.has("retry_after")) b.retryAfterSeconds(error.get("retry_after").asInt());
        }
        if (n.has("fault")) b.fault(Fault.valueOf(n.get("fault").asText().toUpperCase(Locale.ROOT)));
        if (n.has("cut_after_chunks")) b.cutAfterChunks(n.get("cut_after_chunks").asInt());
        if (n.has("trickle_bytes")) b.trickleBytes(n.get("trickle_bytes").asInt());
        if (n.has("trickle_delay_ms")) b.trickleDelayMs(n.get("trickle_delay_ms").asLong());
        if (n.has("gap_ms")) b.gapMs(n.get("gap_ms").asLong());
        if (n.has("keep_alives")) b.keepAlives(n.get("keep_alives").asInt());
        if (n.has("thinking")) b.thinking(n.get("thinking").asText());
        if (n.has("honour_max_tokens")) b.honourMaxTokens(n.get("honour_max_tokens").asBoolean());
        JsonNode after = n.get("after_tool_result");
        if (after != null && after.isObject()) {
            Script plain = b.build().toBuilder().toolCall("", "{}").afterToolResult(null).build();
            b.afterToolResult(fromJson(after, plain));
        }
        return b.build();
    }

    /** Builder for {@link Script}. */
    public static final class Builder {
        private long latencyMs;
        private long ttftMs;
        private double tokensPerSecond;
        private String text = "";
        private int completionTokens = 16;
        private int promptTokens = -1;
        private int cachedTokens;
        private int cacheWriteTokens;
        private int reasoningTokens;
        private String toolName = "";
        private String toolArguments = "{}";
        private int errorStatus;
        private String errorMessage = "simulated error";
        private int retryAfterSeconds = -1;
        private Fault fault = Fault.NONE;
        private int cutAfterChunks = 2;
        private int trickleBytes = 3;
        private long trickleDelayMs = 5;
        private long gapMs;
        private int keepAlives;
        private String thinking = "";
        private boolean honourMaxTokens;
        private Script afterToolResult;

        public Builder latencyMs(long v) { latencyMs = v; return this; }
        public Builder ttftMs(long v) { ttftMs = v; return this; }
        public Builder tokensPerSecond(double v) { tokensPerSecond = v; return this; }
        public Builder text(String v) { text = v; return this; }
        public Builder completionTokens(int v) { completionTokens = v; return this; }
        public Builder promptTokens(int v) { promptTokens = v; return this; }
        public Builder cachedTokens(int v) { cachedTokens = v; return this; }
        public Builder cacheWriteTokens(int v) { cacheWriteTokens = v; return this; }
        public Builder reasoningTokens(int v) { reasoningTokens = v; return this; }
        public Builder toolCall(String name, String argumentsJson) { toolName = name; toolArguments = argumentsJson; return this; }
        public Builder error(int status, String message) { errorStatus = status; errorMessage = message; return this; }
        public Builder retryAfterSeconds(int v) { retryAfterSeconds = v; return this; }
        public Builder fault(Fault v) { fault = v; return this; }
        public Builder cutAfterChunks(int v) { cutAfterChunks = v; return this; }
        public Builder trickleBytes(int v) { trickleBytes = v; return this; }
        public Builder trickleDelayMs(long v) { trickleDelayMs = v; return this; }
        public Builder gapMs(long v) { gapMs = v; return this; }
        public Builder keepAlives(int v) { keepAlives = v; return this; }
        public Builder thinking(String v) { thinking = v; return this; }
        public Builder honourMaxTokens(boolean v) { honourMaxTokens = v; return this; }
        /** The script used instead once the conversation ends with a tool result; null for none. */
        public Builder afterToolResult(Script v) { afterToolResult = v; return this; }

        public Script build() {
            return new Script(latencyMs, ttftMs, tokensPerSecond, text, completionTokens, promptTokens, cachedTokens,
                    cacheWriteTokens, reasoningTokens, toolName, toolArguments, errorStatus, errorMessage,
                    retryAfterSeconds, fault, cutAfterChunks, trickleBytes, trickleDelayMs, gapMs, keepAlives, thinking,
                    honourMaxTokens, Optional.ofNullable(afterToolResult));
        }
    }
}
