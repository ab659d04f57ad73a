package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.simulator.Simulator;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive (decision 0013): {@code scripts/package.sh} (what {@code ./switchyard package} runs) builds it
 * from the jars this test runs on, once for the class; the packaged gateway then starts with no {@code java} and no
 * {@code mvn} on its PATH and no JAVA_HOME, and answers an inference request against the simulator. The Dockerfile
 * and the systemd unit are checked statically against the archive's layout (Docker is not available here).
 */
@Tag("packaging")
class PackagingTest {

    private static final String NAME = "switchyard-0.1.0";
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    static Path dir;

    static Path archive;
    static Path unpacked;
    private static final List<Process> started = new ArrayList<>();

    /** Class path entries only the tests need: left out of the archive to keep it small. */
    private static final List<String> TEST_ONLY = List.of("test-classes", "/junit/", "/org/junit/", "/assertj/",
            "/opentest4j/", "/apiguardian/", "/com/openai/", "/com/anthropic/", "/okhttp3/", "/okio/",
            "/jetbrains/kotlin/", "/com/google/protobuf/", "/opentelemetry/proto/", "/surefire/", "/errorprone/",
            "/swagger/", "/victools/", "/jsonschema");

    @BeforeAll
    static void buildTheArchive() throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> TEST_ONLY.stream().noneMatch(e::contains))
                .collect(Collectors.joining(":"));
        Path dist = dir.resolve("dist");
        Process p = new ProcessBuilder(ROOT.resolve("scripts/package.sh").toString(), "--out", dist.toString(),
                "--classpath", classpath).redirectErrorStream(true).redirectOutput(dir.resolve("package.log").toFile())
                .start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("packaging ends").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("package.log"))).isZero();
        archive = dist.resolve(NAME + "-linux-x64.tar.gz");
        assertThat(archive).exists();
        unpacked = dir.resolve("unpacked");
        Files.createDirectories(unpacked);
        assertThat(new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start()
                .waitFor()).isZero();
    }

    @AfterAll
    static void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void theChecksumFileMatchesTheArchive() throws Exception {
        Process check = new ProcessBuilder("sha256sum", "-c", NAME + "-linux-x64.tar.gz.sha256")
                .directory(archive.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(out).isZero();
        assertThat(out).contains(NAME + "-linux-x64.tar.gz: OK");
    }

    @Test
    void thePackagedGatewayServesWithNoJdkAndNoMavenOnThePath() throws Exception {
        Path app = unpacked.resolve(NAME);
        assertThat(app.resolve("runtime/bin/java")).isExecutable();
        assertThat(app.resolve("bin/switchyard")).isExecutable();
        // a PATH with only what the launcher needs: a shell and dirname, no java, no mvn
        Path bin = Files.createDirectories(dir.resolve("path-bin"));
        for (String tool : List.of("sh", "dirname")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/bin", tool).toRealPath());
        }
        try (Simulator sim = Simulator.builder().build().startAndWait()) {
            int port = TestGateway.freePort();
            Path work = Files.createDirectories(dir.resolve("work"));
            Files.writeString(work.resolve("switchyard.yaml"), """
                    providers:
                      sim: {base_url: "%s", api_key: sim-key}
                    models:
                      t/echo:
                        endpoints:
                          - {provider: sim, upstream_model: echo, pricing: {prompt: "1", completion: "1"}}
                    """.formatted(sim.baseUrl()));
            ProcessBuilder pb = new ProcessBuilder(app.resolve("bin/switchyard").toString(), "run", "--port",
                    Integer.toString(port), "--data-dir", "data").directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("gateway.log").toFile());
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", bin.toString());
            env.put("HOME", work.toString());
            Process p = pb.start();
            started.add(p);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (status(http, port) != 200) {
                assertThat(p.isAlive()).as("the packaged gateway runs: %s", log(work)).isTrue();
                assertThat(System.nanoTime()).as("ready within 60 s: %s", log(work)).isLessThan(deadline);
                Thread.sleep(100);
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/chat/completions")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"t/echo\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"hi\"}],\"simulator\":{\"text\":\"packaged and running\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(TestGateway.json(r.body()).path("choices").get(0).path("message").path("content").asText())
                    .isEqualTo("packaged and running");
            p.destroy(); // SIGTERM: drains and exits 0
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log(work)).isZero();
        }
    }

    @Test
    void theSystemdUnitStartsTheArchivesLauncherAndVerifies() throws Exception {
        String unit = Files.readString(ROOT.resolve("packaging/switchyard.service"));
        String execStart = line(unit, "ExecStart=");
        String binary = execStart.substring("ExecStart=".length()).split(" ")[0];
        assertThat(binary).startsWith("/opt/switchyard/");
        Path inArchive = unpacked.resolve(NAME).resolve(binary.substring("/opt/switchyard/".length()));
        assertThat(inArchive).as("ExecStart's program is in the archive layout").isExecutable();
        assertThat(line(unit, "User=")).isEqualTo("User=switchyard");
        assertThat(unit).contains("ExecReload=/bin/kill -HUP $MAINPID").contains("KillSignal=SIGTERM");
        assertThat(unpacked.resolve(NAME).resolve("packaging/switchyard.service")).exists();
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (Files.isExecutable(analyze)) { // the unit as installed: /opt/switchyard is the unpacked archive
            Path copy = dir.resolve("switchyard.service");
            Files.writeString(copy, unit.replace("/opt/switchyard", unpacked.resolve(NAME).toString()));
            Process v = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(v.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out.lines().filter(l -> l.contains("switchyard.service")).toList()).as(out).isEmpty();
        }
    }

    @Test
    void theDockerfileIsMultiStageNonRootWithAHealthcheck() throws IOException {
        List<String> instructions = instructions(Files.readString(ROOT.resolve("packaging/Dockerfile")));
        List<String> froms = instructions.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.get(0)).contains(" AS build");
        int last = instructions.indexOf(froms.getLast());
        List<String> runtime = instructions.subList(last, instructions.size());
        assertThat(runtime).anyMatch(i -> i.startsWith("COPY --from=build "));
        String user = runtime.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        String who = user.substring(5).split(":")[0].trim();
        assertThat(who).isNotIn("root", "0");
        assertThat(runtime).anyMatch(i -> i.startsWith("HEALTHCHECK ") && i.contains("CMD")
                && i.contains("/health/ready"));
        String entrypoint = runtime.stream().filter(i -> i.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        assertThat(entrypoint).contains("/opt/switchyard/bin/switchyard");
        for (String i : instructions) {
            assertThat(i.split(" ")[0]).as(i).isIn("FROM", "WORKDIR", "COPY", "RUN", "USER", "ENV", "VOLUME",
                    "EXPOSE", "STOPSIGNAL", "HEALTHCHECK", "ENTRYPOINT", "CMD", "ARG", "LABEL");
        }
    }

    /** Dockerfile instructions, continuation lines joined, comments and blank lines dropped. */
    static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String l : dockerfile.lines().toList()) {
            String t = l.strip();
            if (current.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
            } else {
                out.add(current.append(t).toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
        }
        return out;
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    private static int status(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String log(Path work) {
        try {
            return Files.readString(work.resolve("gateway.log"));
        } catch (IOException e) {
            return "";
        }
    }
}
