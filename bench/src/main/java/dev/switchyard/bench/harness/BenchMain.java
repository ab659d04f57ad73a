package dev.switchyard.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The side-by-side benchmark: direct to the simulator, Switchyard (every stage on, and bare), an nginx reverse proxy
 * (the floor) and the Portkey gateway (a peer), all against the same zero-delay simulator on this machine, in one run.
 * Method: {@code shared/reference/benchmark-method.md}; results: {@code docs/benchmarks.md}.
 *
 * <pre>
 *   bench/run [--profile smoke|standard|soak] [--out DIR] [--report FILE] [--only SCENARIO,...] [--soak DURATION]
 * </pre>
 * {@code --only} runs the warm-up and the named scenarios alone (names as in the results: {@code streaming_c1},
 * {@code streams_sustained}, {@code stream_memory}, {@code soak}) and writes no report: for investigating one of
 * them without the whole run. {@code --soak PT5M} changes the soak's length.
 * The simulator and this load generator share CPU 0; each system under test runs alone on CPU 1.
 */
public final class BenchMain {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ROUTE = "/v1/chat/completions";

    /** How long every target is left alone after the last one started, before the idle resident sets are read. */
    private static final long IDLE_SETTLE_MILLIS = 10_000;

    private final Profile profile;
    private final Path out;
    private final Path repo;
    private final List<Proc> procs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final ObjectNode results = JSON.createObjectNode();
    private final Random shuffle = new Random(7);
    private final Set<String> only;
    private int simPort;

    BenchMain(Profile profile, Path out, Path repo) {
        this(profile, out, repo, Set.of());
    }

    BenchMain(Profile profile, Path out, Path repo, Set<String> only) {
        this.profile = profile;
        this.out = out;
        this.repo = repo;
        this.only = only;
    }

    /** Whether a scenario runs: all of them, unless {@code --only} named some. */
    private boolean runs(String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    public static void main(String[] args) throws Exception {
        String profile = "standard";
        Path out = null;
        Path report = null;
        Set<String> only = Set.of();
        Duration soak = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--profile" -> profile = args[i + 1];
                case "--out" -> out = Path.of(args[i + 1]);
                case "--report" -> report = Path.of(args[i + 1]);
                case "--only" -> only = Set.of(args[i + 1].split(","));
                case "--soak" -> soak = Duration.parse(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path repo = Path.of(System.getProperty("switchyard.repo", ".")).toAbsolutePath().normalize();
        if (out == null) {
            out = repo.resolve("bench/results/" + Instant.now().toString().replace(':', '-'));
        }
        Profile chosen = soak == null ? Profile.named(profile) : Profile.named(profile).withSoak(soak);
        BenchMain bench = new BenchMain(chosen, out, repo, only);
        List<String> failures = bench.run();
        if (report != null && only.isEmpty()) {
            Report.write(bench.results, report);
            System.out.println("report written to " + report);
        }
        if (!failures.isEmpty()) {
            System.err.println("BENCHMARK FAILED:\n  " + String.join("\n  ", failures));
            System.exit(1);
        }
        System.out.println("benchmark finished without errors; results in " + out);
        System.exit(0);
    }

    /** Runs every scenario; returns the correctness failures (empty when all scenarios completed cleanly). */
    List<String> run() throws Exception {
        Files.createDirectories(out);
        results.set("environment", Environment.describe(repo, profile.name()));
        Map<String, Target> targets = new LinkedHashMap<>();
        try (LoadClient client = new LoadClient()) {
            simPort = freePort();
            startSimulator();
            targets.put("direct", new Target("direct", simPort, ROUTE, Map.of(), "echo", Optional.empty()));
            targets.put("switchyard", switchyard("switchyard", "", true, false, true));
            targets.put("switchyard-bare", switchyard("switchyard-bare",
                    "usage: {ledger: false}\nmetrics: {enabled: false}\n", true));
            if (profile.peers()) {
                nginx().ifPresent(t -> targets.put("nginx", t));
                portkey().ifPresent(t -> targets.put("portkey", t));
            } else {
                notes.add("smoke profile: peers (nginx, Portkey) are not started; this run checks correctness only");
            }
            ObjectNode memory = results.putObject("memory");
            // idle means settled: start-up's compilations over and the memory the JIT freed handed back (the
            // launcher's flags trim the native heap every 5 s), not the first second after the port opened
            Proc.sleep(IDLE_SETTLE_MILLIS);
            for (Target t : targets.values()) {
                t.process().ifPresent(p -> memory.putObject(t.name()).put("idle_rss_kib", p.rssKib()));
            }
            if (only.isEmpty() || !Set.of("stream_memory", "soak").containsAll(only)) {
                warmUp(client, targets); // nothing timed follows otherwise
            }
            if (runs("latency_c1")) {
                latencyAtOne(client, targets);
            }
            if (runs("sweep")) {
                sweep(client, targets, memory);
            }
            if (runs("open_loop")) {
                openLoop(client, targets);
            }
            if (runs("streaming_c1")) {
                streaming(client, targets);
            }
            if (runs("streams_sustained")) {
                streamsSustained(client, targets);
            }
            if (runs("stream_memory")) {
                streamMemory(client, targets.get("switchyard"));
            }
            if (runs("payloads")) {
                payloads(client, targets);
            }
            if (runs("feature_costs")) {
                featureCosts(client, targets);
            }
            if (profile.peers() && runs("profiled")) {
                profiled(client);
            }
            if (runs("soak")) {
                soak(client, targets.get("switchyard"), memory);
            }
        } finally {
            for (Proc p : procs) {
                p.close();
            }
            results.set("notes", JSON.valueToTree(notes));
            results.set("failures", JSON.valueToTree(failures));
            Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(results));
        }
        return failures;
    }

    // ---- processes ------------------------------------------------------------------------------------------------

    private List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xss512k"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void startSimulator() throws IOException {
        Path config = out.resolve("simulator.yaml");
        Files.writeString(config, """
                default: {prompt_tokens: 57, completion_tokens: 17}
                models:
                  stream-64x20: {tokens_per_second: 50, completion_tokens: 64, prompt_tokens: 57}
                  stream-hold: {tokens_per_second: 10, completion_tokens: 20, prompt_tokens: 57}
                  stream-fast: {tokens_per_second: 400, completion_tokens: 8, prompt_tokens: 57}
                  stream-zero: {completion_tokens: 64, prompt_tokens: 57}
                  stream-long: {tokens_per_second: 2, completion_tokens: 120, prompt_tokens: 57}
                  stream-cut: {tokens_per_second: 400, completion_tokens: 16, fault: cut, cut_after_chunks: 5}
                  fail500: {error: {status: 500, message: "always failing"}}
                """);
        List<String> cmd = java("dev.switchyard.simulator.SimulatorMain", "--port", Integer.toString(simPort),
                "--config", config.toString());
        cmd.add(1, "-Xmx1g");
        procs.add(Proc.start("simulator", 0, cmd, out.resolve("simulator.log"), null));
        Proc.awaitPort("simulator", simPort, Duration.ofSeconds(60));
    }

