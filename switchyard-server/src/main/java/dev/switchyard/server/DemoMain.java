package dev.switchyard.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.server.cli.SwitchyardCli;
import dev.switchyard.simulator.Script;
import dev.switchyard.simulator.Simulator;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code switchyard demo}: an offline try-out. It starts the simulator and a gateway whose every catalog provider
 * points at it, so any catalog model answers, with SIMULATED text, paced like a real model, and real metering.
 * Nothing leaves the machine. The command and its options are {@code dev.switchyard.server.cli.DemoCommand}'s.
 */
public final class DemoMain {

    private DemoMain() {
    }

    /** Same as {@code switchyard demo ARGS}. */
    public static void main(String[] args) {
        String[] withDemo = new String[args.length + 1];
        withDemo[0] = "demo";
        System.arraycopy(args, 0, withDemo, 1, args.length);
        SwitchyardCli.main(withDemo);
    }

    /** The simulator, with the demo's script: every answer says it is simulated. */
    public static Simulator startSimulator(int simPort) {
        return Simulator.builder().port(simPort)
                .defaultScript(Script.builder().ttftMs(300).tokensPerSecond(40).completionTokens(40)
                        .text("[SIMULATED] This answer comes from the Switchyard simulator, not a real model. "
                                + "It streams word by word so you can watch routing, metering and the ledger work.")
                        .build())
                .build().startAndWait();
    }

    /** The demo gateway's configuration: every bundled provider points at the simulator, with a key. */
    public static GatewayConfig config(Simulator sim, int port, Path dataDir, Map<String, String> env) {
        ObjectNode providers = JsonNodeFactory.instance.objectNode();
        CatalogLoader.bundledTree().path("providers").properties().forEach(e -> providers.putObject(e.getKey())
                .put("base_url", sim.baseUrl()).put("api_key", "sim-key").put("enabled", true));
        ObjectNode overlay = JsonNodeFactory.instance.objectNode();
        overlay.set("providers", providers);
        return GatewayConfig.builder().port(port).dataDir(dataDir).env(env).catalogOverlay(overlay).build();
    }
}
