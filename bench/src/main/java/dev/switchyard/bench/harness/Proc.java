package dev.switchyard.bench.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A process under test: started pinned to a CPU with {@code taskset} when it exists, waited for on its port, measured
 * from {@code /proc} (resident memory, CPU time), and stopped.
 */
final class Proc implements AutoCloseable {

    private static final boolean TASKSET = Files.isExecutable(Path.of("/usr/bin/taskset"));

    private final String name;
    private final Process process;

    private Proc(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts a command pinned to {@code cpu} (or unpinned when {@code cpu} is negative or taskset is missing). */
    static Proc start(String name, int cpu, List<String> command, Path log, Path workDir) throws IOException {
        List<String> full = new ArrayList<>();
        if (TASKSET && cpu >= 0) {
            full.add("taskset");
            full.add("-c");
            full.add(Integer.toString(cpu));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return new Proc(name, pb.start());
    }

    static boolean pinningAvailable() {
        return TASKSET;
    }

    /** Waits until something accepts connections on the port, or fails after the timeout. */
    static void awaitPort(String what, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new IllegalStateException(what + " did not open port " + port + " within " + timeout);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Resident memory in KiB of the process and its descendants (nginx's workers), from /proc; -1 when unreadable. */
    long rssKib() {
        long total = rssKib(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            long kib = rssKib(child.pid());
            total += Math.max(0, kib);
        }
        return total;
    }

    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User plus system CPU time in clock ticks (1/100 s) of the process and its descendants; -1 when unreadable. */
    long cpuTicks() {
        long total = cpuTicks(process.pid());
        if (total < 0) {
            return -1;
        }
        for (ProcessHandle child : process.descendants().toList()) {
            total += Math.max(0, cpuTicks(child.pid()));
        }
        return total;
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
