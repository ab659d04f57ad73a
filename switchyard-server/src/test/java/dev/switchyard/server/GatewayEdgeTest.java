package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP edge beyond chat itself: limits, disconnects, catalog, health and metrics, over real sockets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayEdgeTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();

    @Test
    void bodyOverTheLimitIs413InOpenAiFormat() {
        String big = "x".repeat(300 * 1024);
        var r = env.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + big + "\"}]}");
        assertThat(r.statusCode()).isEqualTo(413);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("message").asText()).contains("262144 bytes").contains("max_body_bytes");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void clientDisconnectMidStreamClosesTheUpstreamConnection() throws IOException {
        long abortedBefore = env.simulator.stats().aborted();
        String body = "{\"model\":\"test/echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"simulator\":{\"tokens_per_second\":20,\"completion_tokens\":200}}";
        String generationId;
        try (Socket socket = new Socket("127.0.0.1", env.gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            String head = readUntil(socket.getInputStream(), "data: ");
            assertThat(head).startsWith("HTTP/1.1 200");
            generationId = head.lines().filter(l -> l.startsWith("x-switchyard-generation-id:")).findFirst()
                    .orElseThrow().substring("x-switchyard-generation-id:".length()).trim();
        } // closing the socket mid-stream
        TestGateway.await("the simulator to see its stream aborted",
                () -> env.simulator.stats().aborted() > abortedBefore);
        JsonNode g = env.generation(generationId);
        assertThat(g.path("cancelled").asBoolean()).isTrue();
        assertThat(g.path("switchyard").path("status").asInt()).isEqualTo(499);
        assertThat(g.path("switchyard").path("ttft_ms").asLong()).isGreaterThanOrEqualTo(0);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before " + marker + ": " + seen);
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void modelsListUsesOpenRouterFieldsAndTypes() {
        var r = env.get("/v1/models");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode data = TestGateway.json(r.body()).path("data");
        assertThat(data.isArray()).isTrue();
        JsonNode echo = null;
        for (JsonNode m : data) {
            assertThat(m.path("id").isTextual()).isTrue();
            assertThat(m.path("canonical_slug").isTextual()).isTrue();
            assertThat(m.path("created").isIntegralNumber()).isTrue();
            assertThat(m.path("context_length").isIntegralNumber()).isTrue();
            assertThat(m.path("pricing").path("prompt").isTextual()).isTrue();
            assertThat(m.path("pricing").path("completion").isTextual()).isTrue();
            assertThat(m.path("architecture").path("input_modalities").isArray()).isTrue();
            assertThat(m.path("supported_parameters").isArray()).isTrue();
            assertThat(m.path("top_provider").path("max_completion_tokens").isIntegralNumber()).isTrue();
            assertThat(m.path("open_weights").isBoolean()).isTrue();
            assertThat(m.path("origin").isTextual()).isTrue();
            if (m.path("id").asText().equals("test/echo")) {
                echo = m;
            }
        }
        assertThat(echo).isNotNull();
        assertThat(echo.path("pricing").path("prompt").asText()).isEqualTo("0.000001");
        assertThat(echo.path("pricing").path("completion").asText()).isEqualTo("0.000002");
        assertThat(echo.path("pricing").path("input_cache_read").asText()).isEqualTo("0.0000001");
        assertThat(echo.path("available").asBoolean()).isTrue();
        assertThat(echo.path("vendor").asText()).isEqualTo("test");
        // the bundled catalog is there too, unavailable without keys
        assertThat(data.findValuesAsText("id")).contains("deepseek/deepseek-flash", "moonshotai/kimi-k3",
                "z-ai/glm-5.3", "minimax/minimax-m3", "qwen/qwen3.8-max", "openai/gpt-6.2-sol");
    }

    @Test
    void healthAndMetricsAnswer() {
        env.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var health = env.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(TestGateway.json(health.body()).path("status").asText()).isEqualTo("ok");
        var metrics = env.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("switchyard_requests_total{api=\"chat.completions\",model=\"test/echo\",provider=\"sim\",status=\"200\"}")
                .contains("switchyard_request_duration_seconds_bucket")
                .contains("switchyard_ttft_seconds_bucket")
                .contains("switchyard_tokens_total");
    }

    @Test
    void unknownPathIs404InOpenAiFormat() {
        var r = env.get("/v1/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestGateway.json(r.body()).path("error").path("message").asText()).contains("/v1/nope");
    }

    @Test
    void generationLookupErrors() {
        assertThat(env.get("/v1/generation").statusCode()).isEqualTo(400);
        assertThat(env.get("/v1/generation?id=gen-doesnotexist").statusCode()).isEqualTo(404);
    }
}
