package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.simulator.Simulator;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import java.io.IOException;
import java.net.ConnectException;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchyard run} in a real JVM under a process manager's signals: SIGTERM with a stream open stops accepting,
 * lets the stream finish, flushes the ledger and exits 0; a reload (admin call or SIGHUP) changes a price without
 * dropping the stream that was open, which keeps its price, while the requests after it pay the new one.
 */
class LifecycleProcessTest {

    private static final long PICOS_PER_USD_PER_MILLION_TOKENS = 1_000_000L;

    @TempDir
    Path dir;

    private final Simulator simulator = Simulator.builder().build().startAndWait();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();
    private int port;

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        simulator.close();
    }

    private void writeConfig(String price) throws IOException {
        Files.writeString(dir.resolve("switchyard.yaml"), """
                server:
                  drain_ms: 20000
                providers:
                  sim: {base_url: "%s", api_key: sim-key}
                models:
                  t/slow:
                    endpoints:
                      - {provider: sim, upstream_model: slow, pricing: {prompt: "%s", completion: "%s"}}
                """.formatted(simulator.baseUrl(), price, price));
    }

    private Process start() throws IOException, InterruptedException {
        port = TestGateway.freePort();
        return start("run", "--port", Integer.toString(port), "--data-dir", "data");
    }

    private Process start(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.switchyard.server.cli.SwitchyardCli"));
        command.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway.log").toFile());
        pb.environment().keySet().removeIf(k -> k.endsWith("_API_KEY") || k.startsWith("SWITCHYARD_"));
        Process p = pb.start();
        started.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a JVM start on a loaded machine
        while (get("/health/ready") != 200) {
            assertThat(p.isAlive()).as("the gateway runs; its output:\n%s", log()).isTrue();
            assertThat(System.nanoTime()).as("the gateway is ready within 60 s; its output:\n%s", log())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        return p;
    }

    private int get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpRequest chat(boolean stream, String words, double tokensPerSecond) {
        String body = "{\"model\":\"t/slow\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\"}],\"simulator\":{\"text\":\"" + words + "\",\"tokens_per_second\":" + tokensPerSecond + "}}";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A stream being read: its lines so far, a latch for the first content, and the whole once it ends. */
    private record OpenStream(String id, CountDownLatch firstChunk, CompletableFuture<List<String>> lines) {
    }

    private OpenStream openStream(int words) throws Exception {
        String text = String.join(" ", Stream.generate(() -> "word").limit(words).toList());
        HttpResponse<Stream<String>> r = http.send(chat(true, text, 4), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<List<String>> all = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            r.body().forEach(l -> {
                lines.add(l);
                if (l.contains("\"content\":\"word")) {
                    first.countDown();
                }
            });
            return lines;
        });
        assertThat(first.await(20, TimeUnit.SECONDS)).as("the stream's first words").isTrue();
        return new OpenStream(id, first, all);
    }

    private UsageRecord ledger(String id) {
        try (JdbcUsageStore store = JdbcUsageStore.sqlite(dir.resolve("data").resolve("switchyard.db"))) {
            return store.find(id).orElseThrow(() -> new AssertionError("no ledger record for " + id));
        }
    }

    private UsageRecord awaitLedger(String id) {
        UsageRecord[] found = new UsageRecord[1];
        TestGateway.await("the ledger record of " + id, () -> {
            try (JdbcUsageStore store = JdbcUsageStore.sqlite(dir.resolve("data").resolve("switchyard.db"))) {
                found[0] = store.find(id).orElse(null);
            }
            return found[0] != null;
        });
        return found[0];
    }

    /** Picodollars per token the record was charged: (cost) / (prompt + completion tokens). */
    private static long picosPerToken(UsageRecord r) {
        long tokens = r.usage().promptTokens() + r.usage().completionTokens();
        assertThat(tokens).isPositive();
        return r.cost().totalPicos() / tokens;
    }

    @Test
    void theDemoStopsOnSigtermByDrainingAndExitsZero() throws Exception {
        port = TestGateway.freePort();
        Process p = start("demo", "--port", Integer.toString(port), "--sim-port",
                Integer.toString(TestGateway.freePort()), "--data-dir", "demo-data");
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the demo ends after draining").isTrue();
        assertThat(p.exitValue()).as(log()).isZero();
        assertThat(log()).contains("stopped: every request in flight finished");
    }

    @Test
    void sigtermDrainsTheOpenStreamFlushesTheLedgerAndExitsZero() throws Exception {
        writeConfig("1");
        Process p = start();
        OpenStream s = openStream(24); // about 6 s at 4 tokens per second

        p.destroy(); // SIGTERM

        TestGateway.await("the port to stop accepting while the stream drains", () -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return false;
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                return true;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(s.lines().isDone()).as("the stream is still open when the port closes").isFalse();
        List<String> lines = s.lines().get(30, TimeUnit.SECONDS);
        assertThat(lines).contains("data: [DONE]");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the process ends after draining").isTrue();
        assertThat(p.exitValue()).isZero();
        UsageRecord r = ledger(s.id()); // written before exit: no waiting
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.usage().completionTokens()).isEqualTo(24);
        assertThat(Files.readString(dir.resolve("gateway.log"), StandardCharsets.UTF_8))
                .contains("stopped: every request in flight finished");
    }

    @Test
    void aReloadChangesThePriceForLaterRequestsWhileTheOpenStreamKeepsItsPrice() throws Exception {
        writeConfig("1");
        Process p = start();
        OpenStream s = openStream(16); // about 4 s

        writeConfig("5");
        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
        try {
            TestGateway.await("the new price to be served", () -> modelPromptPrice().equals("0.000005"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (price now " + modelPromptPrice() + "); the gateway's output:\n"
                    + log(), e);
        }

        HttpResponse<String> after = http.send(chat(false, "one two three", 0), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
        List<String> lines = s.lines().get(30, TimeUnit.SECONDS);
        assertThat(lines).as("the stream open across the reload was not dropped").contains("data: [DONE]");

        UsageRecord open = awaitLedger(s.id());
        UsageRecord later = awaitLedger(after.headers().firstValue("x-switchyard-generation-id").orElseThrow());
        assertThat(picosPerToken(open)).isEqualTo(1 * PICOS_PER_USD_PER_MILLION_TOKENS);
        assertThat(picosPerToken(later)).isEqualTo(5 * PICOS_PER_USD_PER_MILLION_TOKENS);

        // a configuration that does not load leaves the running one in place
        Files.writeString(dir.resolve("switchyard.yaml"), "server:\n  prot: 1\n");
        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
        TestGateway.await("the refused reload to be logged", () -> log().contains("configuration not reloaded"));
        assertThat(modelPromptPrice()).isEqualTo("0.000005");
        assertThat(p.isAlive()).isTrue();
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("gateway.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String modelPromptPrice() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode m : TestGateway.json(r.body()).path("data")) {
                if (m.path("id").asText().equals("t/slow")) {
                    return m.path("pricing").path("prompt").asText();
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