    /** A Switchyard process on CPU 1 with the given extra configuration. */
    private Target switchyard(String name, String extraYaml, boolean register) throws IOException {
        return switchyard(name, extraYaml, register, false, false);
    }

    private Target switchyard(String name, String extraYaml, boolean register, boolean recorded, boolean keyed)
            throws IOException {
        int port = freePort();
        Path config = out.resolve(name + ".yaml");
        Files.writeString(config, """
                # max_connections raised past the stream ladder's top, as nginx's worker_connections is: the default
                # (4,096, minus 32 reserved) would cap the concurrent-streams scenario at 4,064
                server: {host: 127.0.0.1, port: %d, data_dir: "%s", max_connections: 10100}
                log: {access: false}
                routing:
                  retries: {max_attempts: 3, max_rounds: 1}
                  health: {failure_threshold: 1000000000}
                providers:
                  sim: {base_url: "http://127.0.0.1:%d/v1", api_key: sk-bench}
                models:
                  bench/echo:
                    endpoints: [{provider: sim, upstream_model: echo, pricing: {prompt: "1", completion: "2"}}]
                  bench/stream-64x20:
                    endpoints: [{provider: sim, upstream_model: stream-64x20, pricing: {prompt: "1", completion: "2"}}]
                  bench/stream-hold:
                    endpoints: [{provider: sim, upstream_model: stream-hold, pricing: {prompt: "1", completion: "2"}}]
                  bench/stream-fast:
                    endpoints: [{provider: sim, upstream_model: stream-fast, pricing: {prompt: "1", completion: "2"}}]
                  bench/stream-zero:
                    endpoints: [{provider: sim, upstream_model: stream-zero, pricing: {prompt: "1", completion: "2"}}]
                  bench/stream-long:
                    endpoints: [{provider: sim, upstream_model: stream-long, pricing: {prompt: "1", completion: "2"}}]
                  bench/stream-cut:
                    endpoints: [{provider: sim, upstream_model: stream-cut, pricing: {prompt: "1", completion: "2"}}]
                  bench/fail:
                    endpoints: [{provider: sim, upstream_model: fail500, pricing: {prompt: "1", completion: "1"}}]
                  bench/fallback:
                    endpoints:
                      - {provider: sim, upstream_model: fail500, pricing: {prompt: "1", completion: "1"}}
                      - {provider: sim, upstream_model: echo, pricing: {prompt: "2", completion: "2"}}
                %s""".formatted(port, out.resolve(name + "-data"), simPort, extraYaml));
        List<String> cmd = java("dev.switchyard.server.Main", "--config", config.toString());
        // the launcher's flags (scripts/jvm-opts.sh, decision 0021), one core, a 256 MiB heap cap
        cmd.addAll(1, Environment.gatewayJvmFlags(repo));
        if (recorded) {
            // a flight recording, in its own process so that the measured ones carry no profiler
            cmd.add(1, "-XX:StartFlightRecording=filename=" + out.resolve(name + ".jfr") + ",settings=profile");
        }
        Map<String, String> headers = keyed ? Map.of("authorization", "Bearer " + createKey(out.resolve(name + "-data")))
                : Map.of();
        Proc p = Proc.start(name, 1, cmd, out.resolve(name + ".log"), null);
        procs.add(p);
        Proc.awaitPort(name, port, Duration.ofSeconds(60));
        Proc.sleep(1000); // let start-up settle before the idle RSS reading
        return new Target(name, port, ROUTE, headers, "bench/echo", Optional.of(p));
    }

