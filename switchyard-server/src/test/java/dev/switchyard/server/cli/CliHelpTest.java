package dev.switchyard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} on every command of the tree, and usage mistakes, in-process. */
class CliHelpTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = SwitchyardCli.commandLine(Map.of(), () -> 0L, new SecureRandom());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void rootHelpListsEveryCommandAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: switchyard")
                .contains("run", "demo", "simulator", "providers", "config", "keys", "workspaces", "usage", "help")
                .contains("./switchyard build").doesNotContain("set -euo");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        List<List<String>> paths = new ArrayList<>();
        collect(SwitchyardCli.commandLine(Map.of(), () -> 0L, new SecureRandom()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        for (List<String> path : paths) {
            out.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(run(args.toArray(String[]::new))).as("%s --help", path).isZero();
            assertThat(out.toString()).as("%s --help", path)
                    .startsWith("Usage: switchyard " + String.join(" ", path));
        }
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> into) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            into.add(path);
            collect(sub, path, into);
        });
    }

    @Test
    void runHelpShowsItsOptionsAndTheirPrecedence() {
        assertThat(run("run", "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE", "--host=HOST", "--port=PORT", "--data-dir=DIR",
                "$SWITCHYARD_PORT", "Exit codes");
    }

    @Test
    void aMistypedCommandIsAUsageErrorWithASuggestion() {
        assertThat(run("rnu")).isEqualTo(SwitchyardCli.USAGE);
        assertThat(err.toString()).contains("rnu").contains("run");
        err.getBuffer().setLength(0);
        assertThat(run("run", "--prot", "1")).isEqualTo(SwitchyardCli.USAGE);
        assertThat(err.toString()).contains("--prot").contains("--port");
    }

    @Test
    void noCommandPrintsTheUsageAndFails() {
        assertThat(run()).isEqualTo(SwitchyardCli.USAGE);
        assertThat(err.toString()).startsWith("Usage: switchyard");
    }

    @Test
    void theLauncherNamesEveryCommandOfTheTree() throws Exception {
        String launcher = Files.readString(Path.of("..", "switchyard"));
        assertThat(launcher).doesNotContain("sed -n");
        for (String command : SwitchyardCli.commandLine(Map.of(), () -> 0L, new SecureRandom()).getSubcommands()
                .keySet()) {
            assertThat(launcher).as("the launcher's header mentions %s", command).contains(command);
        }
    }
}
