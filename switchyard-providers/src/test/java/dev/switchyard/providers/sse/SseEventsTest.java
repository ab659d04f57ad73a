package dev.switchyard.providers.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class SseEventsTest {

    private static String dataBytes(String event) {
        Buffer b = SseEvents.dataBytes(Buffer.buffer(event));
        return b == null ? null : b.toString();
    }

    @Test
    void oneDataLineIsItsValueWithOneLeadingSpaceRemoved() {
        assertThat(dataBytes("data: {\"a\":1}\n\n")).isEqualTo("{\"a\":1}");
        assertThat(dataBytes("data:{\"a\":1}\r\n\r\n")).isEqualTo("{\"a\":1}");
        assertThat(dataBytes("event: message\ndata:  x\n\n")).isEqualTo(" x");
    }

    @Test
    void severalDataLinesAreJoinedAndAnEventWithoutDataHasNone() {
        assertThat(dataBytes("data: a\ndata: b\n\n")).isEqualTo("a\nb");
        assertThat(dataBytes(": keep-alive\n\n")).isNull();
        assertThat(dataBytes("event: ping\n\n")).isNull();
    }
}
