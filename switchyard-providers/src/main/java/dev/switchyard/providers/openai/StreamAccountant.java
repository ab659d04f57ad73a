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

    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINISH = "\"finish_reason\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    private final boolean clientWantsUsage;
    private Usage usage = Usage.NONE;
    private String finishReason = "";
    private String inBandError;
    private boolean done;
    private boolean sawData;

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
        boolean usageMarker = indexOf(event, USAGE) >= 0;
        boolean finishMarker = indexOf(event, FINISH) >= 0;
        boolean errorMarker = indexOf(event, ERROR) >= 0;
        boolean doneMarker = !usageMarker && !finishMarker && !errorMarker && indexOf(event, DONE) >= 0;
        if (!usageMarker && !finishMarker && !errorMarker && !doneMarker) {
            if (!sawData && SseEvents.data(event) != null) {
                sawData = true;
            }
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

    static int indexOf(Buffer hay, byte[] needle) {
        int last = hay.length() - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
