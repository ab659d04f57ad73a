package dev.switchyard.server.cli;

import dev.switchyard.core.WallClock;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator CLI: {@code switchyard keys …}, {@code switchyard workspaces …}, {@code switchyard usage …}. It works
 * directly on the store in the data directory (resolved as {@code switchyard run} does), so it works whether or not
 * a gateway is running; it is how the first admin key is made. Exit codes: 0 done, 1 not found or refused, 2 usage
 * error.
 */
@Command(name = "switchyard", mixinStandardHelpOptions = true, version = "switchyard 0.1.0",
        description = "Manage a Switchyard gateway's workspaces and API keys.")
public final class SwitchyardCli {

    /** Exit code: the thing named does not exist, or the store refused the change. */
    public static final int NOT_FOUND = 1;
    /** Exit code: the command line or a value in it is wrong. */
    public static final int USAGE = 2;

    private final Map<String, String> env;
    private final WallClock clock;
    private final SecureRandom random;

    SwitchyardCli(Map<String, String> env, WallClock clock, SecureRandom random) {
        this.env = Map.copyOf(env);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public static void main(String[] args) {
        // the connection pool's start and stop notices are noise on an operator's terminal
        if (System.getProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        }
        System.exit(commandLine(System.getenv(), WallClock.system(), new SecureRandom()).execute(args));
    }

    /** The whole command tree, for {@code main} and for tests that run it in-process. */
    public static CommandLine commandLine(Map<String, String> env, WallClock clock, SecureRandom random) {
        CommandLine cl = new CommandLine(new SwitchyardCli(env, clock, random));
        cl.addSubcommand("keys", new KeysCommand());
        cl.addSubcommand("workspaces", new WorkspacesCommand());
        cl.addSubcommand("usage", new UsageCommand(env, clock));
        return cl;
    }

    Map<String, String> env() {
        return env;
    }

    WallClock clock() {
        return clock;
    }

    SecureRandom random() {
        return random;
    }
}
