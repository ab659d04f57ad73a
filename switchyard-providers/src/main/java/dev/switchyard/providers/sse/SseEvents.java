package dev.switchyard.providers.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Reading one whole SSE event without copying more than its data. */
public final class SseEvents {

    private SseEvents() {
    }

    /**
     * The event's data: its {@code data:} lines joined with {@code \n}, one leading space after the colon removed.
     * Returns null when the event has no data line (a comment or keep-alive).
     */
    public static String data(Buffer event) {
        StringBuilder out = null;
        int length = event.length();
        int lineStart = 0;
        for (int i = 0; i <= length; i++) {
            if (i < length && event.getByte(i) != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && event.getByte(i - 1) == '\r' ? i - 1 : i;
            if (lineEnd - lineStart >= 5 && startsWithData(event, lineStart)) {
                int from = lineStart + 5;
                if (from < lineEnd && event.getByte(from) == ' ') {
                    from++;
                }
                String piece = event.getString(from, lineEnd, StandardCharsets.UTF_8.name());
                if (out == null) {
                    out = new StringBuilder(piece);
                } else {
                    out.append('\n').append(piece);
                }
            }
            lineStart = i + 1;
        }
        return out == null ? null : out.toString();
    }

    /** The value of the event's {@code event:} field, or an empty string. */
    public static String eventType(Buffer event) {
        int length = event.length();
        int lineStart = 0;
        for (int i = 0; i <= length; i++) {
            if (i < length && event.getByte(i) != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && event.getByte(i - 1) == '\r' ? i - 1 : i;
            if (lineEnd - lineStart >= 6 && event.getString(lineStart, lineStart + 6).equals("event:")) {
                return event.getString(lineStart + 6, lineEnd).trim();
            }
            lineStart = i + 1;
        }
        return "";
    }

    private static boolean startsWithData(Buffer b, int at) {
        return b.getByte(at) == 'd' && b.getByte(at + 1) == 'a' && b.getByte(at + 2) == 't' && b.getByte(at + 3) == 'a'
                && b.getByte(at + 4) == ':';
    }
}
