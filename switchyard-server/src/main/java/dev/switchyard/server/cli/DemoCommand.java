package dev.switchyard.server.cli;

import dev.switchyard.server.DemoMain;
import dev.switchyard.server.Gateway;
import dev.switchyard.server.GatewayConfig;
import dev.switchyard.server.StartupFailure;
import dev.switchyard.simulator.Simulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchyard demo}: the simulator and a gateway whose every provider points at it; SIMULATED answers, real
 * routing, metering and ledger, nothing leaves the machine. Serves until the process is stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Try Switchyard offline: the simulator plus a gateway whose every provider is the simulator"
                + " (SIMULATED answers, no keys, no network).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "gateway port (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--sim-port", paramLabel = "PORT", description = "simulator port (default: ${DEFAULT-VALUE})")
    int simPort = 9100;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the demo's store lives (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of("data", "demo");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        SwitchyardCli root = (SwitchyardCli) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        Simulator sim;
        try {
            StartupFailure.prepareDataDir(dataDir);
            sim = DemoMain.startSimulator(simPort);
        } catch (Exception e) { // await() throws a bind failure's checked IOException undeclared
            return RunCommand.fail(err, StartupFailure.describe(e, "127.0.0.1", simPort, "--sim-port"),
                    SwitchyardCli.FAILED);
        }
        Serving.Signals signals = Serving.takeSignals();
        Gateway gateway;
        GatewayConfig config;
        try {
            config = DemoMain.config(sim, port, dataDir, root.env());
            gateway = Gateway.start(config);
        } catch (Exception e) { // await() throws a bind failure's checked IOException undeclared
            sim.close();
            return RunCommand.fail(err, StartupFailure.describe(e, "127.0.0.1", port, "--port"),
                    SwitchyardCli.FAILED);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("SIMULATED DEMO: every provider is the local simulator at " + sim.baseUrl() + ".");
        out.println("Try: curl -s http://127.0.0.1:" + gateway.port() + "/v1/chat/completions "
                + "-H 'content-type: application/json' "
                + "-d '{\"model\":\"deepseek/deepseek-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'");
        out.flush();
        return Serving.untilStopped(signals, gateway, config.drainTimeout(), sim::close);
    }
}
