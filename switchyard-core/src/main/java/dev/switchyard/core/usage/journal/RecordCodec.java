package dev.switchyard.core.usage.journal;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of a {@link UsageRecord} in a journal entry: its fields in the order of {@link #LAYOUT}, written
 * straight into the frame's buffer with no intermediate objects. Every integer is a zig-zag variable-length integer
 * (one byte for the small values most fields hold, up to ten), a boolean is one byte, a string is its UTF-8 length as
 * such an integer followed by its UTF-8 bytes, and the attempts are their count followed by each attempt's fields.
 *
 * <h2>Why not JSON any more</h2>
 *
 * The entries were the record as JSON through Jackson's data binding until the profiles showed the encoding as the
 * largest part of the journal's cost on the event loop (two records per request, about 6 µs of CPU, 820 bytes each),
 * and its decoding as 15 % of the drain's time; a hand-written JSON generator was no faster. This layout encodes in a
 * fraction of that and takes about a third of the bytes (fewer pages to fault in, to flush and to read back).
 * Measured in docs/benchmarks.md ("Ledger write-ahead journal"); decided in decisions/0026.
 *
 * <h2>How it evolves</h2>
 *
 * JSON's one advantage was that Jackson matched fields by name, so a record that gained a field still read old
 * journals. The same holds here by one rule: <b>a field added to the record is added at the end of the body</b>,
 * whichever nested record it belongs to, and the decoder gives it its default when the body ends before it (an
 * entry written by the earlier version). A decoder ignores bytes after the fields it knows (an entry written by a later
 * version, read after a downgrade). Only a change that breaks this (a field removed, or its type changed) needs a new
 * {@link #VERSION}, with the reader of the previous one kept while journals written by it may exist. The frame carries
 * the version ({@link Frames}), and entries written as JSON by the first versions are still read.
 * {@code RecordCodecTest} fails when a record component is added without a place in {@link #LAYOUT}.
 */
final class RecordCodec {

    /** The version of this layout, the frame's format byte. */
    static final byte VERSION = 1;

    /** The fields in the order they are written: what {@code RecordCodecTest} holds the record types to. */
    static final List<String> LAYOUT = List.of(
            "UsageRecord.id", "UsageRecord.createdAtMillis", "UsageRecord.api", "UsageRecord.modelRequested",
            "UsageRecord.modelServed", "UsageRecord.providerId", "UsageRecord.upstreamModel", "UsageRecord.streamed",
            "UsageRecord.status", "UsageRecord.errorClass", "UsageRecord.finishReason",
            "Usage.promptTokens", "Usage.completionTokens", "Usage.cachedTokens", "Usage.cacheWriteTokens",
            "Usage.reasoningTokens", "Usage.estimated",
            "Cost.promptPicos", "Cost.completionPicos", "Cost.cachePicos", "Cost.requestPicos",
            "UsageRecord.latencyMillis", "UsageRecord.ttftMillis",
            "UsageRecord.attempts", "AttemptRecord.providerId", "AttemptRecord.upstreamModel", "AttemptRecord.status",
            "AttemptRecord.errorClass", "AttemptRecord.durationMillis",
            "Dimensions.keyId", "Dimensions.workspaceId", "Dimensions.app", "Dimensions.userHash", "Dimensions.vendor",
            "Dimensions.origin");

    private RecordCodec() {
    }

    /** Writes the record's fields at the writer's position. */
    static void write(Writer w, UsageRecord r) {
        w.string(r.id());
        w.number(r.createdAtMillis());
        w.string(r.api());
        w.string(r.modelRequested());
        w.string(r.modelServed());
        w.string(r.providerId());
        w.string(r.upstreamModel());
        w.bool(r.streamed());
        w.number(r.status());
        w.string(r.errorClass());
        w.string(r.finishReason());
        Usage u = r.usage();
        w.number(u.promptTokens());
        w.number(u.completionTokens());
        w.number(u.cachedTokens());
        w.number(u.cacheWriteTokens());
        w.number(u.reasoningTokens());
        w.bool(u.estimated());
        Cost c = r.cost();
        w.number(c.promptPicos());
        w.number(c.completionPicos());
        w.number(c.cachePicos());
        w.number(c.requestPicos());
        w.number(r.latencyMillis());
        w.number(r.ttftMillis());
        List<AttemptRecord> attempts = r.attempts();
        w.number(attempts.size());
        for (AttemptRecord a : attempts) {
            w.string(a.providerId());
            w.string(a.upstreamModel());
            w.number(a.status());
            w.string(a.errorClass());
            w.number(a.durationMillis());
        }
        Dimensions d = r.dimensions();
        w.string(d.keyId());
        w.string(d.workspaceId());
        w.string(d.app());
        w.string(d.userHash());
        w.string(d.vendor());
        w.string(d.origin());
    }

    /**
     * Reads a record from {@code bytes[from, to)}.
     *
     * @throws IllegalArgumentException if the bytes are not a record of this layout
     */
    static UsageRecord read(byte[] bytes, int from, int to) {
        Reader in = new Reader(bytes, from, to);
        String id = in.string();
        long createdAt = in.number();
        String api = in.string();
        String modelRequested = in.string();
        String modelServed = in.string();
        String providerId = in.string();
        String upstreamModel = in.string();
        boolean streamed = in.bool();
        int status = in.integer();
        String errorClass = in.string();
        String finishReason = in.string();
        Usage usage = new Usage(in.number(), in.number(), in.number(), in.number(), in.number(), in.bool());
        Cost cost = new Cost(in.number(), in.number(), in.number(), in.number());
        long latency = in.number();
        long ttft = in.number();
        int n = in.integer();
        if (n < 0 || n > to - from) {
            throw new IllegalArgumentException("an attempt count of " + n);
        }
        List<AttemptRecord> attempts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            attempts.add(new AttemptRecord(in.string(), in.string(), in.integer(), in.string(), in.number()));
        }
        Dimensions dims = new Dimensions(in.string(), in.string(), in.string(), in.string(), in.string(),
                in.string());
        // fields added after version 1 are read here, each only if in.more(), else its default
        return new UsageRecord(id, createdAt, api, modelRequested, modelServed, providerId, upstreamModel, streamed,
                status, errorClass, finishReason, usage, cost, latency, ttft, attempts, dims);
    }

    /** A growable byte buffer that the encoder writes into; reused, so that encoding allocates nothing. */
    static final class Writer {

        /** Strings shorter than this (their length, zig-zagged, fits one byte) take the ASCII path. */
        private static final int SHORT = 64;
        private final char[] chars = new char[SHORT];
        private byte[] bytes;
        private int pos;

        Writer(int capacity) {
            this.bytes = new byte[capacity];
        }

        byte[] bytes() {
            return bytes;
        }

        int position() {
            return pos;
        }

        void position(int p) {
            ensure(p - pos);
            pos = p;
        }

        void put(byte b) {
            ensure(1);
            bytes[pos++] = b;
        }

        void bool(boolean b) {
            put(b ? (byte) 1 : 0);
        }

        /** A zig-zag variable-length integer: small magnitudes, positive or negative, take few bytes. */
        void number(long v) {
            ensure(10);
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                bytes[pos++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            bytes[pos++] = (byte) z;
        }

        /**
         * Its UTF-8 length, then its UTF-8 bytes. A short ASCII string (nearly every field) is copied without an
         * intermediate: its chars into a reused array ({@link String#getChars}, a vectorised copy), then narrowed into
         * the buffer by a loop with no early exit, which the compiler unrolls; three times faster than a loop of
         * {@link String#charAt} that stops at the first non-ASCII char (an A/B on one thread, 17 strings of a record).
         */
        void string(String s) {
            int n = s.length();
            if (n < SHORT) { // its length, zig-zagged, fits one byte
                ensure(1 + n);
                s.getChars(0, n, chars, 0);
                int start = pos + 1;
                int all = 0;
                for (int i = 0; i < n; i++) {
                    char c = chars[i];
                    all |= c;
                    bytes[start + i] = (byte) c;
                }
                if (all < 0x80) {
                    bytes[pos] = (byte) (n << 1);
                    pos = start + n;
                    return;
                }
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            number(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, pos, utf8.length);
            pos += utf8.length;
        }

        private void ensure(int more) {
            if (pos + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, pos + more));
            }
        }
    }

    /** Reads what {@link Writer} wrote, checking every length against the end. */
    static final class Reader {

        private final byte[] bytes;
        private final int end;
        private int pos;

        Reader(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.pos = from;
            this.end = to;
        }

        /** Whether bytes are left: a field that a later version added. */
        boolean more() {
            return pos < end;
        }

        boolean bool() {
            return switch (next()) {
                case 0 -> false;
                case 1 -> true;
                default -> throw new IllegalArgumentException("a boolean that is neither 0 nor 1 at " + (pos - 1));
            };
        }

        long number() {
            long z = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                byte b = next();
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
            throw new IllegalArgumentException("a number longer than ten bytes at " + pos);
        }

        int integer() {
            long v = number();
            if (v != (int) v) {
                throw new IllegalArgumentException("a number out of range: " + v);
            }
            return (int) v;
        }

        String string() {
            long n = number();
            if (n < 0 || n > end - pos) {
                throw new IllegalArgumentException("a string of " + n + " bytes with " + (end - pos) + " left");
            }
            String s = new String(bytes, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }

        private byte next() {
            if (pos >= end) {
                throw new IllegalArgumentException("the record ends early, at " + pos);
            }
            return bytes[pos++];
        }
    }
}
