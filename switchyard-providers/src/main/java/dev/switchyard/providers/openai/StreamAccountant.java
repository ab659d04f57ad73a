package dev.switchyard.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.json.BufferParsers;
import dev.switchyard.core.usage.TokenEstimate;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.sse.SseEvents;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Watches an OpenAI chat completion stream event by event, reading only what accounting needs: the usage chunk, the
 * finish reason, an in-band error, the {@code [DONE]} marker, and an estimate of the content delivered. Every data event
 * goes once through a check that proves it is JSON (a malformed event must end the stream in an error, not reach the
 * client) and counts its content: {@link ChunkScan}, which allocates nothing, and Jackson's streaming parser (no tree)
 * for whatever that check is not sure of; events are cheap-checked for the
 * markers as bytes and only parsed into a tree when one is present.
 */
public final class StreamAccountant {

    /** What to do with one upstream event. */
    public enum Verdict {
        /** Pass it to the client as it is. */
        FORWARD,
        /** Keep it from the client (the usage chunk the client did not ask for, or a malformed event). */
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
    private static final Set<String> CONTENT_FIELDS = Set.of("content", "reasoning_content", "reasoning", "refusal",
            "arguments");

    private final ObjectMapper mapper;
    private final boolean clientWantsUsage;
    private Usage usage = Usage.NONE;
    private String finishReason = "";
    private String inBandError;
    private boolean done;
    private boolean sawData;
    private boolean carriedOutput;
    private long contentTokens;
    private final TokenEstimate estimate = new TokenEstimate();
    private Buffer repaired;
    private boolean malformed;

    /**
     * @param mapper a shared mapper whose factory carries the upstream parsing limits
     * @param clientWantsUsage whether the client asked for the usage chunk
     */
    public StreamAccountant(ObjectMapper mapper, boolean clientWantsUsage) {
        this.mapper = mapper;
        this.clientWantsUsage = clientWantsUsage;
    }

    /**
     * Looks at one whole event and says whether the client gets it. Every data event is read once by a streaming
     * parser (no tree): it must be one JSON object, and its content is counted by the {@link TokenEstimate}. An event that is not JSON makes the stream
     * {@linkplain #malformed() malformed}: it and everything after it are dropped. An event whose only fault is
     * invalid UTF-8 is {@linkplain #repaired() repaired} with U+FFFD, as an SSE client's decoder would.
     */
    public Verdict onEvent(Buffer event) {
        carriedOutput = false;
        contentTokens = 0;
        repaired = null;
        if (malformed) {
            return Verdict.DROP;
        }
        Buffer bytes = SseEvents.dataBytes(event);
        if (bytes == null) {
            return Verdict.FORWARD; // a comment or keep-alive
        }
        sawData = true;
        if (bytes.length() == DONE_TEXT.length && matches(bytes, 0, DONE_TEXT)) {
            done = true;
            return Verdict.FORWARD;
        }
        if (!inspect(bytes)) {
            String text = bytes.toString(StandardCharsets.UTF_8); // invalid sequences become U+FFFD
            byte[] clean = text.getBytes(StandardCharsets.UTF_8);
            if (clean.length == bytes.length() && Buffer.buffer(clean).equals(bytes) || !inspect(Buffer.buffer(clean))) {
                malformed = true;
                return Verdict.DROP;
            }
            String type = SseEvents.eventType(event);
            repaired = Buffer.buffer((type.isEmpty() ? "" : "event: " + type + "\n") + "data: " + text + "\n\n");
            bytes = Buffer.buffer(clean);
        }
        if ((markers(bytes) & PARSE) == 0) {
            return Verdict.FORWARD;
        }
        JsonNode chunk;
        try {
            chunk = mapper.readTree(bytes.getBytes());
        } catch (IOException e) {
            malformed = true;
            return Verdict.DROP;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            inBandError = error.path("message").asText(error.toString());
        }
        JsonNode choices = chunk.path("choices");
        for (JsonNode choice : choices) {
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
     * One streaming pass over a data event: whether it is exactly one JSON object, counting on the way the tokens
     * of its content strings (text, reasoning, refusal, tool-call arguments) and whether it carried output.
     */
    private boolean inspect(Buffer json) {
        if (json instanceof BufferInternal internal && internal.getByteBuf().hasArray()) {
            io.netty.buffer.ByteBuf buf = internal.getByteBuf();
            int from = buf.arrayOffset() + buf.readerIndex();
            ChunkScan scan = ChunkScan.get();
            if (scan.scan(buf.array(), from, from + buf.readableBytes(),
                    mapper.getFactory().streamReadConstraints(), estimate)) {
                contentTokens = scan.tokens();
                carriedOutput = scan.output();
                return true; // decided without building a parser; anything else is Jackson's to judge
            }
        }
        long tokens = 0;
        boolean output = false;
        try (JsonParser p = BufferParsers.over(mapper.getFactory(), json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            int depth = 1;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return false;
                }
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_STRING -> {
                        String field = p.currentName();
                        if (field != null && CONTENT_FIELDS.contains(field) && p.getTextLength() > 0) {
                            tokens += estimate.add(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                            output = true;
                        }
                    }
                    case FIELD_NAME -> {
                        if (p.currentName().equals("tool_calls")) {
                            output = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (p.nextToken() != null) {
                return false; // something after the object
            }
        } catch (IOException e) {
            return false;
        }
        contentTokens = tokens;
        carriedOutput = output;
        return true;
    }

    /**
     * Whether the last event carried output (text, reasoning, a tool call fragment). The opening role chunk, a finish
     * or usage chunk with no text, and {@code [DONE]} do not.
     */
    public boolean carriedOutput() {
        return carriedOutput;
    }

    /** The estimated tokens of content the last event added to the stream ({@link TokenEstimate}). */
    public long contentTokens() {
        return contentTokens;
    }

    /** The estimated tokens of all the content seen so far. */
    public long deliveredTokens() {
        return estimate.total();
    }

    /** The last event with its invalid UTF-8 replaced, when it had some; else empty (forward it as it came). */
    public Optional<Buffer> repaired() {
        return Optional.ofNullable(repaired);
    }

    /** Whether an event that is not JSON arrived: the stream is broken from there on. */
    public boolean malformed() {
        return malformed;
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
