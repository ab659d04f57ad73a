package dev.switchyard.providers.openai;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.switchyard.core.usage.TokenEstimate;

/**
 * The relay's check of one stream event's JSON, allocating nothing: whether the data is exactly one JSON object, and
 * the tokens of its content strings ({@code content}, {@code reasoning_content}, {@code reasoning}, {@code refusal},
 * {@code arguments} directly under a field of that name) and whether it carried output (such a string, or a
 * {@code tool_calls} field), as {@link StreamAccountant}'s Jackson pass reads them.
 *
 * <p>It is sound rather than complete: it answers {@code true} only for input that Jackson, with the same read
 * constraints, accepts too, with the same count; whatever it is not sure of it leaves to the Jackson pass by
 * answering {@code false}: escapes in field names, nesting, numbers, names or strings near the constraints' limits,
 * bytes that are not strict UTF-8, anything after the object but whitespace, and every malformed input (whose
 * diagnosis, and repair of invalid UTF-8, stay Jackson's). An ordinary chunk is one JSON object of a few hundred
 * ASCII bytes, so it is decided here, and Jackson's parser and its contexts (~850 of the ~980 bytes allocated per
 * relayed event) are not built. Content strings are counted only once the whole event has been checked, so that an
 * event handed to Jackson afterwards is not counted twice. One instance per thread (the event loop), for its scratch
 * arrays.
 */
final class ChunkScan {

    private static final ThreadLocal<ChunkScan> PER_THREAD = ThreadLocal.withInitial(ChunkScan::new);
    /** Deeper than this, or than the constraints allow, is left to Jackson. */
    private static final int MAX_DEPTH = 64;
    /** More content strings than this in one event are left to Jackson. */
    private static final int MAX_SPANS = 16;
    private static final byte[][] CONTENT_FIELDS = {bytes("content"), bytes("reasoning_content"), bytes("reasoning"),
        bytes("refusal"), bytes("arguments")};
    private static final byte[] TOOL_CALLS = bytes("tool_calls");

    private final int[] spans = new int[2 * MAX_SPANS];
    private char[] chars = new char[256];
    private int spanCount;
    private boolean output;
    private byte[] a;
    private int i;
    private int end;
    private int depthLimit;
    private long stringLimit;
    private int numberLimit;
    private int nameLimit;
    private long tokens;

    private ChunkScan() {
    }

    /** This thread's scanner. */
    static ChunkScan get() {
        return PER_THREAD.get();
    }

    /**
     * Checks {@code bytes[from, to)}; when it answers {@code true}, the content was added to {@code estimate} and
     * {@link #tokens()} and {@link #output()} describe the event. When it answers {@code false}, nothing was counted.
     */
    boolean scan(byte[] bytes, int from, int to, StreamReadConstraints limits, TokenEstimate estimate) {
        if (limits.getMaxTokenCount() > 0 || (limits.getMaxDocumentLength() > 0
                && to - from > limits.getMaxDocumentLength())) {
            return false; // limits this check does not keep count of: Jackson's to enforce
        }
        a = bytes;
        i = from;
        end = to;
        depthLimit = Math.min(MAX_DEPTH, limits.getMaxNestingDepth() - 1);
        stringLimit = limits.getMaxStringLength();
        numberLimit = Math.min(100, limits.getMaxNumberLength());
        nameLimit = limits.getMaxNameLength();
        spanCount = 0;
        output = false;
        boolean valid;
        try {
            ws();
            valid = i < end && a[i] == '{' && object(1);
            if (valid) {
                ws();
                valid = i == end;
            }
        } finally {
            a = null;
        }
        if (!valid) {
            return false;
        }
        tokens = 0;
        for (int s = 0; s < spanCount; s++) {
            int n = decode(bytes, spans[2 * s], spans[2 * s + 1]);
            tokens += estimate.add(chars, 0, n);
        }
        return true;
    }

    /** The estimated tokens of the last event's content. */
    long tokens() {
        return tokens;
    }

    /** Whether the last event carried output. */
    boolean output() {
        return output;
    }

    private boolean object(int depth) {
        if (depth > depthLimit) {
            return false;
        }
        i++;
        ws();
        if (i < end && a[i] == '}') {
            i++;
            return true;
        }
        while (true) {
            if (i >= end || a[i] != '"') {
                return false;
            }
            int nameStart = i + 1;
            if (!string(false)) {
                return false;
            }
            int nameEnd = i - 1;
            if (nameEnd - nameStart > nameLimit) {
                return false;
            }
            boolean content = isContentField(nameStart, nameEnd);
            if (!content && same(nameStart, nameEnd, TOOL_CALLS)) {
                output = true;
            }
            ws();
            if (i >= end || a[i] != ':') {
                return false;
            }
            i++;
            ws();
            if (!value(depth, content)) {
                return false;
            }
            int next = afterMember((byte) '}');
            if (next != MORE) {
                return next == CLOSED;
            }
        }
    }

    private static final int MORE = 1;
    private static final int CLOSED = 0;
    private static final int INVALID = -1;

    /** After an object member or array element: a comma (more follow), the closer (consumed), or anything else. */
    private int afterMember(byte closer) {
        ws();
        if (i >= end) {
            return INVALID;
        }
        if (a[i] == ',') {
            i++;
            ws();
            return MORE;
        }
        if (a[i] == closer) {
            i++;
            return CLOSED;
        }
        return INVALID;
    }

    private boolean array(int depth) {
        if (depth > depthLimit) {
            return false;
        }
        i++;
        ws();
        if (i < end && a[i] == ']') {
            i++;
            return true;
        }
        while (true) {
            if (!value(depth, false)) {
                return false;
            }
            int next = afterMember((byte) ']');
            if (next != MORE) {
                return next == CLOSED;
            }
        }
    }

