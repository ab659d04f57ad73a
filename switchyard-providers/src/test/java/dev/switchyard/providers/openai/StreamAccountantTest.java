package dev.switchyard.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class StreamAccountantTest {

    private static final ObjectMapper MAPPER = new ObjectMapper(Json.limitedFactory(64, 1 << 20));

    private static StreamAccountant.Verdict feed(StreamAccountant a, String event) {
        return a.onEvent(Buffer.buffer(event));
    }

    @Test
    void recordsUsageFinishAndDoneAndDropsTheUnaskedUsageChunk() {
        StreamAccountant a = new StreamAccountant(MAPPER, false);
        assertThat(feed(a, ": keep-alive\n\n")).isEqualTo(StreamAccountant.Verdict.FORWARD);
        assertThat(a.sawData()).isFalse();
        assertThat(feed(a, "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}\n\n"))
                .isEqualTo(StreamAccountant.Verdict.FORWARD);
        assertThat(a.sawData()).isTrue();
        assertThat(feed(a, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"))
                .isEqualTo(StreamAccountant.Verdict.FORWARD);
        assertThat(feed(a, "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,"
                + "\"prompt_cache_hit_tokens\":4,\"completion_tokens_details\":{\"reasoning_tokens\":2}}}\n\n"))
                .isEqualTo(StreamAccountant.Verdict.DROP);
        assertThat(a.completed()).isTrue();
        assertThat(feed(a, "data: [DONE]\n\n")).isEqualTo(StreamAccountant.Verdict.FORWARD);
        assertThat(a.done()).isTrue();
        assertThat(a.finishReason()).isEqualTo("length");
        assertThat(a.usage()).isEqualTo(new Usage(12, 5, 4, 0, 2));
    }

    @Test
    void usageChunkGoesToAClientThatAskedAndUsageOnAContentChunkIsNeverDropped() {
        StreamAccountant asked = new StreamAccountant(MAPPER, true);
        assertThat(feed(asked, "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n"))
                .isEqualTo(StreamAccountant.Verdict.FORWARD);
        StreamAccountant notAsked = new StreamAccountant(MAPPER, false);
        assertThat(feed(notAsked, "data: {\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n"))
                .isEqualTo(StreamAccountant.Verdict.FORWARD);
        assertThat(notAsked.usage().promptTokens()).isEqualTo(3);
    }

    @Test
    void inBandErrorsAreNoticedAndForwarded() {
        StreamAccountant a = new StreamAccountant(MAPPER, false);
        assertThat(feed(a, "data: {\"error\":{\"message\":\"overloaded\"},\"choices\":[{\"finish_reason\":\"error\"}]}\n\n"))
                .isEqualTo(StreamAccountant.Verdict.FORWARD);
        assertThat(a.inBandError()).contains("overloaded");
        assertThat(a.finishReason()).isEqualTo("error");
        assertThat(a.malformed()).isFalse();
    }

    @Test
    void anEventThatIsNotJsonBreaksTheStreamAndNothingAfterItIsForwarded() {
        for (String garbage : new String[] {"{\"choices\": [oops", "{\"error\": [oops", "[1,2]", "{\"a\":1} trailing",
            "{\"a\":1}{\"b\":2}", "not json at all"}) {
            StreamAccountant a = new StreamAccountant(MAPPER, true);
            assertThat(feed(a, "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"))
                    .isEqualTo(StreamAccountant.Verdict.FORWARD);
            assertThat(feed(a, "data: " + garbage + "\n\n")).as(garbage).isEqualTo(StreamAccountant.Verdict.DROP);
            assertThat(a.malformed()).as(garbage).isTrue();
            assertThat(feed(a, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"))
                    .isEqualTo(StreamAccountant.Verdict.DROP);
            assertThat(feed(a, "data: [DONE]\n\n")).isEqualTo(StreamAccountant.Verdict.DROP);
            assertThat(a.completed()).as("a broken stream never completes").isFalse();
        }
    }

    @Test
    void contentIsCountedAsTheStreamGoesAWordAtATimeAcrossEvents() {
        StreamAccountant a = new StreamAccountant(MAPPER, false);
        feed(a, "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
        assertThat(a.contentTokens()).isZero();
        assertThat(a.carriedOutput()).isFalse();
        feed(a, "data: {\"choices\":[{\"delta\":{\"content\":\"The swi\"}}]}\n\n");
        assertThat(a.contentTokens()).isEqualTo(2);
        feed(a, "data: {\"choices\":[{\"delta\":{\"content\":\"tchyard routes\"}}]}\n\n");
        assertThat(a.contentTokens()).as("a word split across events counts once").isEqualTo(1);
        feed(a, "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\" \u65e5\u672c\\n\"}}]}\n\n");
        assertThat(a.contentTokens()).as("a token per ideograph").isEqualTo(2);
        feed(a, "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\"}}]}}]}\n\n");
        assertThat(a.contentTokens()).isZero();
        assertThat(a.carriedOutput()).as("a tool call fragment is output").isTrue();
        assertThat(a.deliveredTokens()).isEqualTo(5);
    }

    @Test
    void invalidUtf8IsRepairedWithTheReplacementCharacterNotTakenForGarbage() {
        StreamAccountant a = new StreamAccountant(MAPPER, false);
        Buffer bad = Buffer.buffer("data: {\"choices\":[{\"delta\":{\"content\":\"ab")
                .appendByte((byte) 0xE6).appendByte((byte) 0x97)
                .appendString("!\"}}]}\n\n");
        assertThat(a.onEvent(bad)).isEqualTo(StreamAccountant.Verdict.FORWARD);
        assertThat(a.malformed()).isFalse();
        assertThat(a.repaired()).isPresent();
        assertThat(a.repaired().get().toString()).contains("ab\uFFFD!").endsWith("\n\n");
        assertThat(feed(a, "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\n"))
                .isEqualTo(StreamAccountant.Verdict.FORWARD);
        assertThat(a.repaired()).isEmpty();
    }

    @Test
    void ordinaryContentChunksAreNeverParsed() {
        assertThat(StreamAccountant.markers(Buffer.buffer("data: {\"choices\":[{\"delta\":{\"content\":\"x\"},"
                + "\"finish_reason\":null}],\"usage\":null,\"error\": null}\n\n"))).isZero();
        assertThat(StreamAccountant.markers(Buffer.buffer("data: {\"choices\":[{\"finish_reason\": \"stop\"}]}\n\n")))
                .isNotZero();
        assertThat(StreamAccountant.markers(Buffer.buffer("data: {\"usage\" : {\"prompt_tokens\":1}}\n\n"))).isNotZero();
        assertThat(StreamAccountant.markers(Buffer.buffer("data: [DONE]\n\n"))).isNotZero();
        assertThat(StreamAccountant.markers(Buffer.buffer("data: {\"content\":\"say \\\"usage\\\": {}\"}\n\n")))
                .as("an escaped quote inside content is not a key").isZero();
    }

    @Test
    void nonStreamedResponsesAreScannedForAccountingOnly() {
        var acc = ResponseAccounting.scan(MAPPER, Buffer.buffer(
                "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"{\\\"finish_reason\\\":1}\"},"
                        + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":8}}}"));
        assertThat(acc.finishReason()).isEqualTo("tool_calls");
        assertThat(acc.usage()).isEqualTo(new Usage(9, 4, 8, 0, 0));
    }
}
