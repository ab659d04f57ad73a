package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a child JVM, started with {@code switchyard run --config …} on the JDK running the tests and the test
 * class path: what a replica is in production, a process of its own that a test can kill with SIGKILL
 * ({@link #kill}) and start again on the same data directory. {@link TestGateway} runs a gateway inside the test JVM;
 * use this one only where a separate process is the point (crash safety, replicas that share nothing but their
 * stores).
 *
 * <p>The child gets a small heap ({@code -Xmx256m}) and the serial collector, its output goes to a log file beside
 * its configuration (named in every failure message), and it inherits no {@code *_API_KEY} or {@code SWITCHYARD_*}
 * variable from the build's environment. Every wait is bounded.
 */
final class GatewayProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a gateway with {@code config} (which must set {@code server.port: port}) and returns once its
     * {@code /health} answers 200; its output goes to {@code log}.
     */
    static GatewayProcess start(Path config, int port, Path log) {
        return start(config, port, log, Map.of());
    }

    /** The same, with extra environment variables. */
    static GatewayProcess start(Path config, int port, Path log, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.switchyard.server.cli.SwitchyardCli", "run",
                "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(config.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.endsWith("_API_KEY") || k.startsWith("SWITCHYARD_"));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a gateway process", e);
        }
        GatewayProcess g = new GatewayProcess(p, port, log);
        try {
            g.awaitHealthy();
        } catch (RuntimeException | Error e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** The java launcher of the JVM running the tests (so the child runs on the same JDK). */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway process exited with " + process.exitValue() + ": "
                        + logTail());
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            sleep(100);
        }
        throw new AssertionError("the gateway did not start within " + START_TIMEOUT.toSeconds() + " s: "
                + logTail());
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** A GET on this gateway, bounded by 10 s. */
    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /health}, parsed. */
    JsonNode health() {
        try {
            return JSON.readTree(get("/health").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until a gateway started on a killed one's data directory has replayed the journal it left into the store:
     * the journal is back to one segment with nothing unread, and the requests the kill cut have been recorded as
     * interrupted.
     */
    void awaitJournalReplayed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode journal = null;
        while (System.nanoTime() < deadline) {
            journal = health().path("journal");
            if (journal.path("status").asText().equals("ok") && journal.path("segments").asInt() == 1
                    && journal.path("lag").asLong() == 0 && journal.path("interrupted_recorded").asLong() > 0) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("the journal was not replayed within 60 s: " + journal + "; " + logTail());
    }

    /** SIGKILL: no shutdown hook, no flush, as an out-of-memory kill or a power cut of the process would be. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the gateway process survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the process's output, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "log " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "log " + log + " unreadable: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
