package dev.switchyard.core.usage.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one entry: a frame of {@code magic (4) | payload length (4) | CRC32C of the payload (4)}
 * followed by the payload, which is the entry kind (1 byte) and the record as JSON. Big-endian, as
 * {@link ByteBuffer} writes it.
 *
 * <p>JSON rather than a hand-packed binary layout because the record grows (new ledger fields arrive with features):
 * Jackson maps record components by name, so a journal written before a field was added still reads (the field takes
 * its default), and adding a field needs no change here. Its cost is measured in docs/benchmarks.md.
 *
 * <p>A frame is valid when its magic matches, its length fits what is left of the segment, and its checksum matches.
 * The bytes after the last frame of a segment are zeros (segments are preallocated), so a zero magic is the end of the
 * data; anything else that is not a valid frame is a torn or damaged frame.
 */
final class Frames {

    /** "LEDG". */
    static final int MAGIC = 0x4C454447;
    static final int HEADER_BYTES = 12;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectWriter WRITER = MAPPER.writerFor(UsageRecord.class);
    private static final ObjectReader READER = MAPPER.readerFor(UsageRecord.class);

    private Frames() {
    }

    /** The whole frame of one entry, ready to copy into a segment. */
    static byte[] encode(EntryKind kind, UsageRecord record) {
        byte[] json;
        try {
            json = WRITER.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException("journal: cannot encode record " + record.id() + ": " + e, e);
        }
        int payload = json.length + 1;
        byte[] frame = new byte[HEADER_BYTES + payload];
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.putInt(MAGIC).putInt(payload).putInt(0).put(kind.code).put(json);
        CRC32C crc = new CRC32C();
        crc.update(frame, HEADER_BYTES, payload);
        b.putInt(8, (int) crc.getValue());
        return frame;
    }

    /** Encodes and decodes one record, so that Jackson's introspection of the record happens off the event loop. */
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
        CRC32C crc = new CRC32C();
        crc.update(segment.slice(pos + HEADER_BYTES, length));
        if ((int) crc.getValue() != segment.getInt(pos + 8)) {
            return new Damaged("a checksum mismatch");
        }
        byte[] json = new byte[length - 1];
        segment.get(pos + HEADER_BYTES + 1, json);
        try {
            EntryKind kind = EntryKind.of(segment.get(pos + HEADER_BYTES));
            UsageRecord record = READER.readValue(json);
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
