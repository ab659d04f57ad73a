package dev.switchyard.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A coding agent's pinned npm package, installed once per machine into
 * {@code ~/.cache/switchyard-agents/<package>@<version>} (or under the {@code switchyard.agents.cache} system
 * property), outside the repository so that a fresh clone (CI) installs it on its first run and reuses it after.
 *
 * <p>The install goes into a temporary folder next to the cache entry and is renamed into place only when npm
 * succeeded, so an interrupted install is never mistaken for a complete one. When npm cannot reach its registry (or
 * is not installed at all), the calling test is skipped with a loud message; any other install failure fails it.
 *
 * @param name the npm package, e.g. {@code @openai/codex}
 * @param version the pinned version
 * @param bin the command the package installs, e.g. {@code codex}
 */
record AgentInstall(String name, String version, String bin) {

    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(10);
    private static final Duration PING_LIMIT = Duration.ofSeconds(60);

    /** Where installed agents live. */
    static Path cacheRoot() {
        String override = System.getProperty("switchyard.agents.cache", "");
        return override.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "switchyard-agents")
                : Path.of(override);
    }

    /** This package's folder in the cache. */
    Path dir() {
        return cacheRoot().resolve(name.replaceFirst("^@", "").replace('/', '+') + "@" + version);
    }

    /** The agent's command, installing the package first when the cache lacks it. */
    Path command() {
        Path command = dir().resolve("node_modules").resolve(".bin").resolve(bin);
        if (Files.isExecutable(command)) {
            return command;
        }
        install();
        if (!Files.isExecutable(command)) {
            throw new AssertionError("npm installed " + name + "@" + version + " but " + command + " is missing");
        }
        return command;
    }

    private synchronized void install() {
        Path target = dir();
        Path staging = target.resolveSibling(target.getFileName() + ".installing-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(staging);
            Path log = staging.resolveSibling(staging.getFileName() + ".log");
            AgentProcess.Result r = AgentProcess.run(List.of("npm", "install", "--no-audit", "--no-fund",
                    "--no-save", "--loglevel=error", "--prefix", staging.toString(), name + "@" + version),
                    staging, java.util.Map.of(), INSTALL_LIMIT, log);
            if (r.exitCode() != 0) {
                skipUnlessRegistryReachable(r);
                throw new AssertionError("npm install " + name + "@" + version + " failed (exit " + r.exitCode()
                        + "):\n" + r.tail());
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(target)) {
                    throw raced; // not another run's install: a real failure
                }
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program \"npm\"")) {
                skip("npm is not installed");
            }
            throw new IllegalStateException("installing " + name + "@" + version + " into " + target, e);
        }
    }

    private static void skipUnlessRegistryReachable(AgentProcess.Result failedInstall) throws IOException {
        Path dir = Files.createTempDirectory("npm-ping");
        AgentProcess.Result ping = AgentProcess.run(List.of("npm", "ping"), dir, java.util.Map.of(), PING_LIMIT,
                dir.resolve("ping.log"));
        if (ping.exitCode() != 0) {
            skip("npm cannot reach its registry (npm ping: exit " + ping.exitCode() + ")\n" + ping.tail() + "\n"
                    + failedInstall.tail());
        }
    }

    private static void skip(String why) {
        String banner = "\n**********************************************************************\n"
                + "** SKIPPED: the coding-agent tests need npm and its registry: " + why + "\n"
                + "**********************************************************************\n";
        System.err.println(banner);
        Assumptions.abort(banner);
    }
}