    /**
     * The path users run (issue 14): a workspace and a key, each with rate limits, a concurrency cap and a budget
     * too large to bind, created with the CLI in the gateway's data directory before it starts; returns the key.
     */
    private String createKey(Path dataDir) throws IOException {
        String[] limits = {"--rpm", "100000000", "--tpm", "1000000000000", "--concurrency", "100000", "--limit",
                "1000000", "--limit-reset", "monthly", "--data-dir", dataDir.toString()};
        List<String> workspace = java("dev.switchyard.server.cli.SwitchyardCli", "workspaces", "create", "--id", "bench",
                "--name", "bench");
        workspace.addAll(List.of(limits));
        run(workspace);
        List<String> key = java("dev.switchyard.server.cli.SwitchyardCli", "keys", "create", "--name", "bench",
                "--workspace", "bench", "--json");
        key.addAll(List.of(limits));
        return JSON.readTree(run(key)).path("key").asText();
    }

    private static String run(List<String> command) throws IOException {
        Path errors = Files.createTempFile("switchyard-cli", ".err");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                List<String> args = command.subList(command.indexOf("dev.switchyard.server.cli.SwitchyardCli"),
                        command.size());
                throw new IOException("failed: " + String.join(" ", args) + "\n" + stdout + Files.readString(errors));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(errors);
        }
        return stdout;
    }

    private Optional<Target> nginx() throws IOException {
        Path binary = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(binary)) {
            notes.add("NGINX NOT FOUND: /usr/sbin/nginx is missing (Debian: apt-get install nginx-light); the nginx"
                    + " floor is not measured in this run");
            return Optional.empty();
        }
        int port = freePort();
        Path dir = out.resolve("nginx");
        Files.createDirectories(dir.resolve("tmp"));
        String conf = Files.readString(repo.resolve("bench/nginx/nginx.conf.template"))
                .replace("@SIM_PORT@", Integer.toString(simPort)).replace("@NGINX_PORT@", Integer.toString(port));
        Files.writeString(dir.resolve("nginx.conf"), conf);
        Proc p = Proc.start("nginx", 1, List.of(binary.toString(), "-p", dir + "/", "-c", "nginx.conf", "-g",
                "daemon off;"), out.resolve("nginx.log"), null);
        procs.add(p);
        Proc.awaitPort("nginx", port, Duration.ofSeconds(20));
        return Optional.of(new Target("nginx", port, ROUTE, Map.of(), "echo", Optional.of(p)));
    }

    private Optional<Target> portkey() throws IOException {
        Path start = repo.resolve("bench/portkey/node_modules/@portkey-ai/gateway/build/start-server.js");
        if (!Files.exists(start)) {
            notes.add("PORTKEY NOT INSTALLED: run `npm install` in bench/portkey (bench/run does it); the Portkey peer"
                    + " is not measured in this run");
            return Optional.empty();
        }
        int port = freePort();
        Proc p = Proc.start("portkey", 1, List.of("node", start.toString(), "--headless", "--port=" + port),
                out.resolve("portkey.log"), repo.resolve("bench/portkey"));
        procs.add(p);
        Proc.awaitPort("portkey", port, Duration.ofSeconds(60));
        Proc.sleep(1000);
        return Optional.of(new Target("portkey", port, ROUTE, Map.of("x-portkey-provider", "openai",
                "x-portkey-custom-host", "http://127.0.0.1:" + simPort + "/v1"), "echo", Optional.of(p)));
    }

    /** This process's open-files limit (children inherit it), from /proc; -1 when unknown. */
    private static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ---- bodies -------------------------------------------------------------------------------------------------

    static Buffer chat(String model, int padKib, boolean stream) {
        String pad = padKib <= 0 ? "hi" : "x".repeat(padKib * 1024 - 120);
        return Buffer.buffer("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + pad
                + "\"}]" + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "") + "}");
    }

    private static String model(Target t, String base) {
        return t.model().startsWith("bench/") ? "bench/" + base : base;
    }

    private List<Target> shuffled(Map<String, Target> targets) {
        List<Target> list = new ArrayList<>(targets.values());
        Collections.shuffle(list, shuffle);
        return list;
    }

    private void check(String scenario, Target t, LoadClient.RunResult... runs) {
        long errors = 0;
        String first = "";
        for (LoadClient.RunResult r : runs) {
            errors += r.errors();
            first = first.isEmpty() ? r.firstError() : first;
        }
        if (errors > 0 && !t.name().equals("portkey")) {
            failures.add(scenario + ": " + t.name() + " had " + errors + " failed request(s), the first: " + first);
        }
    }

    // ---- scenarios ----------------------------------------------------------------------------------------------

    /**
     * JIT warm-up before anything is measured: non-streamed requests, and streams with zero pacing (64 deltas each),
     * so that the streaming code of the simulator and of each gateway is compiled before the paced c = 1 streams,
     * which are too few to warm it themselves. Switchyard's targets get {@link Profile#jvmWarmup()}: C2 keeps compiling
     * for 40-60 s of a core's time (docs/benchmarks.md), and a gateway measured before that is still compiling.
     */
    private void warmUp(LoadClient client, Map<String, Target> targets) {
        for (Target t : targets.values()) {
            client.closedLoop(t, chat(model(t, "echo"), 0, false), 16,
                    t.name().startsWith("switchyard") ? profile.jvmWarmup() : profile.warmup());
            int streams = t.name().equals("portkey") ? 200 : profile.peers() ? 3000 : 200;
            for (int done = 0; done < streams; done += 100) {
                client.concurrentStreams(t, chat(model(t, "stream-zero"), 0, true), 100, 100);
            }
        }
    }

    /** §6.1: c = 1, interleaved rounds, percentiles per target and medians of round medians. */
    private void latencyAtOne(LoadClient client, Map<String, Target> targets) {
        Map<String, Histogram> all = new LinkedHashMap<>();
        Map<String, List<Double>> roundMedians = new LinkedHashMap<>();
        targets.keySet().forEach(k -> {
            all.put(k, new Histogram(60_000_000L, 3));
            roundMedians.put(k, new ArrayList<>());
        });
        for (int round = 0; round < profile.c1WarmRounds() + profile.c1Rounds(); round++) {
            boolean measured = round >= profile.c1WarmRounds();
            for (Target t : shuffled(targets)) {
                Histogram h = new Histogram(60_000_000L, 3);
                LoadClient.RunResult r = client.sequential(t, chat(model(t, "echo"), 0, false), profile.c1PerRound(), h);
                check("latency_c1", t, r);
                if (measured) {
                    all.get(t.name()).add(h);
                    roundMedians.get(t.name()).add((double) Stats.p(h, 50));
                }
            }
        }
        ObjectNode node = results.putObject("latency_c1");
        all.forEach((name, h) -> node.putObject(name).put("count", h.getTotalCount()).put("p50_us", Stats.p(h, 50))
                .put("p90_us", Stats.p(h, 90)).put("p99_us", Stats.p(h, 99))
                .put("median_of_round_medians_us", Stats.median(roundMedians.get(name)))
                .put("round_median_cv_pct", Stats.cv(roundMedians.get(name))));
    }

    /** §6.2: closed-loop concurrency sweep, repeats interleaved, with CPU time per request. */
    private void sweep(LoadClient client, Map<String, Target> targets, ObjectNode memory) {
        ObjectNode node = results.putObject("sweep");
        for (int c : profile.concurrencies()) {
            Map<String, List<Double>> rps = new LinkedHashMap<>();
            Map<String, List<Double>> p50 = new LinkedHashMap<>();
            Map<String, List<Double>> p99 = new LinkedHashMap<>();
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            Map<String, Long> errors = new LinkedHashMap<>();
            for (int rep = 0; rep < profile.repeats(); rep++) {
                for (Target t : shuffled(targets)) {
                    long ticks = t.process().map(Proc::cpuTicks).orElse(-1L);
                    LoadClient.RunResult r = client.closedLoop(t, chat(model(t, "echo"), 0, false), c,
                            profile.sweepPoint());
                    long used = t.process().map(Proc::cpuTicks).orElse(-1L) - ticks;
                    check("sweep c=" + c, t, r);
                    rps.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(r.rps());
                    p50.computeIfAbsent(t.name(), k -> new ArrayList<>()).add((double) Stats.p(r.latencyMicros(), 50));
                    p99.computeIfAbsent(t.name(), k -> new ArrayList<>()).add((double) Stats.p(r.latencyMicros(), 99));
                    errors.merge(t.name(), r.errors(), Long::sum);
                    if (ticks >= 0 && r.ok() > 0) {
                        cpu.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(used * 10_000.0 / r.ok());
                    }
                    if (c == 64) {
                        t.process().ifPresent(p -> memory.with(t.name()).put("steady_rss_kib", p.rssKib()));
                    }
                }
            }
            ObjectNode point = node.putObject("c" + c);
            rps.forEach((name, v) -> point.putObject(name).put("rps", Stats.median(v)).put("rps_cv_pct", Stats.cv(v))
                    .put("p50_us", Stats.median(p50.get(name))).put("p99_us", Stats.median(p99.get(name)))
                    .put("cpu_us_per_request", cpu.containsKey(name) ? Stats.median(cpu.get(name)) : -1)
                    .put("errors", errors.get(name)));
        }
    }

    /** §6.3: open loop at constant rates, latency from the intended send time. */
    private void openLoop(LoadClient client, Map<String, Target> targets) {
        ObjectNode node = results.putObject("open_loop");
        for (int rate : profile.rates()) {
            ObjectNode point = node.putObject("r" + rate);
            for (Target t : shuffled(targets)) {
                LoadClient.RunResult r = client.openLoop(t, chat(model(t, "echo"), 0, false), rate, profile.ratePoint(),
                        Duration.ofSeconds(1), 512);
                long total = r.ok() + r.errors();
                point.putObject(t.name()).put("target_rps", rate).put("achieved_rps", r.ok() / r.seconds())
                        .put("success_pct", total == 0 ? 0 : 100.0 * r.ok() / total)
                        .put("p50_us", Stats.p(r.latencyMicros(), 50)).put("p99_us", Stats.p(r.latencyMicros(), 99))
                        .put("max_us", r.latencyMicros().getMaxValue());
                if (rate <= 1000) {
                    check("open_loop " + rate + "/s", t, r);
                }
            }
        }
    }

    /** §6.5: c = 1 streams of 64 deltas at 20 ms: added TTFT, inter-chunk gaps, byte fidelity against direct. */
    private void streaming(LoadClient client, Map<String, Target> targets) {
        Map<String, HttpClient> connections = new LinkedHashMap<>(); // one warm keep-alive connection per target
        targets.keySet().forEach(k -> connections.put(k, client.client(1)));
        Map<String, List<Long>> ttft = new LinkedHashMap<>();
        Map<String, List<Long>> gaps = new LinkedHashMap<>();
        Map<String, List<String>> reference = new LinkedHashMap<>();
        Map<String, Boolean> faithful = new LinkedHashMap<>();
        Map<String, Integer> eventCounts = new LinkedHashMap<>();
        for (int i = 0; i < profile.streamsC1(); i++) {
            for (Target t : shuffled(targets)) {
                LoadClient.StreamResult s = client.streamOnce(connections.get(t.name()), t,
                        chat(model(t, "stream-64x20"), 0, true), true);
                if (!s.ok() || s.contentEvents() != 64) {
                    if (!t.name().equals("portkey")) {
                        failures.add("streaming: " + t.name() + " delivered " + s.contentEvents() + " of 64 deltas");
                    }
                    continue;
                }
                ttft.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(s.ttftMicros());
                gaps.computeIfAbsent(t.name(), k -> new ArrayList<>()).addAll(s.gapsMicros());
                eventCounts.put(t.name(), s.events().size());
                reference.putIfAbsent(t.name(), s.events());
            }
        }
        connections.values().forEach(c -> c.close().await());
        List<String> direct = reference.getOrDefault("direct", List.of());
        reference.forEach((name, events) -> faithful.put(name, events.equals(direct)));
        if (Boolean.FALSE.equals(faithful.get("switchyard"))) {
            failures.add("streaming: switchyard's events differ from the simulator's");
        }
        ObjectNode node = results.putObject("streaming_c1");
        ttft.forEach((name, v) -> node.putObject(name).put("ttft_p50_us", Stats.percentile(v, 50))
                .put("ttft_p99_us", Stats.percentile(v, 99))
                .put("gap_p50_us", Stats.percentile(gaps.get(name), 50))
                .put("gap_p99_us", Stats.percentile(gaps.get(name), 99))
                .put("data_events", eventCounts.get(name))
                .put("byte_identical_to_direct", faithful.get(name)));
    }

    /** §6.5: how many concurrent streams complete without a stall. */
    private void streamsSustained(LoadClient client, Map<String, Target> targets) {
        ObjectNode node = results.putObject("streams_sustained");
        long fdLimit = openFilesLimit();
        int largest = profile.concurrentStreams().get(profile.concurrentStreams().size() - 1);
        if (fdLimit > 0 && fdLimit < 2L * largest + 100) {
            notes.add("open-files limit is " + fdLimit + " per process (hard limit; raising it needs CAP_SYS_RESOURCE):"
                    + " a proxy holding " + largest + " streams needs about " + (2 * largest) + " descriptors (one"
                    + " to the client, one upstream each), so the largest stream counts exceed what this machine"
                    + " allows any proxy, nginx included");
        }
        for (Target t : targets.values()) {
            if (t.name().equals("switchyard-bare")) {
                continue;
            }
            ObjectNode row = node.putObject(t.name());
            for (int n : profile.concurrentStreams()) {
                if (t.name().equals("portkey") && n > 1000) {
                    row.putNull("s" + n);
                    continue;
                }
                long start = System.nanoTime();
                List<LoadClient.StreamResult> rs = client.concurrentStreams(t, chat(model(t, "stream-hold"), 0, true), n,
                        500);
                double seconds = (System.nanoTime() - start) / 1e9;
                long ok = rs.stream().filter(s -> s.ok() && s.contentEvents() == 20).count();
                long stalled = rs.stream().filter(s -> s.maxGapMicros() > 1_000_000).count();
                row.putObject("s" + n).put("streams", n).put("complete", ok).put("stalled", stalled)
                        .put("seconds", seconds).put("frames_per_second", ok * 23 / seconds);
                if (!t.name().equals("portkey") && ok < n && n <= profile.concurrentStreams().get(0)) {
                    failures.add("streams: " + t.name() + " completed " + ok + " of " + n + " concurrent streams");
                }
                Proc.sleep(500);
            }
        }
    }

    /**
     * Memory per open stream: the live heap (a class histogram, which collects first) and the resident set with
     * {@code n} streams held open (120 deltas, 500 ms apart), against the same readings before they opened; the
     * difference divided by the exchanges alive at the reading (one per stream the gateway holds). Measured twice: with the harness's tiny prompt, and with a 16 KiB one (what a
     * stream holds of its request shows there). The histogram's biggest growers go to {@code stream-memory-*.txt}.
     */
    private void streamMemory(LoadClient client, Target t) throws Exception {
        if (t.process().isEmpty() || !profile.peers()) {
            return; // a minute of held streams per reading: not for the smoke profile
        }
        ObjectNode node = results.putObject("stream_memory");
        for (int kib : List.of(0, 16)) {
            streamMemory(client, t, kib, kib == 0 ? node : node.putObject("prompt_16kib"));
        }
    }

    private void streamMemory(LoadClient client, Target t, int promptKib, ObjectNode node) throws Exception {
        Proc p = t.process().get();
        int n = 2000;
        Map<String, long[]> before = histogram(p.pid());
        long rssBefore = p.rssKib();
        java.util.concurrent.atomic.AtomicInteger begun = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CompletableFuture<List<LoadClient.StreamResult>> streams =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> client.concurrentStreams(t,
                        chat("bench/stream-long", promptKib, true), n, 200, begun::incrementAndGet));
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (begun.get() < n && System.nanoTime() < deadline) {
            Proc.sleep(100);
        }
        Proc.sleep(1000);
        int open = begun.get();
        Map<String, long[]> during = histogram(p.pid());
        long rssDuring = p.rssKib();
        List<LoadClient.StreamResult> rs = streams.get();
        long complete = rs.stream().filter(s -> s.ok() && s.contentEvents() == 120).count();
        if (complete < n) {
            failures.add("stream_memory: " + complete + " of " + n + " streams completed");
        }
        if (open < n) {
            notes.add("stream_memory: only " + open + " of " + n + " streams had begun when the heap was read");
        }
        List<String> growers = new ArrayList<>();
        during.forEach((cls, v) -> {
            long[] b = before.getOrDefault(cls, new long[2]);
            if (v[1] - b[1] > 0 && !cls.startsWith("[Ljdk.internal.vm.FillerElement")) {
                growers.add(String.format("%12d %10d %s", v[1] - b[1], v[0] - b[0], cls));
            }
        });
        growers.sort(Collections.reverseOrder());
        Files.write(out.resolve("stream-memory-" + promptKib + "kib.txt"), growers);
        // divided by the exchanges alive at the reading, not by n: on a loaded machine some streams may not be open yet
        String exchange = "dev.switchyard.core.pipeline.Exchange";
        long live = during.getOrDefault(exchange, new long[2])[0] - before.getOrDefault(exchange, new long[2])[0];
        node.put("streams", n).put("prompt_kib", promptKib).put("begun_at_reading", open).put("complete", complete)
                .put("exchanges_at_reading", live)
                .put("heap_bytes_per_stream", (total(during) - total(before)) / Math.max(1, live))
                .put("rss_kib_per_stream", (double) (rssDuring - rssBefore) / Math.max(1, live));
    }

    /** A process's live objects by class, {@code [instances, bytes]}, after a full collection (jcmd). */
    private static Map<String, long[]> histogram(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").start();
        Map<String, long[]> byClass = new LinkedHashMap<>();
        try (var reader = p.inputReader()) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
        }
        p.waitFor();
        return byClass;
    }

    private static long total(Map<String, long[]> histogram) {
        return histogram.entrySet().stream().filter(e -> !e.getKey().startsWith("[Ljdk.internal.vm.FillerElement"))
                .mapToLong(e -> e.getValue()[1]).sum(); // fillers are unused heap, not objects
    }

    /** §6.6: request bodies from 1 KiB up: added latency at c = 1 and throughput at c = 16. */
    private void payloads(LoadClient client, Map<String, Target> targets) {
        ObjectNode node = results.putObject("payloads");
        for (int kib : profile.payloadKib()) {
            ObjectNode point = node.putObject("k" + kib);
            for (Target t : shuffled(targets)) {
                Buffer body = chat(model(t, "echo"), kib, false);
                Histogram h = new Histogram(60_000_000L, 3);
                LoadClient.RunResult seq = client.sequential(t, body, kib >= 1024 ? 50 : 200, h);
                LoadClient.RunResult loop = client.closedLoop(t, body, 16, Duration.ofSeconds(kib >= 1024 ? 3 : 2));
                check("payload " + kib + " KiB", t, seq, loop);
                point.putObject(t.name()).put("p50_us", Stats.p(h, 50)).put("p99_us", Stats.p(h, 99))
                        .put("rps_c16", loop.rps());
            }
        }
    }

    /**
     * §6.8: the cost of each stage as a delta against bare pass-through. Adding a stage to measure is one line in
     * {@link #FEATURES}: a name, the configuration that turns it on, and the model to call.
     */
    private void featureCosts(LoadClient client, Map<String, Target> targets) throws IOException {
        ObjectNode node = results.putObject("feature_costs");
        Map<String, Target> variants = new LinkedHashMap<>();
        variants.put("bare", targets.get("switchyard-bare"));
        for (Feature f : FEATURES) {
            Target v = f.config().isEmpty() ? targets.get("switchyard")
                    : switchyard("feature-" + f.name().replace("+", ""), f.config(), false);
            client.closedLoop(v, chat(f.model(), 0, false), 16, profile.warmup()); // a fresh JVM needs its JIT warm
            variants.put(f.name(), v);
        }
        Map<String, List<Double>> p50 = new LinkedHashMap<>();
        Map<String, List<Double>> p99 = new LinkedHashMap<>();
        Map<String, List<Double>> rps = new LinkedHashMap<>();
        for (int round = 0; round < profile.featureRounds(); round++) {
            List<Map.Entry<String, Target>> order = new ArrayList<>(variants.entrySet());
            Collections.shuffle(order, shuffle);
            for (Map.Entry<String, Target> v : order) {
                String modelName = FEATURES.stream().filter(f -> f.name().equals(v.getKey())).map(Feature::model)
                        .findFirst().orElse("bench/echo");
                Buffer body = chat(modelName, 0, false);
                Histogram h = new Histogram(60_000_000L, 3);
                LoadClient.RunResult seq = client.sequential(v.getValue(), body, 300, h);
                LoadClient.RunResult loop = client.closedLoop(v.getValue(), body, 16, Duration.ofSeconds(2));
                check("feature " + v.getKey(), v.getValue(), seq, loop);
                p50.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((double) Stats.p(h, 50));
                p99.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((double) Stats.p(h, 99));
                rps.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(loop.rps());
            }
        }
        double bareP50 = Stats.median(p50.get("bare"));
        double bareRps = Stats.median(rps.get("bare"));
        p50.forEach((name, v) -> node.putObject(name).put("p50_us", Stats.median(v))
                .put("p99_us", Stats.median(p99.get(name)))
                .put("delta_p50_us", Stats.median(v) - bareP50)
                .put("rps_c16", Stats.median(rps.get(name)))
                .put("rps_vs_bare", Stats.median(rps.get(name)) / bareRps));
    }

    /**
     * Where the time goes: the all-stages configuration again, in its own process under a JFR recording
     * ({@code switchyard-profiled.jfr}), through the same mix as the measured runs (closed loop at 16 in flight, c = 1
     * requests, paced and zero-delay streams). The measured processes run without a profiler.
     */
    private void profiled(LoadClient client) throws IOException {
        Target t = switchyard("switchyard-profiled", "", false, true, true);
        client.closedLoop(t, chat("bench/echo", 0, false), 16, profile.warmup());
        client.closedLoop(t, chat("bench/echo", 0, false), 16, Duration.ofSeconds(20));
        client.sequential(t, chat("bench/echo", 0, false), 3000, new Histogram(60_000_000L, 3));
        HttpClient one = client.client(1);
        for (int i = 0; i < 300; i++) {
            client.streamOnce(one, t, chat("bench/stream-zero", 0, true), false);
        }
        for (int i = 0; i < 5; i++) {
            client.streamOnce(one, t, chat("bench/stream-64x20", 0, true), false);
        }
        one.close().await();
        notes.add("profile: switchyard-profiled.jfr in the results directory (all stages on, separate process)");
    }

    /** A stage whose cost is measured against bare pass-through. */
    record Feature(String name, String config, String model) {
    }

    /** The stages measured; each line is one delta in the report. */
    static final List<Feature> FEATURES = List.of(
            new Feature("+ledger", "metrics: {enabled: false}\n", "bench/echo"),
            new Feature("+metrics", "usage: {ledger: false}\n", "bench/echo"),
            new Feature("+access-log", "usage: {ledger: false}\nmetrics: {enabled: false}\nlog: {access: true}\n",
                    "bench/echo"),
            new Feature("all-on", "", "bench/echo"),
            new Feature("all-on+fallback", "", "bench/fallback"));

    /**
     * §6.7 and the issue's soak: RSS under a steady mixed load for the soak duration, sampled every window of about
     * 10 s. Each window runs non-streamed requests in open loop (500/s) and, beside them, a round a second of: 50
     * streams that complete, 20 streams the client walks away from at their first content (connection reset), 10
     * streams the provider cuts after 5 chunks (an in-band error), and 20 requests to a model whose only endpoint
     * fails (an error response). The slope after warm-up says whether it grows.
     */
    private void soak(LoadClient client, Target t, ObjectNode memory) throws Exception {
        if (profile.soak().isZero() || t.process().isEmpty()) {
            return;
        }
        Proc p = t.process().get();
        ArrayNode samples = memory.with("switchyard").putArray("soak_rss_kib");
        long[] mix = new long[6]; // plain, streams complete, abandoned, cut, failed as expected, unexpected
        long end = System.nanoTime() + profile.soak().toNanos();
        while (System.nanoTime() < end) {
            java.util.concurrent.CompletableFuture<LoadClient.RunResult> plain =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> client.openLoop(t,
                            chat("bench/echo", 0, false), 500, Duration.ofSeconds(10), Duration.ofSeconds(1), 256));
            long windowEnd = System.nanoTime() + Duration.ofSeconds(9).toNanos();
            while (System.nanoTime() < windowEnd) {
                long roundEnd = System.nanoTime() + 1_000_000_000L; // at most a round a second, beside the 500/s
                List<LoadClient.StreamResult> done = client.concurrentStreams(t, chat("bench/stream-fast", 0, true), 50,
                        50);
                long ok = done.stream().filter(s -> s.ok() && s.contentEvents() == 8).count();
                mix[1] += ok;
                mix[5] += done.size() - ok;
                mix[2] += client.abandonedStreams(t, chat("bench/stream-hold", 0, true), 20);
                List<LoadClient.StreamResult> cut = client.concurrentStreams(t, chat("bench/stream-cut", 0, true), 10,
                        10);
                long cutAsExpected = cut.stream().filter(s -> !s.ok() && s.contentEvents() >= 1).count();
                mix[3] += cutAsExpected;
                mix[5] += cut.size() - cutAsExpected;
                LoadClient.RunResult failing = client.sequential(t, chat("bench/fail", 0, false), 20,
                        new Histogram(60_000_000L, 3));
                mix[4] += failing.errors();
                mix[5] += failing.ok();
                Proc.sleep(Math.max(0, (roundEnd - System.nanoTime()) / 1_000_000));
            }
            LoadClient.RunResult r = plain.get();
            mix[0] += r.ok();
            check("soak", t, r);
            samples.add(p.rssKib());
        }
        if (mix[5] > 0) {
            failures.add("soak: " + mix[5] + " request(s) of the mix did not end as scripted");
        }
        memory.with("switchyard").putObject("soak_mix").put("plain", mix[0]).put("streams_complete", mix[1])
                .put("streams_abandoned", mix[2]).put("streams_cut", mix[3]).put("errors", mix[4])
                .put("unexpected", mix[5]);
    }
}
