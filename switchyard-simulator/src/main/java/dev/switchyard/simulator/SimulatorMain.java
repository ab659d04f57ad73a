package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code switchyard simulator}: runs the simulator from the command line.
 *
 * <pre>
 *   --host H         interface to bind (default 127.0.0.1)
 *   --port N         port (default 9100; 0 picks one)
 *   --api-key K      require this bearer key
 *   --config FILE    YAML: {default: {script}, models: {name: {script}}}
 * </pre>
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException {
        Simulator.Builder b = Simulator.builder().port(9100);
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--host" -> b.host(value);
                case "--port" -> b.port(Integer.parseInt(value));
                case "--api-key" -> b.requiredApiKey(value);
                case "--config" -> configure(b, Path.of(value));
                case "--help", "-h" -> {
                    System.out.println("usage: switchyard simulator [--host H] [--port N] [--api-key K] [--config FILE]");
                    return;
                }
                default -> {
                    System.err.println("simulator: unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        Simulator sim = b.build().startAndWait();
        System.out.println("Switchyard simulator (SIMULATED provider, not a real model) listening on " + sim.baseUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    }

    private static void configure(Simulator.Builder b, Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        Script base = Script.fromJson(root.path("default"), Script.DEFAULT);
        b.defaultScript(base);
        root.path("models").properties().forEach(e -> b.script(e.getKey(), Script.fromJson(e.getValue(), base)));
    }
}
