package dev.switchyard.server.cli;

import dev.switchyard.core.WallClock;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The whole command line, one picocli tree: {@code switchyard run}, {@code demo}, {@code simulator},
 * {@code providers}, {@code catalog sync}, {@code config check}, {@code keys …}, {@code workspaces …}, {@code usage …}, each with
 * {@code --help}. The store commands work directly on the store in the data directory (resolved as {@code run}
 * resolves it), so they work whether or not a gateway is running; that is how the first admin key is made.
 * Exit codes: 0 done, 1 not found, refused or could not start, 2 usage or configuration error.
 */
@Command(name = "switchyard", mixinStandardHelpOptions = true, version = "switchyard 0.1.0",
        description = "Run and manage a Switchyard gateway.",
        footer = {"", "Also, from the launcher: ./switchyard build (build without tests), ./switchyard test (the test suite),",
                "./switchyard package (the release archive with its own Java runtime).",
                "Run './switchyard COMMAND --help' for a command's options. Exit codes: 0 done, 1 not found, refused"
                        + " or could not start, 2 wrong usage or configuration."})
public final class SwitchyardCli implements Callable<Integer> {

    /** Exit code: the thing named does not exist, the store refused the change, or the server could not start. */
    public static final int NOT_FOUND = 1;
    /** Exit code: a server could not start (port in use, data directory, store). */
    public static final int FAILED = 1;
    /** Exit code: the command line, a value in it, or the configuration is wrong. */
    public static final int USAGE = 2;

    private final Map<String, String> env;
    private final WallClock clock;
    private final SecureRandom random;

    @Spec
    CommandSpec spec;

    SwitchyardCli(Map<String, String> env, WallClock clock, SecureRandom random) {
        this.env = Map.copyOf(env);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), WallClock.system(), new SecureRandom()).execute(args));
    }

    /** The whole command tree, for {@code main} and for tests that run it in-process. */
    public static CommandLine commandLine(Map<String, String> env, WallClock clock, SecureRandom random) {
        CommandLine cl = new CommandLine(new SwitchyardCli(env, clock, random));
        cl.addSubcommand("run", new RunCommand());
        cl.addSubcommand("demo", new DemoCommand());
        cl.addSubcommand("simulator", new SimulatorCommand());
        cl.addSubcommand("providers", new ProvidersCommand());
        cl.addSubcommand("catalog", new CatalogCommand());
        cl.addSubcommand("config", new ConfigCommand());
        cl.addSubcommand("keys", new KeysCommand());
        cl.addSubcommand("workspaces", new WorkspacesCommand());
        cl.addSubcommand("usage", new UsageCommand(env, clock));
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        return cl;
    }

    /** No command: say which there are. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
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
