package dev.switchyard.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.SecretRedactor;
import dev.switchyard.core.json.Json;
import dev.switchyard.providers.sse.SseEventSplitter;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one network read becomes: one delta with exactly the forwarded events' bytes, in order. */
class PassThroughRelayTest {

    private static final ObjectMapper MAPPER = new ObjectMapper(Json.limitedFactory(64, 1 << 20));
    private static final String A = "data: {\"choices\":[{\"delta\":{\"content\":\"one\"},\"finish_reason\":null}]}\n\n";
    private static final String B = "data: {\"choices\":[{\"delta\":{\"content\":\"two\"},\"finish_reason\":null}]}\n\n";
    private static final String C = "data: {\"choices\":[{\"delta\":{\"content\":\"three\"},\"finish_reason\":null}]}\n\n";
    private static final String USAGE = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3}}\n\n";

    private final PassThroughRelay relay = new PassThroughRelay(MAPPER, false, SecretRedactor.of(List.of()));
    private final SseEventSplitter splitter = new SseEventSplitter(1 << 16);

    private String read(String bytes) {
        splitter.feed(Buffer.buffer(bytes), relay::onEvent);
        return relay.takeDelta().map(d -> ((Delta.StreamBytes) d).bytes().toString()).orElse("");
    }

    @Test
    void aReadOfOneEventIsForwardedAsItCame() {
        assertThat(read(A)).isEqualTo(A);
        assertThat(read(B)).isEqualTo(B);
    }

    @Test
    void aReadOfSeveralEventsIsOneDeltaOfAllOfThemInOrderAndTheNextReadStartsAfresh() {
        assertThat(read(A + B + C)).isEqualTo(A + B + C);
        assertThat(read(C)).isEqualTo(C);
        assertThat(read(A + B)).isEqualTo(A + B);
    }

    @Test
    void eventsSplitAcrossReadsAndADroppedUsageChunkLeaveTheOthersByteIdentical() {
        assertThat(read(A + B.substring(0, 20))).isEqualTo(A);
        assertThat(read(B.substring(20) + USAGE + C)).isEqualTo(B + C);
        assertThat(relay.usage().completionTokens()).isEqualTo(3);
        assertThat(read(USAGE)).isEmpty();
    }
}
