package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.usage.UsageRecord;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenTelemetry traces against a real OTLP/HTTP receiver started here (a Vert.x server decoding the protobuf
 * {@code ExportTraceServiceRequest}), configured only by {@code OTEL_*} variables: a streamed request that falls back
 * from a dead endpoint gives one SERVER span, child of the client's {@code traceparent}, with the GenAI attributes,
 * and one CLIENT span per attempt; the provider receives the gateway's {@code traceparent} in the same trace.
 */
class TracingOtlpTest {

    static final List<Span> SPANS = new CopyOnWriteArrayList<>();
    static final Vertx RECEIVER_VERTX = Vertx.vertx();
    static final HttpServer RECEIVER = RECEIVER_VERTX.createHttpServer()
            .requestHandler(req -> req.body().onSuccess(body -> {
                try {
                    ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
                    export.getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
                            .forEach(ss -> SPANS.addAll(ss.getSpansList())));
                    req.response().putHeader("content-type", "application/x-protobuf").end();
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    req.response().setStatusCode(400).end();
                }
            }))
            .listen(0, "127.0.0.1").await();

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> {
        String yaml = """
                providers:
                  sim: {base_url: "%s", api_key_env: SIM_API_KEY}
                  dead: {base_url: "http://127.0.0.1:%d/v1", api_key: dead-key}
                models:
                  ops/fallback:
                    endpoints:
                      - {provider: dead, upstream_model: fb-dead, pricing: {prompt: "1", completion: "1"}}
                      - {provider: sim, upstream_model: fb, pricing: {prompt: "2", completion: "2"}}
                """.formatted(TracingOtlpTest.env.simulator.baseUrl(), TestGateway.freePort());
        Map<String, String> vars = Map.of("SIM_API_KEY", TestGateway.SIM_KEY,
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + RECEIVER.actualPort(),
                "OTEL_BSP_SCHEDULE_DELAY", "50",
                "OTEL_SERVICE_NAME", "switchyard-test");
        ConfigLoader.apply(b, CatalogLoader.parseYaml(yaml), vars);
        b.deadline("first_byte", java.time.Duration.ofSeconds(30));
    });

    @AfterAll
    static void stopReceiver() {
        RECEIVER_VERTX.close().await();
    }

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Test
    void aStreamedRequestWithOneFallbackIsOneTraceWithASpanPerAttempt() {
        HttpResponse<String> r = env.post("/v1/chat/completions", """
                {"model":"ops/fallback","stream":true,"stream_options":{"include_usage":true},
                 "provider":{"order":["dead","sim"]},
                 "messages":[{"role":"user","content":"hi"}],"simulator":{"text":"one two three"}}""",
                "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("data: [DONE]");
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos(); // batched, on a loaded machine
        while (spansOf(CLIENT_TRACE).size() < 3) {
            assertThat(System.nanoTime()).as("three spans of the client's trace exported; received: %s",
                    SPANS.stream().map(s -> s.getName() + " " + hex(s.getTraceId().toByteArray())).toList())
                    .isLessThan(deadline);
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        List<Span> spans = spansOf(CLIENT_TRACE);
        assertThat(spans).hasSize(3);
        Span request = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst()
                .orElseThrow();
        assertThat(hex(request.getParentSpanId().toByteArray())).isEqualTo(CLIENT_SPAN);
        assertThat(request.getName()).isEqualTo("chat ops/fallback");
        Map<String, AnyValue> a = attributes(request);
        UsageRecord ledger = ledger(id);
        assertThat(a.get("gen_ai.operation.name").getStringValue()).isEqualTo("chat");
        assertThat(a.get("gen_ai.request.model").getStringValue()).isEqualTo("ops/fallback");
        assertThat(a.get("gen_ai.response.model").getStringValue()).isEqualTo("fb");
        assertThat(a.get("gen_ai.provider.name").getStringValue()).isEqualTo("sim");
        assertThat(a.get("gen_ai.system").getStringValue()).isEqualTo("sim");
        assertThat(a.get("gen_ai.response.id").getStringValue()).isEqualTo(id);
        assertThat(a.get("gen_ai.usage.input_tokens").getIntValue()).isEqualTo(ledger.usage().promptTokens())
                .isPositive();
        assertThat(a.get("gen_ai.usage.output_tokens").getIntValue()).isEqualTo(ledger.usage().completionTokens())
                .isEqualTo(3);
        assertThat(a.get("gen_ai.response.finish_reasons").getArrayValue().getValuesList())
                .extracting(AnyValue::getStringValue).containsExactly("stop");
        assertThat(a.get("http.response.status_code").getIntValue()).isEqualTo(200);
        assertThat(a.get("switchyard.attempts").getIntValue()).isEqualTo(2);

        List<Span> attempts = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .sorted(java.util.Comparator.comparingLong(Span::getStartTimeUnixNano)).toList();
        assertThat(attempts).hasSize(2).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(request.getSpanId()));
        Map<String, AnyValue> dead = attributes(attempts.get(0));
        assertThat(dead.get("gen_ai.provider.name").getStringValue()).isEqualTo("dead");
        assertThat(dead.get("error.type").getStringValue()).isEqualTo("connect");
        assertThat(attempts.get(0).getStatus().getCode().getNumber()).isEqualTo(2); // STATUS_CODE_ERROR
        Map<String, AnyValue> served = attributes(attempts.get(1));
        assertThat(served.get("gen_ai.provider.name").getStringValue()).isEqualTo("sim");
        assertThat(served.get("gen_ai.request.model").getStringValue()).isEqualTo("fb");
        assertThat(served.get("http.response.status_code").getIntValue()).isEqualTo(200);
        assertThat(served.get("gen_ai.usage.output_tokens").getIntValue()).isEqualTo(3);

        // the provider joined the same trace, under the gateway's request span
        assertThat(env.simulator.lastTraceparent())
                .isEqualTo("00-" + CLIENT_TRACE + "-" + hex(request.getSpanId().toByteArray()) + "-01");
    }

    private static List<Span> spansOf(String traceId) {
        return SPANS.stream().filter(s -> hex(s.getTraceId().toByteArray()).equals(traceId)).toList();
    }

    private static Map<String, AnyValue> attributes(Span s) {
        return s.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static UsageRecord ledger(String id) {
        Optional<UsageRecord>[] found = new Optional[] {Optional.empty()};
        TestGateway.await("the ledger record of " + id, () -> {
            found[0] = env.gateway.store().find(id);
            return found[0].isPresent();
        });
        return found[0].orElseThrow();
    }
}
