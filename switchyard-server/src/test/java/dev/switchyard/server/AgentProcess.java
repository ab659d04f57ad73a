package dev.switchyard.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to its end within a time limit, its output (stdout and stderr together) in a file; on timeout the
 * process and all its descendants are killed and the exit code is {@link #TIMED_OUT}.
 */
final class AgentProcess {

    /** The exit code reported when the limit ran out. */
    static final int TIMED_OUT = -1;

    private AgentProcess() {
    }

    /**
     * What one run left behind.
     *
     * @param exitCode the exit code, or {@link #TIMED_OUT}
     * @param output stdout and stderr as written
     */
    record Result(int exitCode, String output) {

        /** The last lines of the output, for a failure message. */
        String tail() {
            String[] lines = output.split("\n");
            int from = Math.max(0, lines.length - 60);
            return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
        }
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment ({@code HOME} and the
     * like are replaced when given).
     */
    static Result run(List<String> command, Path dir, Map<String, String> env, Duration limit, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        int code;
        try {
            if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                code = p.exitValue();
            } else {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                code = TIMED_OUT;
            }
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(code, new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
    }
}
