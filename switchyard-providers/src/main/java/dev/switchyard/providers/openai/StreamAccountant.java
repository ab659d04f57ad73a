package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.sse.SseEvents;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Watches an OpenAI chat completion stream event by event, parsing only what accounting needs: the usage chunk, the
 * finish reason, an in-band error, and the {@code [DONE]} marker. Events are cheap-checked for those markers as
 * bytes and only parsed when one is present.
 */
public final class StreamAccountant {

    /** What to do with one upstream event. */
    public enum Verdict {
        /** Pass it to the client as it is. */
        FORWARD,
        /** Keep it from the client (the usage chunk the client did not ask for). */
        DROP
    }

    private static final int USAGE = 1;
    private static final int FINISH = 2;
    private static final int ERROR = 4;
    private static final int DONE = 8;
    private static final byte[] USAGE_KEY = "usage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINISH_KEY = "finish_reason\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_KEY = "error\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE_TEXT = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final int PARSE = USAGE | FINISH | ERROR | DONE;
    private static final int EMPTY_CONTENT = 16;
    private static final int TOOL_CALLS = 32;
    private static final int REASONING = 64;
    private static final byte[] EMPTY_CONTENT_TEXT = "content\":\"\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOOL_CALLS_KEY = "tool_calls\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REASONING_KEY = "reasoning".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    private final boolean clientWantsUsage;
    private Usage usage = Usage.NONE;
    private String finishReason = "";
    private String inBandError;
    private boolean done;
    private boolean sawData;
    private boolean carriedOutput;

    /**
     * @param mapper a shared mapper whose factory carries the upstream parsing limits
     * @param clientWantsUsage whether the client asked for the usage chunk
     */
    public StreamAccountant(ObjectMapper mapper, boolean clientWantsUsage) {
        this.mapper = mapper;
        this.clientWantsUsage = clientWantsUsage;
    }

