package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.Ticker;
import dev.switchyard.simulator.Fault;
import dev.switchyard.simulator.Script;
import dev.switchyard.simulator.Simulator;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each deadline of docs/configuration.md ({@code timeouts}) fires when it should, over real sockets against scripted
 * simulators. Deadlines here: connect 300 ms, first byte 1.5 s, idle 400 ms, total 5 s, request 30 s, body 300 s (the
 * default), unless a test sets its own. No assertion on elapsed time: the rig's client gives up after 30 s, which only says "did not hang".
 */
class DeadlinesEndToEndTest {

    private final RoutingRig rig = new RoutingRig();

    @AfterEach
    void stop() {
        rig.close();
    }

    private void start(Consumer<GatewayConfig.Builder> more) throws IOException {
        rig.start(Ticker.system(), b -> {
            b.deadline("connect", Duration.ofMillis(300)).deadline("first_byte", Duration.ofMillis(1500))
                    .deadline("idle", Duration.ofMillis(400)).deadline("total", Duration.ofSeconds(5))
                    .deadline("request", Duration.ofSeconds(30));
            more.accept(b);
        });
    }

    private static String errorClass(JsonNode generation, int attempt) {
        return generation.path("provider_responses").get(attempt).path("error_class").asText();
    }

    @Test
    void connectFiresWhenTheProviderNeverAcceptsTheConnection() throws IOException {
        start(b -> { });
        HttpResponse<String> r = rig.chat("r/hole", "");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(TestGateway.json(r.body()).path("error").path("type").asText()).isEqualTo("timeout_error");
        assertThat(errorClass(rig.generation(r), 0)).isEqualTo("timeout_connect");
    }

