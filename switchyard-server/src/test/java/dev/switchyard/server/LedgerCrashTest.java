package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.simulator.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the ledger (issue 12, part 6), end to end: a real gateway process serves a few hundred requests a
 * second over sockets (streamed and not, some slow enough to be in flight), is killed with SIGKILL in the middle,
 * and is started again on the same data directory. Then the ledger must match what happened:
 * <ul>
 *   <li>every request the client saw answered (200 and the whole body) has exactly one record, as answered;</li>
 *   <li>no record is counted twice: the rollups' request count equals the number of rows;</li>
 *   <li>every request that reached the provider has a record: at least as many dispatched records as requests the
 *       simulator received, and the ones cut by the kill are marked interrupted.</li>
 * </ul>
 * Bounded: a few seconds of load (until 200 answers came back under it, at most 30 s on a slow machine), and every
 * wait has a deadline.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LedgerCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_SECOND = 300;
    private static final int MAX_IN_FLIGHT = 400;
    private static final int WARM_UP = 5;
    private static final Duration MIN_LOAD = Duration.ofSeconds(2);
    private static final Duration MAX_LOAD = Duration.ofSeconds(30);
    private static final int KILL_AFTER_ANSWERS = 200;

    @TempDir
    Path dir;

    private Simulator simulator;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (simulator != null) {
            simulator.close();
        }
    }

    /** What the client saw of one request. */
    record Seen(boolean answered, String generationId) {
    }

    @Test
    void afterKillMinus9AndARestartEveryAnsweredRequestHasOneRecordAndEveryDispatchedOneHasARecord()
            throws Exception {
        simulator = Simulator.builder().build().startAndWait();
        int port = TestGateway.freePort();
        Path config = dir.resolve("switchyard.yaml");
        Files.writeString(config, """
                server: {host: 127.0.0.1, port: %d, data_dir: %s}
                log: {access: false}
                timeouts: {first_byte_ms: 60000, idle_ms: 60000, total_ms: 120000}
                providers:
                  sim: {name: Simulator, base_url: "%s", api_key: sim-key, country: US}
                models:
                  test/echo:
                    vendor: test
                    origin: US
                    supported_parameters: [max_tokens, stream]
                    endpoints:
                      - provider: sim
                        upstream_model: sim-echo
                        pricing: {prompt: "1.00", completion: "2.00"}
                """.formatted(port, dir.resolve("data"), simulator.baseUrl()));

        Process first = startGateway(config, port);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, CompletableFuture<Seen>> requests = new ConcurrentHashMap<>();
        for (int w = 0; w < WARM_UP; w++) { // a cold JVM on a busy machine answers its first requests slowly
            requests.put(-1 - w, CompletableFuture.completedFuture(send(client, port, 1_000_000 + w)
                    .get(60, TimeUnit.SECONDS)));
        }
        AtomicInteger answeredUnderLoad = new AtomicInteger();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime();
        int n = 0;
        // load until enough answers came back under it (at least MIN_LOAD, at most MAX_LOAD), then kill mid-stream
        while (System.nanoTime() - start < MAX_LOAD.toNanos()
                && (System.nanoTime() - start < MIN_LOAD.toNanos() || answeredUnderLoad.get() < KILL_AFTER_ANSWERS)) {
            long due = start + n * (1_000_000_000L / PER_SECOND);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            int i = n++;
            requests.put(i, send(client, port, i).whenComplete((s, e) -> {
                inFlight.release();
                if (s != null && s.answered()) {
                    answeredUnderLoad.incrementAndGet();
                }
            }));
        }
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<Integer, Seen> seen = new HashMap<>();
        for (Map.Entry<Integer, CompletableFuture<Seen>> e : requests.entrySet()) {
            seen.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
        }
        long reachedProvider = simulator.stats().requests();

        Process second = startGateway(config, port);
        awaitReplayed(client, port);
        Map<String, Row> rows = rows(dir.resolve("data").resolve("switchyard.db"));
        second.destroyForcibly();

        List<String> answered = seen.values().stream().filter(Seen::answered).map(Seen::generationId).toList();
        assertThat(answered).as("some requests were answered before the kill").isNotEmpty();
        assertThat(answered.size()).as("and some were not").isLessThan(seen.size());
        for (String id : answered) {
            assertThat(rows).as("answered request %s has its record", id).containsKey(id);
            Row r = rows.get(id);
            assertThat(r.status()).as("record of answered %s: %s", id, r).isEqualTo(200);
            assertThat(r.interrupted()).as("answered %s is not interrupted", id).isFalse();
        }
        assertThat(Set.copyOf(answered)).as("generation ids are unique").hasSize(answered.size());
        assertThat(rollupRequests(dir.resolve("data").resolve("switchyard.db")))
                .as("rollups count each record exactly once").isEqualTo(rows.size());
        long dispatched = rows.values().stream().filter(Row::dispatched).count();
        assertThat(dispatched).as("every request that reached the provider (%d) has a record", reachedProvider)
                .isGreaterThanOrEqualTo(reachedProvider);
        assertThat(rows.size()).as("no more records than requests sent").isLessThanOrEqualTo(seen.size());
        List<Row> interrupted = rows.values().stream().filter(Row::interrupted).toList();
        assertThat(interrupted).as("the requests in flight at the kill are recorded as interrupted").isNotEmpty();
        assertThat(interrupted).allSatisfy(r -> {
            assertThat(r.dispatched()).isTrue();
            assertThat(r.status()).isEqualTo(500);
        });
        assertThat(interrupted.stream().map(Row::id).toList()).doesNotContainAnyElementsOf(answered);
        System.out.printf("LedgerCrashTest: %d requests sent, %d answered, %d reached the provider, %d records"
                + " (%d dispatched, %d interrupted)%n", seen.size(), answered.size(), reachedProvider, rows.size(),
                dispatched, interrupted.size());
    }

    /** Fast and slow, streamed and not; the slow ones are still running when the gateway is killed. */
    private static CompletableFuture<Seen> send(HttpClient client, int port, int i) {
        boolean stream = i % 3 == 0;
        String script = switch (i % 7) {
            case 0 -> "{\"latency_ms\": 1500}";
            case 1 -> "{\"ttft_ms\": 50, \"tokens_per_second\": 20, \"completion_tokens\": 30}";
            default -> "{\"completion_tokens\": 16}";
        };
        String body = """
                {"model": "test/echo", "stream": %s, "user": "crash-%d",
                 "messages": [{"role": "user", "content": "request %d"}], "simulator": %s}"""
                .formatted(stream, i, i, script);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Seen(r.statusCode() == 200 && complete(r.body(), stream),
                        r.headers().firstValue("x-switchyard-generation-id").orElse("")))
                .exceptionally(e -> new Seen(false, ""));
    }

    private static boolean complete(String body, boolean stream) {
        if (stream) {
            return body.contains("\"finish_reason\":\"stop\"") && body.strip().endsWith("data: [DONE]");
        }
        try {
            return JSON.readTree(body).path("choices").path(0).path("finish_reason").asText().equals("stop");
        } catch (IOException e) {
            return false;
        }
    }

    private Process startGateway(Path config, int port) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.switchyard.server.cli.SwitchyardCli", "run",
                "--config", config.toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway-" + processes.size() + ".log").toFile());
        pb.environment().keySet().removeIf(k -> k.endsWith("_API_KEY") || k.startsWith("SWITCHYARD_"));
        Process p = pb.start();
        processes.add(p);
        HttpClient probe = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the gateway is running (see %s)", dir).isTrue();
            try {
                HttpResponse<String> r = probe.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return p;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not start within 60 s; log in " + dir);
    }

    /** Waits until the restarted gateway has replayed the journal of the killed one into the store. */
    private static void awaitReplayed(HttpClient client, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode journal = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            journal = JSON.readTree(r.body()).path("journal");
            if (journal.path("status").asText().equals("ok") && journal.path("segments").asInt() == 1
                    && journal.path("lag").asLong() == 0 && journal.path("interrupted_recorded").asLong() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the journal was not replayed within 60 s: " + journal);
    }

    /** One ledger row, as the test needs it. */
    record Row(String id, int status, boolean interrupted, boolean dispatched, String errorClass) {
    }

    private static Map<String, Row> rows(Path db) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT id, status, interrupted, provider, error_class FROM generations")) {
            while (rs.next()) {
                Row row = new Row(rs.getString(1), rs.getInt(2), rs.getInt(3) == 1, !rs.getString(4).isEmpty(),
                        rs.getString(5));
                assertThat(rows.put(row.id(), row)).as("id %s once", row.id()).isNull();
            }
        }
        return rows;
    }

    private static long rollupRequests(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT SUM(requests) FROM usage_daily")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