    /** Looks at one whole event and says whether the client gets it. */
    public Verdict onEvent(Buffer event) {
        carriedOutput = false;
        int found = scan(event);
        if ((found & PARSE) == 0) {
            if (!sawData) {
                if (SseEvents.data(event) == null) {
                    return Verdict.FORWARD;
                }
                sawData = true;
            } else if (event.length() > 0 && event.getByte(0) == ':') {
                return Verdict.FORWARD; // a comment
            }
            // the opening chunk (a role and empty content) carries no output; every other chunk does
            carriedOutput = (found & EMPTY_CONTENT) == 0 || (found & (TOOL_CALLS | REASONING)) != 0;
            return Verdict.FORWARD;
        }
        String data = SseEvents.data(event);
        if (data == null) {
            return Verdict.FORWARD;
        }
        sawData = true;
        if (data.equals("[DONE]")) {
            done = true;
            return Verdict.FORWARD;
        }
        JsonNode chunk;
        try {
            chunk = mapper.readTree(data);
        } catch (IOException e) {
            return Verdict.FORWARD; // not ours to judge; the client sees what the provider sent
        }
        if (chunk == null) {
            return Verdict.FORWARD;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            inBandError = error.path("message").asText(error.toString());
        }
        JsonNode choices = chunk.path("choices");
        for (JsonNode choice : choices) {
            if (hasOutput(choice.path("delta"))) {
                carriedOutput = true;
            }
            JsonNode reason = choice.get("finish_reason");
            if (reason != null && reason.isTextual()) {
                finishReason = reason.asText();
            }
        }
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = OpenAiUsage.parse(u);
            if (!clientWantsUsage && choices.isArray() && choices.isEmpty()) {
                return Verdict.DROP;
            }
        }
        return Verdict.FORWARD;
    }

    /**
     * Whether the last event carried output (text, reasoning, a tool call fragment): about one token, the count a
     * budget meters a stream by. The opening role chunk, a finish or usage chunk with no text, and {@code [DONE]} do
     * not.
     */
    public boolean carriedOutput() {
        return carriedOutput;
    }

    private static boolean hasOutput(JsonNode delta) {
        for (String field : new String[] {"content", "reasoning_content", "reasoning", "refusal"}) {
            JsonNode v = delta.get(field);
            if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                return true;
            }
        }
        JsonNode calls = delta.get("tool_calls");
        return calls != null && calls.isArray() && !calls.isEmpty();
    }

    /** Whether {@code data: [DONE]} arrived. */
    public boolean done() {
        return done;
    }

    /** Whether any event with data arrived (keep-alive comments do not count). */
    public boolean sawData() {
        return sawData;
    }

    /** Whether the stream reached a proper end: {@code [DONE]}, or at least a finish reason. */
    public boolean completed() {
        return done || !finishReason.isEmpty();
    }

    public Usage usage() {
        return usage;
    }

    public String finishReason() {
        return finishReason;
    }

    /** The message of an in-band error chunk, if the provider sent one. */
    public Optional<String> inBandError() {
        return Optional.ofNullable(inBandError);
    }

    /**
     * One pass over the event's bytes for what accounting needs: a {@code "usage"} key with an object value, a
     * {@code "finish_reason"} key with a string value, an {@code "error"} key with a non-null value, or
     * {@code [DONE]}. Keys followed by {@code null} (as most chunks carry) do not count, so ordinary content chunks
     * are never parsed.
     */
    static int markers(Buffer event) {
        return scan(event) & PARSE;
    }

    /**
     * The same pass, also noting what tells output from the opening role chunk without parsing: an empty
     * {@code "content":""}, a {@code "tool_calls"} key, a {@code "reasoning…"} key.
     */
    private static int scan(Buffer event) {
        int found = 0;
        int n = event.length();
        for (int i = 0; i < n; i++) {
            byte b = event.getByte(i);
            if (b == '"' && i + 1 < n) {
                byte next = event.getByte(i + 1);
                if (next == 'u' && matches(event, i + 1, USAGE_KEY) && valueStarts(event, i + 1 + USAGE_KEY.length, '{')) {
                    found |= USAGE;
                } else if (next == 'f' && matches(event, i + 1, FINISH_KEY)
                        && valueStarts(event, i + 1 + FINISH_KEY.length, '"')) {
                    found |= FINISH;
                } else if (next == 'e' && matches(event, i + 1, ERROR_KEY)
                        && !valueStarts(event, i + 1 + ERROR_KEY.length, 'n')) {
                    found |= ERROR;
                } else if (next == 'c' && matches(event, i + 1, EMPTY_CONTENT_TEXT)) {
                    found |= EMPTY_CONTENT;
                } else if (next == 't' && matches(event, i + 1, TOOL_CALLS_KEY)) {
                    found |= TOOL_CALLS;
                } else if (next == 'r' && matches(event, i + 1, REASONING_KEY)) {
                    found |= REASONING;
                }
            } else if (b == '[' && matches(event, i, DONE_TEXT)) {
                found |= DONE;
            }
        }
        return found;
    }

    private static boolean matches(Buffer b, int at, byte[] text) {
        if (at + text.length > b.length()) {
            return false;
        }
        for (int j = 0; j < text.length; j++) {
            if (b.getByte(at + j) != text[j]) {
                return false;
            }
        }
        return true;
    }

    /** Whether, after optional whitespace, a colon and optional whitespace, the value starts with {@code first}. */
    private static boolean valueStarts(Buffer b, int at, char first) {
        int i = at;
        int n = b.length();
        while (i < n && (b.getByte(i) == ' ' || b.getByte(i) == '\t')) {
            i++;
        }
        if (i >= n || b.getByte(i) != ':') {
            return false;
        }
        i++;
        while (i < n && (b.getByte(i) == ' ' || b.getByte(i) == '\t')) {
            i++;
        }
        return i < n && b.getByte(i) == first;
    }
}
