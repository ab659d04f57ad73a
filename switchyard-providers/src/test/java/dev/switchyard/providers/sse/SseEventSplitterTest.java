package dev.switchyard.providers.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventSplitterTest {

    private static List<String> feed(SseEventSplitter s, String... chunks) {
        List<String> events = new ArrayList<>();
        for (String c : chunks) {
            s.feed(Buffer.buffer(c), e -> events.add(e.toString()));
        }
        return events;
    }

    @Test
    void wholeEventsComeOutByteForByte() {
        List<String> events = feed(new SseEventSplitter(1024), "data: a\n\ndata: b\n\n");
        assertThat(events).containsExactly("data: a\n\n", "data: b\n\n");
    }

    @Test
    void eventsSplitAcrossReadsAreReassembledAtAnyByte() {
        String stream = ": keep-alive\n\ndata: {\"x\":1}\r\n\r\nevent: ping\ndata: y\n\ndata: [DONE]\n\n";
        for (int cut = 1; cut < stream.length(); cut++) {
            List<String> events = feed(new SseEventSplitter(1024), stream.substring(0, cut), stream.substring(cut));
            assertThat(events).as("cut at " + cut).containsExactly(": keep-alive\n\n", "data: {\"x\":1}\r\n\r\n",
                    "event: ping\ndata: y\n\n", "data: [DONE]\n\n");
        }
    }

    @Test
    void oneByteAtATime() {
        String stream = "data: a\n\ndata: bb\n\n";
        SseEventSplitter s = new SseEventSplitter(1024);
        List<String> events = new ArrayList<>();
        for (char c : stream.toCharArray()) {
            s.feed(Buffer.buffer(String.valueOf(c)), e -> events.add(e.toString()));
        }
        assertThat(events).containsExactly("data: a\n\n", "data: bb\n\n");
        assertThat(s.remainder().length()).isZero();
    }

    @Test
    void unterminatedTailIsKeptAsRemainder() {
        SseEventSplitter s = new SseEventSplitter(1024);
        assertThat(feed(s, "data: a\n\ndata: partial")).containsExactly("data: a\n\n");
        assertThat(s.remainder().toString()).isEqualTo("data: partial");
    }

    @Test
    void oversizedEventIsRefused() {
        SseEventSplitter s = new SseEventSplitter(16);
        assertThatThrownBy(() -> feed(s, "data: " + "x".repeat(100)))
                .isInstanceOf(SseEventSplitter.EventTooLargeException.class);
    }

    @Test
    void dataAndEventFieldsAreRead() {
        assertThat(SseEvents.data(Buffer.buffer("data: {\"a\":1}\n\n"))).isEqualTo("{\"a\":1}");
        assertThat(SseEvents.data(Buffer.buffer("data:x\ndata: y\r\n\r\n"))).isEqualTo("x\ny");
        assertThat(SseEvents.data(Buffer.buffer(": comment\n\n"))).isNull();
        assertThat(SseEvents.eventType(Buffer.buffer("event: message_start\ndata: {}\n\n"))).isEqualTo("message_start");
    }
}
