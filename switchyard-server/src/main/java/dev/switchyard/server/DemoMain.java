package dev.switchyard.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.simulator.Script;
import dev.switchyard.simulator.Simulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code switchyard demo}: an offline try-out. It starts the simulator and a gateway whose every catalog provider
 * points at it, so any catalog model answers, with SIMULATED text, paced like a real model, and real metering.
 * Nothing leaves the machine.
 *
 * <pre>
 *   --port N          gateway port (default 8080)
 *   --sim-port N      simulator port (default 9100)
 *   --data-dir DIR    (default ./data/demo)
 * </pre>
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) {
        int port = 8080;
        int simPort = 9100;
        Path dataDir = Path.of("data", "demo");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--sim-port" -> simPort = Integer.parseInt(args[i + 1]);
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                default -> {
                    System.err.println("demo: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Simulator sim = Simulator.builder().port(simPort)
                .defaultScript(Script.builder().ttftMs(300).tokensPerSecond(40).completionTokens(40)
                        .text("[SIMULATED] This answer comes from the Switchyard simulator, not a real model. "
                                + "It streams word by word so you can watch routing, metering and the ledger work.")
                        .build())
                .build().startAndWait();
        ObjectNode providers = JsonNodeFactory.instance.objectNode();
        Map<String, String> env = new HashMap<>(System.getenv());
        CatalogLoader.bundledTree().path("providers").properties().forEach(e -> providers.putObject(e.getKey())
                .put("base_url", sim.baseUrl()).put("api_key", "sim-key").put("enabled", true));
        ObjectNode overlay = JsonNodeFactory.instance.objectNode();
        overlay.set("providers", providers);
        Gateway gateway = Gateway.start(GatewayConfig.builder().port(port).dataDir(dataDir).env(env)
                .catalogOverlay(overlay).build());
        System.out.println();
        System.out.println("SIMULATED DEMO: every provider is the local simulator at " + sim.baseUrl() + ".");
        System.out.println("Try: curl -s http://127.0.0.1:" + gateway.port() + "/v1/chat/completions "
                + "-H 'content-type: application/json' "
                + "-d '{\"model\":\"deepseek/deepseek-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            sim.close();
        }, "switchyard-demo-shutdown"));
    }
}
