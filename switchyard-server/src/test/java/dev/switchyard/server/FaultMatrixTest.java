package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.simulator.Script;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix (issue 12, part 4): every upstream fault, streamed and not, with and without a fallback model, through
 * every front door. Each case asserts the client's answer (status, its door's format, and no hang: every request has
 * a 20 s client timeout), that the upstream response is released (the simulator's in-flight count returns to 0), and
 * the ledger row (status, error class, attempts, tokens); the deadline rows also check the failed attempt's error
 * class and that it counted against the endpoint's health. {@code docs/reliability.md} lists the cases and their
 * behaviour.
 *
 * <p>The faulty endpoint is {@code test/echo} (OpenAI-compatible: the chat door takes the same-protocol fast path,
 * the other doors translate), or {@code test/dead} for a refused connection; the fallback is {@code test/claude}
 * (Anthropic Messages) named in the request's {@code models}. One attempt per candidate, so the attempts are exact.
 */
class FaultMatrixTest {

    private static final String FALLBACK = "test/claude";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass(b -> b
            .retry(new RetryPolicy(3, 1, Duration.ZERO, Duration.ZERO))
            .deadline("first_byte", Duration.ofMillis(1500))
            .deadline("idle", Duration.ofSeconds(3))
            .deadline("total", Duration.ofSeconds(10))
            .deadline("body", Duration.ofSeconds(4))
            .maxSseEventBytes(64 * 1024)
            .maxUpstreamResponseBytes(256 * 1024));

    /** What the client should see. */
    enum Outcome {
        /** A complete answer, 200. */
        OK,
        /** An error response before any answer (status and body in the door's format); a fallback serves instead. */
        ERROR_BEFORE_ANSWER,
        /** 200, content, then an in-band error in the door's format; too late for a fallback. */
        IN_BAND_ERROR
    }

    /**
     * One fault: the simulator script (or the model that cannot be reached), for which shapes it applies, the
     * outcome and the status of the error (before or in-band) for a stream and for a whole answer, and for some the
     * error class of the failed attempt and whether the failure counts against the endpoint's health (decision 0009).
     */
    enum Fault {
        RATE_LIMITED_WITH_RETRY_AFTER("{\"error\":{\"status\":429,\"retry_after\":1,\"message\":\"slow down\"}}", Shape.BOTH,
                Outcome.ERROR_BEFORE_ANSWER, 429),
        STATUS_500("{\"error\":{\"status\":500}}", Shape.BOTH, Outcome.ERROR_BEFORE_ANSWER, 502),
        STATUS_502("{\"error\":{\"status\":502}}", Shape.BOTH, Outcome.ERROR_BEFORE_ANSWER, 502),
        STATUS_503("{\"error\":{\"status\":503}}", Shape.BOTH, Outcome.ERROR_BEFORE_ANSWER, 502),
        CONNECTION_REFUSED("", Shape.BOTH, Outcome.ERROR_BEFORE_ANSWER, 502),
        RESET_BEFORE_HEAD("{\"fault\":\"reset\"}", Shape.BOTH, Outcome.ERROR_BEFORE_ANSWER, 502),
        /** Streamed: the head, then the connection closes before any event; not streamed: half the body. */
        RESET_MID_BODY("{\"fault\":\"cut\",\"cut_after_chunks\":0}", Shape.BOTH, Outcome.ERROR_BEFORE_ANSWER, 502),
        STREAM_CUT("{\"fault\":\"cut\",\"cut_after_chunks\":5}", Shape.STREAMED, Outcome.IN_BAND_ERROR, 502),
        TRICKLE("{\"completion_tokens\":4,\"fault\":\"trickle\",\"trickle_bytes\":16,\"trickle_delay_ms\":1}",
                Shape.BOTH, Outcome.OK, 200),
        MALFORMED_JSON_OR_SSE("{\"fault\":\"malformed_sse\"}", Shape.STREAMED, Outcome.IN_BAND_ERROR, 502),
        MALFORMED_JSON_BODY("{\"fault\":\"malformed_sse\"}", Shape.WHOLE, Outcome.ERROR_BEFORE_ANSWER, 502),
        /** A valid multi-byte text split across network reads arrives whole. */
        UTF8_SPLIT_ACROSS_READS("{\"text\":\"caf\\u00e9 \\u65e5\\u672c \\ud83d\\ude82\",\"fault\":\"trickle\","
                + "\"trickle_bytes\":1,\"trickle_delay_ms\":0}", Shape.STREAMED, Outcome.OK, 200),
        /** Invalid UTF-8 split across reads: a stream repairs it with U+FFFD, as an SSE decoder does. */
        INVALID_UTF8_SPLIT_ACROSS_READS("{\"completion_tokens\":4,\"fault\":\"invalid_utf8\"}", Shape.STREAMED,
                Outcome.OK, 200),
        /** A whole body with invalid UTF-8 is not valid JSON: refused, and a fallback may serve. */
        INVALID_UTF8_BODY("{\"completion_tokens\":4,\"fault\":\"invalid_utf8\"}", Shape.WHOLE,
                Outcome.ERROR_BEFORE_ANSWER, 502),
        OVERSIZED_EVENT("{\"text\":\"one two three " + "x".repeat(100 * 1024) + "\"}", Shape.STREAMED,
                Outcome.IN_BAND_ERROR, 502),
        OVERSIZED_RESPONSE("{\"text\":\"" + "word ".repeat(60 * 1024) + "\"}", Shape.WHOLE,
                Outcome.ERROR_BEFORE_ANSWER, 502),
        NEVER_ANSWERS("{\"latency_ms\":60000}", Shape.BOTH, Outcome.ERROR_BEFORE_ANSWER, 504, "timeout_first_byte"),
        /**
         * A silence longer than idle (3 s) after the head: streamed, after five chunks (content has reached the
         * client), so in-band; not streamed, after the head and half the body, so 504 and a fallback may serve.
         */
        GAP_AFTER_HEAD("{\"completion_tokens\":12,\"fault\":\"gap\",\"cut_after_chunks\":5,\"gap_ms\":60000}",
                Outcome.IN_BAND_ERROR, 504, Outcome.ERROR_BEFORE_ANSWER, 504, "timeout_idle"),
        /**
         * A whole body that trickles in, 8 bytes every 250 ms (each gap below idle; about 15 s in all), cut by the
         * body deadline (4 s from the head; longer than idle, so that a gap in a body is an idle timeout).
         */
        TRICKLING_BODY("{\"fault\":\"trickle\",\"trickle_bytes\":8,\"trickle_delay_ms\":250}", Shape.WHOLE,
                Outcome.ERROR_BEFORE_ANSWER, 504, "timeout_body");

        final String script;
        final Shape shape;
        private final Outcome streamed;
        private final int streamedStatus;
        private final Outcome whole;
        private final int wholeStatus;
        /**
         * The failed attempt's error class, checked with the endpoint's health: the faults that name one end on a
         * deadline of the operator's, which counts against the endpoint (decision 0009); empty where neither is checked.
         */
        final String errorClass;

        Fault(String script, Shape shape, Outcome outcome, int status) {
            this(script, shape, outcome, status, outcome, status, "");
        }

        Fault(String script, Shape shape, Outcome outcome, int status, String errorClass) {
            this(script, shape, outcome, status, outcome, status, errorClass);
        }

        Fault(String script, Outcome streamed, int streamedStatus, Outcome whole, int wholeStatus,
              String errorClass) {
            this(script, Shape.BOTH, streamed, streamedStatus, whole, wholeStatus, errorClass);
        }

        Fault(String script, Shape shape, Outcome streamed, int streamedStatus, Outcome whole, int wholeStatus,
              String errorClass) {
            this.script = script;
            this.shape = shape;
            this.streamed = streamed;
            this.streamedStatus = streamedStatus;
            this.whole = whole;
            this.wholeStatus = wholeStatus;
            this.errorClass = errorClass;
        }

        Outcome outcome(boolean stream) {
            return stream ? streamed : whole;
        }

        int status(boolean stream) {
            return stream ? streamedStatus : wholeStatus;
        }
    }

    /** Whether a fault applies to streamed answers, whole ones, or both. */
    enum Shape { STREAMED, WHOLE, BOTH }

    /**
     * Every case, or only the faults named in {@code -Dswitchyard.matrix.faults} (comma-separated), to run one row while
     * working on it.
     */
    static Stream<Arguments> cases() {
        String only = System.getProperty("switchyard.matrix.faults", "");
        List<Arguments> out = new ArrayList<>();
        for (Fault f : Fault.values()) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(f.name())) {
                continue;
            }
            for (boolean stream : new boolean[] {false, true}) {
                if (f.shape == Shape.STREAMED && !stream || f.shape == Shape.WHOLE && stream) {
                    continue;
                }
                for (Door door : Door.values()) {
                    for (boolean fallback : new boolean[] {false, true}) {
                        out.add(Arguments.of(f, door, stream, fallback));
                    }
                }
            }
        }
        return out.stream();
    }

    /** One answer through each door first, so that no case's deadline is spent loading classes. */
    @BeforeAll
    static void warmUp() throws Exception {
        for (Door door : Door.values()) {
            for (boolean stream : new boolean[] {false, true}) {
                ObjectNode body = door.body("test/echo", Conversation.plain(), stream);
                HTTP.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + door.path("test/echo", stream)))
                        .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(), HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    @AfterEach
    void clear() {
        gw.simulator.clearScripts();
    }

    @ParameterizedTest(name = "{0} {1} stream={2} fallback={3}")
    @MethodSource("cases")
    void faultThroughDoor(Fault fault, Door door, boolean stream, boolean fallback) throws Exception {
        String model = fault == Fault.CONNECTION_REFUSED ? "test/dead" : "test/echo";
        if (!fault.script.isEmpty()) {
            gw.simulator.script("sim-echo", Script.fromJson(TestGateway.json(fault.script), Script.DEFAULT));
        }
        ObjectNode body = door.body(model, Conversation.plain(), stream);
        if (door == Door.MESSAGES || door == Door.RESPONSES) {
            body.put("max_tokens", 500);
        }
        if (fallback) {
            body.putArray("models").add(model).add(FALLBACK);
        }
        long failuresBefore = fault.errorClass.isEmpty() ? 0 : echoFailures();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + door.path(model, stream)))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();

        Outcome outcome = fault.outcome(stream);
        int status = fault.status(stream);
        boolean servedByFallback = fallback && outcome == Outcome.ERROR_BEFORE_ANSWER;
        Outcome expected = servedByFallback ? Outcome.OK : outcome;
        switch (expected) {
            case OK -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                Reply reply = door.read(r.statusCode(), r.body(), stream);
                assertThat(reply.text()).as(r.body()).isNotEmpty();
                assertThat(inBandError(door, r.body(), stream)).as(r.body()).isFalse();
                if (fault == Fault.UTF8_SPLIT_ACROSS_READS) {
                    assertThat(reply.text()).isEqualTo("caf\u00e9 \u65e5\u672c \ud83d\ude82");
                }
                if (fault == Fault.INVALID_UTF8_SPLIT_ACROSS_READS) {
                    assertThat(reply.text()).as("the invalid sequence became U+FFFD").contains("\uFFFD");
                }
            }
            case ERROR_BEFORE_ANSWER -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
                assertErrorBody(door, r.body(), status);
            }
            case IN_BAND_ERROR -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(inBandError(door, r.body(), stream)).as(r.body()).isTrue();
                assertThat(r.body()).doesNotContain("oops");
            }
        }

        TestGateway.await("the upstream response is released", () -> gw.simulator.stats().inFlight() == 0);

        UsageRecord rec = AccountsHarness.record(gw, id);
        List<AttemptRecord> attempts = rec.attempts();
        switch (expected) {
            case OK -> {
                assertThat(rec.status()).isEqualTo(200);
                assertThat(rec.errorClass()).isEmpty();
                assertThat(rec.usage().completionTokens()).isPositive();
                assertThat(rec.cost().totalPicos()).isPositive();
                if (servedByFallback) {
                    assertThat(attempts).hasSize(2);
                    assertThat(attempts.get(0).errorClass()).isNotEmpty();
                    assertThat(attempts.get(1).errorClass()).isEmpty();
                    assertThat(rec.providerId()).isEqualTo("sim-anthropic");
                } else {
                    assertThat(attempts).hasSize(1);
                }
            }
            case ERROR_BEFORE_ANSWER -> {
                assertThat(rec.status()).isEqualTo(status);
                assertThat(rec.errorClass()).isNotEmpty();
                assertThat(attempts).hasSize(1);
                assertThat(rec.usage().totalTokens()).isZero();
                assertThat(rec.cost().totalPicos()).isZero();
            }
            case IN_BAND_ERROR -> {
                assertThat(rec.status()).isEqualTo(status);
                assertThat(rec.errorClass()).isNotEmpty();
                assertThat(attempts).hasSize(1);
                assertThat(rec.usage().completionTokens()).as("delivered content is billed").isPositive();
                assertThat(rec.usage().estimated()).isTrue();
                assertThat(rec.cost().totalPicos()).isPositive();
            }
        }
        if (!fault.errorClass.isEmpty()) {
            assertThat(attempts.get(0).errorClass()).isEqualTo(fault.errorClass);
            TestGateway.await("the failure to count against test/echo's endpoint",
                    () -> echoFailures() == failuresBefore + 1);
        }
    }

    /**
     * The failures the health windows of {@code test/echo}'s one endpoint have counted (what feeds its breaker), from
     * {@code GET /v1/models/test/echo/endpoints}: its requests of the last day less the uptime's share.
     */
    private static long echoFailures() {
        JsonNode endpoint = TestGateway.json(gw.request("GET", "/v1/models/test/echo/endpoints", null).body())
                .path("data").path("endpoints").path(0);
        JsonNode day = endpoint.path("switchyard").path("last_1d");
        long requests = day.path("requests").asLong();
        return requests == 0 ? 0 : Math.round(requests * (100 - day.path("uptime").asDouble()) / 100);
    }

    /** An error response in the door's own format. */
    private static void assertErrorBody(Door door, String body, int status) {
        JsonNode json = TestGateway.json(body);
        switch (door) {
            case CHAT, RESPONSES -> assertThat(json.path("error").path("message").asText()).as(body).isNotBlank();
            case MESSAGES -> {
                assertThat(json.path("type").asText()).as(body).isEqualTo("error");
                assertThat(json.path("error").path("message").asText()).as(body).isNotBlank();
            }
            case GEMINI -> {
                assertThat(json.path("error").path("code").asInt()).as(body).isEqualTo(status);
                assertThat(json.path("error").path("status").asText()).as(body).isNotBlank();
            }
        }
    }

    /** Whether a 200 answer ended with an error in the door's format (the last SSE event, or the body). */
    private static boolean inBandError(Door door, String body, boolean stream) {
        if (!stream) {
            return false;
        }
        List<Door.Sse> events = Door.Sse.parse(body);
        if (events.isEmpty()) {
            return false;
        }
        Door.Sse last = events.get(events.size() - 1);
        if (last.data().equals("[DONE]")) {
            return false;
        }
        JsonNode data;
        try {
            data = TestGateway.JSON.readTree(last.data());
        } catch (IOException e) {
            return false;
        }
        return switch (door) {
            case CHAT -> data.has("error") && data.path("choices").path(0).path("finish_reason").asText()
                    .equals("error");
            case MESSAGES -> last.event().equals("error") && data.path("type").asText().equals("error");
            case RESPONSES -> data.path("type").asText().equals("error")
                    || data.path("type").asText().equals("response.failed");
            case GEMINI -> data.has("error");
        };
    }
}
