package dev.switchyard.providers.sse;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Splits a byte stream of Server-Sent Events into whole events, each with its terminating blank line, exactly as the
 * bytes arrived. Nothing is re-encoded, so an event can be forwarded byte for byte.
 *
 * <p>An event ends at an empty line. Lines end with {@code \n}; a {@code \r} before it is part of the terminator.
 * (The bare-{@code \r} line ending that the SSE grammar also allows is not used by any LLM provider and is not
 * recognised.) Bytes after the last complete event are kept until more arrive; the number kept is bounded by
 * {@code maxEventBytes}, beyond which {@link EventTooLargeException} is thrown.
 */
public final class SseEventSplitter {

    private final int maxEventBytes;
    private Buffer pending = null;
    /** Where, in {@code pending}, the line being scanned started, so a rescan resumes there. */
    private int scanFrom;
    private int lineStart;

    public SseEventSplitter(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** Feeds bytes; calls {@code onEvent} for every event completed by them, in order. */
    public void feed(Buffer chunk, Consumer<Buffer> onEvent) {
        Buffer data;
        if (pending == null) {
            data = chunk;
            scanFrom = 0;
            lineStart = 0;
        } else {
            pending.appendBuffer(chunk);
            data = pending;
        }
        int eventStart = 0;
        int length = data.length();
        for (int i = scanFrom; i < length; i++) {
            if (data.getByte(i) != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && data.getByte(i - 1) == '\r' ? i - 1 : i;
            if (lineEnd == lineStart) {
                // empty line: the event ends here (an empty line with no event before it is passed on too)
                onEvent.accept(data.slice(eventStart, i + 1));
                eventStart = i + 1;
            }
            lineStart = i + 1;
        }
        if (eventStart == length) {
            pending = null;
            return;
        }
        if (length - eventStart > maxEventBytes) {
            throw new EventTooLargeException(maxEventBytes);
        }
        Buffer rest = Buffer.buffer(Math.max(256, (length - eventStart) * 2));
        rest.appendBuffer(data, eventStart, length - eventStart);
        lineStart -= eventStart;
        scanFrom = length - eventStart;
        pending = rest;
    }

    /** Bytes received after the last complete event (an unterminated tail), or an empty buffer. */
    public Buffer remainder() {
        return pending == null ? Buffer.buffer() : pending;
    }

    /** Thrown when one event grows beyond the configured limit. */
    public static final class EventTooLargeException extends RuntimeException {
        EventTooLargeException(int limit) {
            super("an SSE event exceeded " + limit + " bytes", null, false, false);
        }
    }
}
