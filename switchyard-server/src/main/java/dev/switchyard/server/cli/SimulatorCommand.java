package dev.switchyard.server.cli;

import dev.switchyard.server.StartupFailure;
import dev.switchyard.simulator.SimulatorMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchyard simulator}: the scripted upstream simulator on its own (see docs/simulator.md). */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Start the upstream simulator: a SIMULATED OpenAI-compatible provider, scripted per model.")
final class SimulatorCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", description = "interface to bind (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "port, 0 picks one (default: ${DEFAULT-VALUE})")
    int port = 9100;

    @Option(names = "--api-key", paramLabel = "KEY", description = "require this bearer key")
    String apiKey;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML scripts: {default: {script}, models: {name: {script}}}")
    String config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port)));
        if (apiKey != null) {
            args.addAll(List.of("--api-key", apiKey));
        }
        if (config != null) {
            args.addAll(List.of("--config", config));
        }
        try {
            SimulatorMain.main(args.toArray(String[]::new));
        } catch (Exception e) {
            return RunCommand.fail(spec.commandLine().getErr(), "simulator: "
                    + StartupFailure.describe(e, host, port, "--port"), SwitchyardCli.FAILED);
        }
        new CountDownLatch(1).await(); // serves until the JVM shuts down; the simulator's own hook closes it
        return 0;
    }
}
