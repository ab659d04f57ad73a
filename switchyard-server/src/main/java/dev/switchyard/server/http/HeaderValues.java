package dev.switchyard.server.http;

import java.nio.charset.StandardCharsets;

/**
 * Makes any text safe to send as an HTTP header value. Some response headers carry what a client sent (the names of
 * the parameters a provider could not honour, in {@code x-switchyard-dropped-params}); a name may hold a control
 * character, a line break or non-ASCII text, which a header cannot carry and which Vert.x refuses with an exception
 * (once, that exception left a request unanswered). Visible ASCII and spaces pass unchanged; every other character,
 * and {@code %} itself, is percent-encoded as its UTF-8 bytes, so the value stays readable and unambiguous.
 */
public final class HeaderValues {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderValues() {
    }

    /** The value itself when it is safe already (the usual case, checked without allocating), else its escaped form. */
    public static String escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!safe(value.charAt(i))) {
                return escapeFrom(value, i);
            }
        }
        return value;
    }

    private static boolean safe(char c) {
        return c >= 0x20 && c < 0x7f && c != '%';
    }

    private static String escapeFrom(String value, int first) {
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
        int i = first;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (safe(c)) {
                out.append(c);
                i++;
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1)) ? i + 2 : i + 1;
            for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            i = end;
        }
        return out.toString();
    }
}
