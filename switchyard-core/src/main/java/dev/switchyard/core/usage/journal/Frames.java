package dev.switchyard.core.usage.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one entry: a frame of {@code magic (4) | payload length (4) | CRC32C of the payload (4)}
 * followed by the payload: the entry kind (1 byte), the format of the record (1 byte) and the record. Big-endian.
 *
 * <p>The format byte is {@link RecordCodec#VERSION} for the binary layout that this version writes
 * ({@link RecordCodec}: why binary, and how it evolves, decisions/0026). Journals written by the versions before it
 * hold the record as JSON, whose first byte is <code>'{'</code>: that byte is read as the format ({@link #JSON}) and
 * the JSON is decoded as before, so a journal left by an older gateway replays after an upgrade. Any other format is
 * a frame written by a later version, reported as unreadable.
 *
 * <p>A frame is valid when its magic matches, its length fits what is left of the segment, and its checksum matches.
 * The bytes after the last frame of a segment are zeros (segments are preallocated), so a zero magic is the end of the
 * data; anything else that is not a valid frame is a torn or damaged frame.
 */
final class Frames {

    /** "LEDG". */
    static final int MAGIC = 0x4C454447;
    static final int HEADER_BYTES = 12;

    /** The format byte of an entry written as JSON by the versions before {@link RecordCodec}: its opening brace. */
    static final byte JSON = '{';

    /** Reads the JSON entries of journals written before the binary layout. */
    private static final ObjectReader JSON_READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build()
            .readerFor(UsageRecord.class);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** A thread's buffers are dropped after an entry larger than this (a rare giant record), not kept. */
    private static final int KEPT_BYTES = 64 << 10;
    /** Each appending thread's frame buffer: encoding allocates nothing. */
    private static final ThreadLocal<RecordCodec.Writer> WRITERS =
            ThreadLocal.withInitial(() -> new RecordCodec.Writer(1024));
    /** Each reading thread's payload buffer. */
    private static final ThreadLocal<byte[][]> PAYLOADS = ThreadLocal.withInitial(() -> new byte[][] {new byte[1024]});

    private Frames() {
    }

    /** The whole frame of one entry, as a new array. */
    static byte[] encode(EntryKind kind, UsageRecord record) {
        RecordCodec.Writer w = frame(kind, record);
        return Arrays.copyOf(w.bytes(), w.position());
    }

    /**
     * Encodes the frame of one entry into the calling thread's buffer: the frame is {@code bytes()[0, position())} of
     * the writer returned, valid until the thread's next call.
     */
    static RecordCodec.Writer frame(EntryKind kind, UsageRecord record) {
        RecordCodec.Writer w = WRITERS.get();
        if (w.bytes().length > KEPT_BYTES) {
            w = new RecordCodec.Writer(1024);
            WRITERS.set(w);
        }
        w.position(HEADER_BYTES);
        w.put(kind.code);
        w.put(RecordCodec.VERSION);
        RecordCodec.write(w, record);
        int end = w.position();
        byte[] b = w.bytes();
        int payload = end - HEADER_BYTES;
        INT.set(b, 0, MAGIC);
        INT.set(b, 4, payload);
        CRC32C crc = new CRC32C();
        crc.update(b, HEADER_BYTES, payload);
        INT.set(b, 8, (int) crc.getValue());
        return w;
    }

    /** Encodes and decodes one record, so that the codec's first use (class loading) happens off the event loop. */
    static void warmUp() {
        UsageRecord sample = new UsageRecord("gen-warm-up", 0, "chat.completions", "m", "m", "p", "m", false, 200, "",
                "stop", Usage.NONE, Cost.ZERO, 0, -1, List.of(new AttemptRecord("p", "m", 200, "", 0)),
                Dimensions.NONE);
        byte[] frame = encode(EntryKind.FINISHED, sample);
        read(ByteBuffer.wrap(frame), 0, frame.length);
    }

    /** What is at one position of a segment. */
    sealed interface Read permits Valid, End, Damaged {
    }

    /** A valid frame and where the next one starts. */
    record Valid(Entry entry, int next) implements Read {
    }

    /** No more data at this position. */
    record End() implements Read {
    }

    /** Bytes that are not a valid frame (a torn tail, or damage). */
    record Damaged(String why) implements Read {
    }

    /** Reads the frame at {@code pos}, looking no further than {@code limit}. */
    static Read read(ByteBuffer segment, int pos, int limit) {
        if (pos + HEADER_BYTES > limit) {
            return allZero(segment, pos, limit) ? new End() : new Damaged("a frame header cut short");
        }
        int magic = segment.getInt(pos);
        int length = segment.getInt(pos + 4);
        if (magic == 0 && length == 0) {
            return new End();
        }
        if (magic != MAGIC) {
            return new Damaged("no frame marker");
        }
        if (length < 2 || length > limit - pos - HEADER_BYTES) {
            return new Damaged("a frame length of " + length + " bytes that does not fit");
        }
        byte[][] buffer = PAYLOADS.get();
        if (buffer[0].length < length || buffer[0].length > KEPT_BYTES) {
            buffer[0] = new byte[Math.max(length, 1024)];
        }
        byte[] payload = buffer[0];
        segment.get(pos + HEADER_BYTES, payload, 0, length);
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, length);
        if ((int) crc.getValue() != segment.getInt(pos + 8)) {
            return new Damaged("a checksum mismatch");
        }
        UsageRecord record;
        try {
            EntryKind kind = EntryKind.of(payload[0]);
            byte format = payload[1];
            if (format == RecordCodec.VERSION) {
                record = RecordCodec.read(payload, 2, length);
            } else if (format == JSON) {
                record = JSON_READER.readValue(payload, 1, length - 1);
            } else {
                return new Damaged("an entry of format " + format + ", which this version does not read (written by"
                        + " a later version?)");
            }
            return new Valid(new Entry(kind, record), pos + HEADER_BYTES + length);
        } catch (IOException | RuntimeException e) {
            return new Damaged("an unreadable record (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The next position after {@code from} where a valid frame starts, if any: how reading resumes after damage. */
    static Optional<Integer> resync(ByteBuffer segment, int from, int limit) {
        for (int p = from + 1; p + HEADER_BYTES <= limit; p++) {
            if (segment.getInt(p) == MAGIC && read(segment, p, limit) instanceof Valid) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean allZero(ByteBuffer segment, int from, int limit) {
        for (int p = from; p < limit; p++) {
            if (segment.get(p) != 0) {
                return false;
            }
        }
        return true;
    }
}
