package dev.switchyard.server.cli;

import dev.switchyard.server.Gateway;
import dev.switchyard.server.GatewayConfig;
import dev.switchyard.server.StartupFailure;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code switchyard run}: starts the gateway and serves until the process is stopped. A failure to start is one
 * line on stderr and a non-zero exit, at once: {@link SwitchyardCli#USAGE} for a wrong option or configuration,
 * {@link SwitchyardCli#FAILED} for anything else (port in use, data directory, store).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start the gateway on its embedded SQLite store and serve until stopped.",
                "SIGTERM or Ctrl-C drains (requests in flight finish, up to server.drain_ms) and exits 0;",
                "SIGHUP reloads the catalog, prices, routing defaults and keys without dropping connections."},
        footer = {"", "Options win over environment variables, which win over the configuration file.",
                "Exit codes: 2 wrong option or configuration, 1 could not start (port in use, data directory, store)."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        SwitchyardCli root = (SwitchyardCli) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig config;
        try {
            config = options.resolve(root.env());
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage(), SwitchyardCli.USAGE);
        }
        Serving.Signals signals = Serving.takeSignals();
        Gateway gateway;
        try {
            StartupFailure.prepareDataDir(config.dataDir());
            gateway = Gateway.start(config, () -> options.resolve(root.env()));
        } catch (Exception e) { // await() throws a bind failure's checked IOException undeclared
            return fail(err, StartupFailure.describe(e, config.host(), config.port(), "--port"),
                    e instanceof IllegalArgumentException ? SwitchyardCli.USAGE : SwitchyardCli.FAILED);
        }
        return Serving.untilStopped(signals, gateway, config.drainTimeout());
    }

    static int fail(PrintWriter err, String message, int code) {
        err.println("switchyard: " + message);
        err.flush();
        return code;
    }
}
