package dev.switchyard.providers.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Reading one whole SSE event without copying more than the field asked for. */
public final class SseEvents {

    private static final String DATA = "data:";

    private SseEvents() {
    }

    /**
     * The event's data: its {@code data:} lines joined with {@code \n}, one leading space after the colon removed.
     * Returns null when the event has no data line (a comment or keep-alive).
     */
    public static String data(Buffer event) {
        StringBuilder out = new StringBuilder();
        boolean[] found = {false};
        forEachField(event, "data:", (from, to) -> {
            if (found[0]) {
                out.append('\n');
            }
            found[0] = true;
            out.append(event.getString(from, to, StandardCharsets.UTF_8.name()));
        });
        return found[0] ? out.toString() : null;
    }

    /**
     * The event's data as bytes, without decoding: a slice of the event when it has one data line (as every LLM
     * provider sends), else the joined lines. Returns null when the event has no data line.
     */
    public static Buffer dataBytes(Buffer event) {
        // one pass, no callback: this runs for every event of every stream
        int from = -1;
        int to = -1;
        int lines = 0;
        int length = event.length();
        int lineStart = 0;
        for (int i = 0; i <= length; i++) {
            if (i < length && event.getByte(i) != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && event.getByte(i - 1) == '\r' ? i - 1 : i;
            if (lineEnd - lineStart >= DATA.length() && startsWith(event, lineStart, DATA)) {
                from = lineStart + DATA.length();
                if (from < lineEnd && event.getByte(from) == ' ') {
                    from++;
                }
                to = lineEnd;
                lines++;
            }
            lineStart = i + 1;
        }
        if (lines == 0) {
            return null;
        }
        return lines == 1 ? event.slice(from, to) : Buffer.buffer(data(event));
    }

    /** The value of the event's {@code event:} field, or an empty string. */
    public static String eventType(Buffer event) {
        StringBuilder out = new StringBuilder();
        forEachField(event, "event:", (from, to) -> {
            if (out.isEmpty()) {
                out.append(event.getString(from, to, StandardCharsets.UTF_8.name()).trim());
            }
        });
        return out.toString();
    }

    @FunctionalInterface
    private interface FieldValue {
        void at(int from, int to);
    }

    /** Calls {@code visit} with the value span of every line that starts with {@code name} (e.g. {@code data:}). */
    private static void forEachField(Buffer event, String name, FieldValue visit) {
        int length = event.length();
        int lineStart = 0;
        for (int i = 0; i <= length; i++) {
            if (i < length && event.getByte(i) != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && event.getByte(i - 1) == '\r' ? i - 1 : i;
            if (lineEnd - lineStart >= name.length() && startsWith(event, lineStart, name)) {
                int from = lineStart + name.length();
                if (from < lineEnd && event.getByte(from) == ' ') {
                    from++;
                }
                visit.at(from, lineEnd);
            }
            lineStart = i + 1;
        }
    }

    private static boolean startsWith(Buffer b, int at, String prefix) {
        for (int k = 0; k < prefix.length(); k++) {
            if (b.getByte(at + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
