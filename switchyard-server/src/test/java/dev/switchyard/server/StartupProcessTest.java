package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchyard run} in a real JVM, as the launcher starts it: every failure to start ends the process at once,
 * non-zero, with one line that says what and how to fix it; a good start prints a short summary and nothing noisy.
 */
class StartupProcessTest {

    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    /** What a finished process said and how it ended. */
    record Ended(int code, List<String> stderr, String stdout) {
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.switchyard.server.cli.SwitchyardCli", "run"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.endsWith("_API_KEY") || k.startsWith("SWITCHYARD_"));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private Ended runToEnd(String... args) throws Exception {
        Process p = start(args);
        boolean ended = p.waitFor(PROMPT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(ended).as("the process ends within %s instead of hanging", PROMPT).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Ended(p.exitValue(), err.lines().filter(l -> !l.isBlank()).toList(), out);
    }

    @Test
    void portInUseExitsAtOnceWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Ended e = runToEnd("--port", Integer.toString(taken.getLocalPort()), "--data-dir", "data");
            assertThat(e.code()).isEqualTo(1);
            assertThat(e.stderr()).containsExactly("switchyard: port " + taken.getLocalPort()
                    + " on 127.0.0.1 is already in use: stop what listens there (another Switchyard?) or choose"
                    + " another port with --port");
        }
    }

    @Test
    void missingConfigFileSaysNotFound() throws Exception {
        Ended e = runToEnd("--config", "nope.yaml");
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.stderr()).singleElement().asString()
                .startsWith("switchyard: config file nope.yaml not found");
    }

    @Test
    void invalidConfigNamesTheKeyAndSuggestsTheFix() throws Exception {
        Files.writeString(dir.resolve("switchyard.yaml"), "server:\n  prot: 8095\n");
        Ended e = runToEnd();
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.stderr()).containsExactly(
                "switchyard: config switchyard.yaml: unknown key 'server.prot' (did you mean 'server.port'?)");
    }

    @Test
    void malformedConfigGivesLineAndColumnWithoutParserInternals() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"server\": {\"port\": 8095}\n");
        Ended e = runToEnd("--config", "bad.json");
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.stderr()).singleElement().asString()
                .startsWith("switchyard: config bad.json, line 2, column 1: ")
                .contains("expected '}'")
                .doesNotContain("StreamReadFeature").doesNotContain("Source:");
    }

    @Test
    void unusableDataDirectoryExitsWithOneLine() throws Exception {
        Files.writeString(dir.resolve("occupied"), "a file where the data directory should be");
        Ended e = runToEnd("--port", "0", "--data-dir", "occupied/data");
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.stderr()).singleElement().asString()
                .startsWith("switchyard: data directory occupied/data cannot be created: ")
                .endsWith("(choose another with --data-dir, $SWITCHYARD_DATA_DIR or server.data_dir)");
    }

    @Test
    void aGoodStartPrintsASummaryThatSaysWhatToDoWithoutKeys() throws Exception {
        Process p = start("--port", "0", "--data-dir", "data");
        List<String> lines = new ArrayList<>();
        try (var err = p.errorReader(StandardCharsets.UTF_8)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String line;
            while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
                lines.add(line);
                if (line.contains("./switchyard demo")) {
                    break;
                }
            }
        }
        String all = String.join("\n", lines);
        assertThat(all).contains("listening on http://127.0.0.1:")
                .contains("store:").contains(dir.resolve("data").resolve("switchyard.db").toString())
                .contains("providers: none of").contains("DEEPSEEK_API_KEY").contains("ANTHROPIC_API_KEY")
                .contains("./switchyard providers").contains("./switchyard demo");
        assertThat(lines.getFirst()).as("the first line is the useful one").contains("listening on");
        assertThat(all).doesNotContain("HikariPool").doesNotContain("WARNING");
        assertThat(p.isAlive()).isTrue();
    }
}