    @Test
    void firstByteFiresWhenTheHeadIsLateAndFallsBack() throws IOException {
        start(b -> { });
        rig.a.script("m", Script.builder().latencyMs(4000).build());
        HttpResponse<String> r = rig.chat("r/m", "\"provider\":{\"order\":[\"pa\",\"pb\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RoutingRig.provider(r)).isEqualTo("pb");
        assertThat(errorClass(rig.generation(r), 0)).isEqualTo("timeout_first_byte");
        TestGateway.await("the late attempt to be released", () -> rig.a.stats().aborted() > 0);
    }

    @Test
    void theWaitForTheHeadIsFirstBytesAloneNotIdles() throws IOException {
        start(b -> { });
        // a non-streamed answer that takes longer than idle (400 ms) but less than first byte (1.5 s) to start
        rig.a.script("solo", Script.builder().latencyMs(900).build());
        HttpResponse<String> r = rig.chat("r/solo", "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(rig.generation(r).path("provider_responses")).hasSize(1);
        assertThat(rig.a.stats().requests()).as("not killed and sent again").isEqualTo(1);
    }

    @Test
    void idleFiresBetweenTheEventsOfAStreamAfterItsHead() throws IOException {
        start(b -> { });
        // one token a second: the first commits, the gap after it is longer than idle
        rig.a.script("solo", Script.builder().tokensPerSecond(1).completionTokens(5).build());
        HttpResponse<String> r = rig.chat("r/solo", "\"stream\":true");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"finish_reason\":\"error\"").doesNotContain("[DONE]");
        JsonNode g = rig.generation(r);
        assertThat(errorClass(g, 0)).isEqualTo("timeout_idle");
        assertThat(g.path("provider_responses")).as("not retried after the first byte").hasSize(1);
    }

    @Test
    void idleFiresInsideANonStreamedBodyAfterItsHead() throws IOException {
        start(b -> { });
        HttpResponse<String> r = rig.chat("r/stall", "");
        assertThat(r.statusCode()).isEqualTo(504);
        JsonNode g = rig.generation(r);
        assertThat(errorClass(g, 0)).isEqualTo("timeout_idle");
    }

    @Test
    void idleAfterTheHeadIsNotHeldBackByALongerFirstByteDeadline() throws IOException {
        // the watchdog set at the start is due at first byte (60 s); the head must bring idle forward, or the client
        // (30 s) gives up first
        start(b -> b.deadline("first_byte", Duration.ofSeconds(60)).deadline("total", Duration.ofSeconds(60)));
        HttpResponse<String> whole = rig.chat("r/stall", "");
        assertThat(whole.statusCode()).isEqualTo(504);
        assertThat(errorClass(rig.generation(whole), 0)).isEqualTo("timeout_idle");
        rig.a.script("solo", Script.builder().completionTokens(6).fault(Fault.GAP).cutAfterChunks(3).gapMs(60_000)
                .build());
        HttpResponse<String> stream = rig.chat("r/solo", "\"stream\":true");
        assertThat(stream.body()).contains("\"finish_reason\":\"error\"").doesNotContain("[DONE]");
        assertThat(errorClass(rig.generation(stream), 0)).isEqualTo("timeout_idle");
    }

    /** A whole body that trickles in, 8 bytes every 100 ms (each gap below idle): about 6 s for the whole answer. */
    private static Script tricklingBody() {
        return Script.builder().fault(Fault.TRICKLE).trickleBytes(8).trickleDelayMs(100).build();
    }

    @Test
    void theBodyDeadlineEndsAWholeBodyThatTricklesInAndFallsBack() throws IOException {
        start(b -> b.deadline("body", Duration.ofMillis(1500)).deadline("total", Duration.ofSeconds(20)));
        rig.a.script("m", tricklingBody());
        HttpResponse<String> r = rig.chat("r/m", "\"provider\":{\"order\":[\"pa\",\"pb\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RoutingRig.provider(r)).isEqualTo("pb");
        assertThat(errorClass(rig.generation(r), 0)).isEqualTo("timeout_body");
        TestGateway.await("the trickling attempt to be released", () -> rig.a.stats().aborted() > 0);
    }

    @Test
    void theBodyDeadlineIs504AloneAndCountsAgainstTheProvider() throws IOException {
        start(b -> b.deadline("body", Duration.ofMillis(1500)).deadline("total", Duration.ofSeconds(20)));
        rig.a.script("solo", tricklingBody());
        for (int i = 0; i < 3; i++) { // the rig's breakers open after 3 failures
            HttpResponse<String> r = rig.chat("r/solo", "");
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(TestGateway.json(r.body()).path("error").path("message").asText()).contains("whole body");
            JsonNode g = rig.generation(r);
            assertThat(g.path("provider_responses")).hasSize(1);
            assertThat(errorClass(g, 0)).isEqualTo("timeout_body");
        }
        assertThat(rig.breaker("r/solo", "pa/solo")).as("the operator's own deadline: the provider's fault")
                .isEqualTo("open");
    }

    @Test
    void theBodyDeadlineLeavesStreamsToTheTotal() throws IOException {
        start(b -> b.deadline("body", Duration.ofMillis(300)));
        rig.a.script("solo", Script.builder().tokensPerSecond(10).completionTokens(8).build()); // about 0.8 s
        HttpResponse<String> r = rig.chat("r/solo", "\"stream\":true");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void idleDoesNotFireWhileTheStreamKeepsComing() throws IOException {
        start(b -> { });
        rig.a.script("solo", Script.builder().tokensPerSecond(10).completionTokens(8).build());
        HttpResponse<String> r = rig.chat("r/solo", "\"stream\":true");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void totalEndsAStreamThatRunsTooLongInBand() throws IOException {
        start(b -> b.deadline("total", Duration.ofMillis(1200)));
        rig.a.script("solo", Script.builder().tokensPerSecond(5).completionTokens(50).build());
        HttpResponse<String> r = rig.chat("r/solo", "\"stream\":true");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"finish_reason\":\"error\"").doesNotContain("[DONE]");
        assertThat(errorClass(rig.generation(r), 0)).isEqualTo("timeout_total");
    }

    @Test
    void theRequestDeadlineCoversEveryAttemptAndEndsIn504BeforeTheFirstByte() throws IOException {
        start(b -> b.deadline("first_byte", Duration.ofMillis(600)).deadline("request", Duration.ofMillis(1500)));
        for (Simulator s : new Simulator[] {rig.a, rig.b, rig.c}) {
            s.script("m", Script.builder().latencyMs(10_000).build());
        }
        HttpResponse<String> r = rig.chat("r/m", "\"provider\":{\"order\":[\"pa\",\"pb\",\"pc\"]}");
        assertThat(r.statusCode()).isEqualTo(504);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("message").asText()).contains("deadline");
        JsonNode g = rig.generation(r);
        // 600 + 600 ms of first-byte waits, then what is left of 1.5 s: the third attempt is cut by the request
        assertThat(g.path("provider_responses")).hasSize(3);
        assertThat(errorClass(g, 0)).isEqualTo("timeout_first_byte");
        assertThat(errorClass(g, 1)).isEqualTo("timeout_first_byte");
        assertThat(errorClass(g, 2)).isEqualTo("timeout_request");
    }

    @Test
    void aRequestDeadlineHeaderTightensItAndAfterTheFirstByteItIsAnInBandError() throws IOException {
        start(b -> { });
        rig.a.script("solo", Script.builder().tokensPerSecond(5).completionTokens(50).build());
        HttpResponse<String> r = rig.chat("r/solo", "\"stream\":true", "x-switchyard-request-timeout-ms", "800");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"finish_reason\":\"error\"").doesNotContain("[DONE]");
        JsonNode g = rig.generation(r);
        assertThat(errorClass(g, 0)).isEqualTo("timeout_request");
        assertThat(rig.breaker("r/solo", "pa/solo")).isEqualTo("closed");
    }

    @Test
    void aBadRequestDeadlineHeaderIs400() throws IOException {
        start(b -> { });
        assertThat(rig.chat("r/solo", "", "x-switchyard-request-timeout-ms", "soon").statusCode()).isEqualTo(400);
    }
}
