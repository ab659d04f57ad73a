package dev.switchyard.core.usage.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The journal's binary record layout: every field comes back as it went in (the extremes of every number, text
 * beyond ASCII, several attempts), a record type that gains a component fails here until the layout has a place for
 * it, and an entry written by a later version with fields appended still reads.
 */
class RecordCodecTest {

    static UsageRecord everyFieldSet() {
        return new UsageRecord("gen-ünïcode-✓", Long.MAX_VALUE, "responses", "模型/请求", "vendor/served-model",
                "provider-Ω", "upstream-🚀", true, 599, "http_529", "length",
                new Usage(Long.MAX_VALUE, 1, 2, 3, 4, true), new Cost(Long.MIN_VALUE, -1, 1L << 40, 63),
                -12, -1,
                List.of(new AttemptRecord("a", "m1", 0, "connect", 0),
                        new AttemptRecord("b", "m2", 529, "http_529", 64),
                        new AttemptRecord("c".repeat(300), "m3", Integer.MAX_VALUE, "", Long.MAX_VALUE)),
                new Dimensions("key", "ws", "App \"quoted\" \\ and a 70-character title that is longer than sixty-four",
                        "9f86d081884c7d659a2feaa0c55ad015", "deepseek", "CN"));
    }

    private static UsageRecord roundTrip(UsageRecord r) {
        RecordCodec.Writer w = new RecordCodec.Writer(8);
        RecordCodec.write(w, r);
        return RecordCodec.read(w.bytes(), 0, w.position());
    }

    @Test
    void everyFieldComesBackAsItWentIn() {
        assertThat(roundTrip(everyFieldSet())).isEqualTo(everyFieldSet());
        assertThat(roundTrip(LedgerJournalTest.record("gen-1", 200))).isEqualTo(LedgerJournalTest.record("gen-1", 200));
        UsageRecord none = new UsageRecord("", 0, "", "", "", "", "", false, 0, "", "", Usage.NONE, Cost.ZERO, 0, 0,
                List.of(), Dimensions.NONE);
        assertThat(roundTrip(none)).isEqualTo(none);
    }

    @Test
    void theLayoutNamesEveryComponentOfTheRecordTypesSoANewFieldCannotBeForgotten() {
        List<String> components = new ArrayList<>();
        collect(UsageRecord.class, components);
        assertThat(components)
                .as("a component added to the ledger record needs a place at the end of RecordCodec's layout (and"
                        + " its write and read); see RecordCodec, 'How it evolves'")
                .containsExactlyInAnyOrderElementsOf(RecordCodec.LAYOUT);
    }

    private static void collect(Class<?> type, List<String> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType().isRecord()) {
                collect(c.getType(), out); // a nested record's fields are written in line
                continue;
            }
            out.add(type.getSimpleName() + "." + c.getName());
            if (c.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                collect(element, out); // a list: its count, then each element's fields
            }
        }
    }

    @Test
    void bytesAppendedByALaterVersionAreIgnored() {
        RecordCodec.Writer w = new RecordCodec.Writer(8);
        RecordCodec.write(w, everyFieldSet());
        w.number(42); // a field a later version added at the end
        w.string("new");
        assertThat(RecordCodec.read(w.bytes(), 0, w.position())).isEqualTo(everyFieldSet());
    }

    @Test
    void aCutRecordIsRefusedNotMisread() {
        RecordCodec.Writer w = new RecordCodec.Writer(8);
        RecordCodec.write(w, everyFieldSet());
        assertThatThrownBy(() -> RecordCodec.read(w.bytes(), 0, w.position() - 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFrameOfAnUnknownFormatIsReportedAsSuch() {
        byte[] frame = Frames.encode(EntryKind.FINISHED, everyFieldSet());
        frame[Frames.HEADER_BYTES + 1] = 9; // a format this version does not know, with a matching checksum
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(frame, Frames.HEADER_BYTES, frame.length - Frames.HEADER_BYTES);
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.putInt(8, (int) crc.getValue());
        assertThat(Frames.read(b, 0, frame.length)).isInstanceOfSatisfying(Frames.Damaged.class,
                d -> assertThat(d.why()).contains("format 9"));
    }
}
