package dev.switchyard.server.cli;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.server.GatewayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code switchyard config check [FILE]}: validates a configuration without starting anything. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration file.",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return SwitchyardCli.USAGE;
    }

    /**
     * Reads the file as {@code run} would (with the same environment for {@code ${VAR}} and the same
     * {@code SWITCHYARD_*} overrides), binds every setting and builds the catalog, then prints a one-line summary.
     * Nothing is started and nothing is written.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration without starting: exit 0 with a summary, or 2 with what is wrong.")
    static final class Check implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "FILE",
                description = "the file (default: $SWITCHYARD_CONFIG, else ./switchyard.yaml)")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SwitchyardCli root = (SwitchyardCli) spec.root().userObject();
            PrintWriter out = spec.commandLine().getOut();
            ServerOptions options = new ServerOptions();
            options.config = file == null ? null : file.toString();
            Optional<Path> which = options.configFile(root.env());
            if (which.isEmpty()) {
                return RunCommand.fail(spec.commandLine().getErr(), "no configuration file to check: give one"
                        + " (./switchyard config check FILE), set $SWITCHYARD_CONFIG, or create ./switchyard.yaml",
                        SwitchyardCli.USAGE);
            }
            GatewayConfig config;
            Catalog catalog;
            try {
                config = options.resolve(root.env());
            } catch (IllegalArgumentException e) {
                return RunCommand.fail(spec.commandLine().getErr(), e.getMessage(), SwitchyardCli.USAGE);
            }
            try {
                catalog = dev.switchyard.server.CatalogFiles.load(config);
            } catch (IllegalArgumentException e) {
                return RunCommand.fail(spec.commandLine().getErr(), "config " + which.get() + ": " + e.getMessage(),
                        SwitchyardCli.USAGE);
            }
            List<String> enabled = catalog.providers().stream().filter(ProviderSpec::enabled)
                    .map(ProviderSpec::id).sorted().toList();
            out.println("ok: " + which.get() + ": would listen on " + config.host() + ":" + config.port()
                    + ", store " + config.store().describe(config.dataDir()) + ", " + catalog.models().size()
                    + " models, " + (enabled.isEmpty() ? "no provider enabled in this environment"
                    : enabled.size() + " of " + catalog.providers().size() + " providers enabled ("
                    + String.join(", ", enabled) + ")"));
            out.flush();
            return 0;
        }
    }
}
