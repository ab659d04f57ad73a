package dev.switchyard.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code switchyard run}: starts the gateway on its embedded SQLite store.
 *
 * <pre>
 *   --config FILE     YAML configuration (default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present)
 *   --host H          interface to bind (default 127.0.0.1; $SWITCHYARD_HOST)
 *   --port N          port (default 8080; $SWITCHYARD_PORT)
 *   --data-dir DIR    where the SQLite file lives (default ./data; $SWITCHYARD_DATA_DIR)
 * </pre>
 * Command-line options win over environment variables, which win over the config file.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        try {
            GatewayConfig config = parse(args, System.getenv());
            Gateway gateway = Gateway.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "switchyard-shutdown"));
        } catch (IllegalArgumentException e) {
            System.err.println("switchyard: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Builds the configuration from arguments, environment and config file. */
    static GatewayConfig parse(String[] args, Map<String, String> env) {
        String configFile = env.getOrDefault("SWITCHYARD_CONFIG", "");
        String host = env.get("SWITCHYARD_HOST");
        String port = env.get("SWITCHYARD_PORT");
        String dataDir = env.get("SWITCHYARD_DATA_DIR");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--config" -> configFile = require(args[i], value);
                case "--host" -> host = require(args[i], value);
                case "--port" -> port = require(args[i], value);
                case "--data-dir" -> dataDir = require(args[i], value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --config, --host, --port or --data-dir)");
            }
            i++;
        }
        GatewayConfig.Builder b = GatewayConfig.builder().env(env);
        if (configFile.isEmpty() && Files.exists(Path.of("switchyard.yaml"))) {
            configFile = "switchyard.yaml";
        }
        if (!configFile.isEmpty()) {
            ConfigLoader.apply(b, Path.of(configFile), env);
        }
        if (host != null) {
            b.host(host);
        }
        if (port != null) {
            try {
                b.port(Integer.parseInt(port.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port: " + port + " (expected a number)");
            }
        }
        if (dataDir != null) {
            b.dataDir(Path.of(dataDir));
        }
        return b.build();
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
