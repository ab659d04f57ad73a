package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.simulator.Simulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, defect 7: 32 concurrent 4 MB requests on a translated door stay within the configured memory bound. The
 * gateway runs as the launcher runs it, in its own JVM with a heap cap ({@code -Xmx256m}) and an in-flight body
 * budget of 16 MB (a translated door allocates about 14 bytes per byte of body, docs/benchmarks.md): the requests that fit are answered, the others get 503 with {@code Retry-After} in Anthropic's
 * format, nothing else happens (no 500, no OutOfMemoryError), and the gateway serves normally afterwards.
 */
class BoundedMemoryTest {

    private static final String KEY = "sim-secret-key-123";
    private static final int BODY_BYTES = 4 * 1024 * 1024;
    private static final int CLIENTS = 32;

    @TempDir
    Path dir;

    private Process gateway;
    private Simulator simulator;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void concurrentBigBodiesStayUnderTheBound() throws Exception {
        simulator = Simulator.builder().requiredApiKey(KEY).build().startAndWait();
        int port = TestGateway.freePort();
        Path config = dir.resolve("switchyard.yaml");
        Files.writeString(config, """
                server:
                  port: %d
                  max_inflight_body_bytes: 16777216
                limits:
                  max_body_bytes: 8388608
                providers:
                  sim-anthropic:
                    protocol: anthropic-messages
                    base_url: %s
                    auth: x-api-key
                    api_key_env: SIM_API_KEY
                models:
                  test/claude:
                    vendor: test
                    supported_parameters: [max_tokens, stream]
                    endpoints:
                      - provider: sim-anthropic
                        upstream_model: sim-claude
                        pricing: {prompt: "1", completion: "1"}
                """.formatted(port, simulator.baseUrl()));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.switchyard.server.cli.SwitchyardCli", "run",
                "--config", config.toString(), "--data-dir", dir.resolve("data").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
        pb.environment().keySet().removeIf(k -> k.endsWith("_API_KEY") || k.startsWith("SWITCHYARD_"));
        pb.environment().put("SIM_API_KEY", KEY);
        gateway = pb.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        awaitHealthy(http, base);

        String text = "x".repeat(BODY_BYTES);
        String body = "{\"model\":\"test/claude\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                    .header("content-type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r;
            try {
                r = f.get(90, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // a refused request's connection may close while its body is still being written
                assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
                refused++;
                continue;
            }
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("retry-after")).hasValue("1");
                assertThat(TestGateway.json(r.body()).path("error").path("type").asText()).isEqualTo("overloaded_error");
                assertThat(r.body()).contains("server.max_inflight_body_bytes");
                refused++;
            }
        }
        assertThat(ok + refused).isEqualTo(CLIENTS);
        assertThat(ok).as("the requests that fit the budget are served").isGreaterThan(0);
        assertThat(refused).as("a 16 MB budget cannot hold 32 bodies of 4 MB at once").isGreaterThan(0);

        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"test/claude\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(gateway.isAlive()).isTrue();
        String log = Files.readString(dir.resolve("gateway.log"), StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("OutOfMemoryError");
    }

    private static void awaitHealthy(HttpClient http, String base) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not become healthy within 30 s");
    }
}
