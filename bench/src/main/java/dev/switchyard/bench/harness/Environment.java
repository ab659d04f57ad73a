package dev.switchyard.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provenance every result file carries: machine, kernel, JDK, commit, profile, date. */
final class Environment {

    private static final Pattern SHIPPED_FLAGS = Pattern.compile("^SWITCHYARD_DEFAULT_JVM_OPTS=\"([^\"]*)\"");

    private Environment() {
    }

    static ObjectNode describe(Path repo, String profile) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("date", Instant.now().toString());
        n.put("profile", profile);
        n.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
        n.put("cores", countLines(Path.of("/proc/cpuinfo"), "processor"));
        n.put("kernel", System.getProperty("os.version"));
        n.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        n.put("commit", run(repo, "git", "rev-parse", "--short", "HEAD"));
        n.put("dirty", !run(repo, "git", "status", "--porcelain", "--untracked-files=no").isEmpty());
        n.put("node", run(repo, "node", "--version"));
        n.put("nginx", run(repo, "/usr/sbin/nginx", "-v"));
        n.put("pinning", Proc.pinningAvailable() ? "gateway on CPU 1; simulator and load generator on CPU 0"
                : "taskset missing: processes are not pinned");
        n.put("gateway_jvm", String.join(" ", gatewayJvmFlags(repo)) + " (the launcher's flags, scripts/jvm-opts.sh,"
                + " with one core and a 256 MiB heap cap); no profiler in measured processes, JFR in a separate profiled one");
        n.put("accounts", "switchyard (and the profiled run): a key with rate limits, a concurrency cap and a budget on"
                + " it and on its workspace, as users run it; switchyard-bare: ledger and metrics off, no key");
        n.put("loadavg_at_start", firstLine(Path.of("/proc/loadavg")));
        return n;
    }

    /**
     * The flags a measured gateway runs: those the launchers ship ({@code SWITCHYARD_DEFAULT_JVM_OPTS} in
     * {@code scripts/jvm-opts.sh}, decision 0021), told it has one core, with a 256 MiB heap cap (a later flag wins).
     */
    static List<String> gatewayJvmFlags(Path repo) {
        Path file = repo.resolve("scripts/jvm-opts.sh");
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher m = SHIPPED_FLAGS.matcher(line);
                if (m.find()) {
                    List<String> flags = new ArrayList<>(List.of(m.group(1).trim().split("\\s+")));
                    flags.addAll(List.of("-XX:ActiveProcessorCount=1", "-Xmx256m"));
                    return flags;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped JVM flags from " + file, e);
        }
        throw new IllegalStateException(file + " does not set SWITCHYARD_DEFAULT_JVM_OPTS");
    }

    private static String firstMatch(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long countLines(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).get(0);
        } catch (IOException | IndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static String run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        }
    }
}
