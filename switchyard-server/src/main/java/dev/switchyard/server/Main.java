package dev.switchyard.server;

import dev.switchyard.server.cli.ServerOptions;
import dev.switchyard.server.cli.SwitchyardCli;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code switchyard run}: starts the gateway on its embedded SQLite store. The command itself, its options and its
 * failures are {@link dev.switchyard.server.cli.RunCommand}'s; this class remains the historical entry point.
 */
public final class Main {

    private Main() {
    }

    /** Same as {@code switchyard run ARGS}. */
    public static void main(String[] args) {
        String[] withRun = new String[args.length + 1];
        withRun[0] = "run";
        System.arraycopy(args, 0, withRun, 1, args.length);
        SwitchyardCli.main(withRun);
    }

    /** Builds the configuration from arguments, environment and config file, as {@code switchyard run} does. */
    static GatewayConfig parse(String[] args, Map<String, String> env) {
        ServerOptions options = new ServerOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return options.resolve(env);
    }
}