    private boolean value(int depth, boolean contentField) {
        if (i >= end) {
            return false;
        }
        byte b = a[i];
        switch (b) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"': {
                int start = i + 1;
                if (!string(true)) {
                    return false;
                }
                int stop = i - 1;
                if (contentField && stop > start) {
                    if (spanCount == MAX_SPANS) {
                        return false;
                    }
                    spans[2 * spanCount] = start;
                    spans[2 * spanCount + 1] = stop;
                    spanCount++;
                    output = true;
                }
                return true;
            }
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return (b == '-' || (b >= '0' && b <= '9')) && number();
        }
    }

    /** A string from its opening quote, leaving {@code i} after the closing one; escapes only where allowed. */
    private boolean string(boolean escapes) {
        int start = ++i;
        while (i < end) {
            int b = a[i];
            if (b == '"') {
                i++;
                return i - 1 - start <= stringLimit;
            }
            if (b == '\\') {
                if (!escapes || !escape()) {
                    return false;
                }
            } else if (b >= 0 && b < 0x20) {
                return false; // an unescaped control character
            } else if (b < 0) {
                if (!utf8()) {
                    return false;
                }
            } else {
                i++;
            }
        }
        return false;
    }

    private boolean escape() {
        if (i + 1 >= end) {
            return false;
        }
        switch (a[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                i += 2;
                return true;
            }
            case 'u' -> {
                if (i + 6 > end) {
                    return false;
                }
                for (int k = i + 2; k < i + 6; k++) {
                    if (hex(a[k]) < 0) {
                        return false;
                    }
                }
                i += 6;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** One strict UTF-8 sequence (no overlong forms, no surrogates, nothing past U+10FFFF). */
    private boolean utf8() {
        int b0 = a[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 1;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 2;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 3;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return false;
        }
        if (i + n >= end) {
            return false;
        }
        int b1 = a[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return false;
        }
        for (int k = 2; k <= n; k++) {
            int c = a[i + k] & 0xFF;
            if (c < 0x80 || c > 0xBF) {
                return false;
            }
        }
        i += n + 1;
        return true;
    }

    private boolean number() {
        int start = i;
        if (a[i] == '-') {
            i++;
        }
        if (i >= end) {
            return false;
        }
        if (a[i] == '0') {
            i++;
            if (i < end && a[i] >= '0' && a[i] <= '9') {
                return false; // a leading zero
            }
        } else if (!digits()) {
            return false;
        }
        if (i < end && a[i] == '.') {
            i++;
            if (!digits()) {
                return false;
            }
        }
        if (i < end && (a[i] == 'e' || a[i] == 'E')) {
            i++;
            if (i < end && (a[i] == '+' || a[i] == '-')) {
                i++;
            }
            if (!digits()) {
                return false;
            }
        }
        return i - start <= numberLimit;
    }

    private boolean digits() {
        int start = i;
        while (i < end && a[i] >= '0' && a[i] <= '9') {
            i++;
        }
        return i > start;
    }

    private boolean literal(String word) {
        if (i + word.length() > end) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (a[i + k] != word.charAt(k)) {
                return false;
            }
        }
        i += word.length();
        return true;
    }

    private void ws() {
        while (i < end) {
            byte b = a[i];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                i++;
            } else {
                return;
            }
        }
    }

    private boolean isContentField(int from, int to) {
        for (byte[] f : CONTENT_FIELDS) {
            if (same(from, to, f)) {
                return true;
            }
        }
        return false;
    }

    private boolean same(int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (a[from + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a checked string's bytes (escapes and UTF-8) into {@link #chars}; returns how many. */
    private int decode(byte[] b, int from, int to) {
        if (chars.length < to - from) {
            chars = new char[Math.max(to - from, 2 * chars.length)]; // a string's chars never outnumber its bytes
        }
        int n = 0;
        int p = from;
        while (p < to) {
            int c = b[p];
            if (c == '\\') {
                byte e = b[p + 1];
                switch (e) {
                    case 'b' -> chars[n++] = '\b';
                    case 'f' -> chars[n++] = '\f';
                    case 'n' -> chars[n++] = '\n';
                    case 'r' -> chars[n++] = '\r';
                    case 't' -> chars[n++] = '\t';
                    case 'u' -> {
                        chars[n++] = (char) ((hex(b[p + 2]) << 12) | (hex(b[p + 3]) << 8) | (hex(b[p + 4]) << 4)
                                | hex(b[p + 5]));
                        p += 4;
                    }
                    default -> chars[n++] = (char) e; // " \ /
                }
                p += 2;
            } else if (c >= 0) {
                chars[n++] = (char) c;
                p++;
            } else {
                int b0 = c & 0xFF;
                if (b0 < 0xE0) {
                    chars[n++] = (char) (((b0 & 0x1F) << 6) | (b[p + 1] & 0x3F));
                    p += 2;
                } else if (b0 < 0xF0) {
                    chars[n++] = (char) (((b0 & 0x0F) << 12) | ((b[p + 1] & 0x3F) << 6) | (b[p + 2] & 0x3F));
                    p += 3;
                } else {
                    int cp = ((b0 & 0x07) << 18) | ((b[p + 1] & 0x3F) << 12) | ((b[p + 2] & 0x3F) << 6)
                            | (b[p + 3] & 0x3F);
                    chars[n++] = Character.highSurrogate(cp);
                    chars[n++] = Character.lowSurrogate(cp);
                    p += 4;
                }
            }
        }
        return n;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
