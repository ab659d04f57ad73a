package dev.switchyard.server.cli;

import dev.switchyard.server.ConfigLoader;
import dev.switchyard.server.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a gateway listens and what it reads: {@code --config}, {@code --host}, {@code --port}, {@code --data-dir}.
 * Command-line options win over the environment ({@code SWITCHYARD_HOST}, {@code SWITCHYARD_PORT},
 * {@code SWITCHYARD_DATA_DIR}), which wins over the configuration file ({@code --config}, else
 * {@code $SWITCHYARD_CONFIG}, else {@code ./switchyard.yaml} when present), which wins over the defaults.
 */
public final class ServerOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present)")
    String config;

    @Option(names = "--host", paramLabel = "HOST", description = "interface to bind (default: 127.0.0.1; $SWITCHYARD_HOST)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on, 0 picks a free one (default: 8080; $SWITCHYARD_PORT)")
    String port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where the SQLite store lives, created if missing (default: ./data; $SWITCHYARD_DATA_DIR)")
    String dataDir;

    /** The configuration file that applies, if any. */
    public Optional<Path> configFile(Map<String, String> env) {
        String file = config != null ? config : env.getOrDefault("SWITCHYARD_CONFIG", "");
        if (file.isEmpty() && Files.exists(Path.of("switchyard.yaml"))) {
            file = "switchyard.yaml";
        }
        return file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
    }

    /**
     * The configuration these options, the environment and the file describe. Every mistake is an
     * {@link IllegalArgumentException} whose message names the setting, the value and what was expected.
     */
    public GatewayConfig resolve(Map<String, String> env) {
        GatewayConfig.Builder b = GatewayConfig.builder().env(env);
        configFile(env).ifPresent(file -> ConfigLoader.apply(b, file, env));
        String h = host != null ? host : env.get("SWITCHYARD_HOST");
        if (h != null) {
            b.host(h);
        }
        if (port != null) {
            b.port(port("--port", port));
        } else if (env.get("SWITCHYARD_PORT") != null) {
            b.port(port("SWITCHYARD_PORT", env.get("SWITCHYARD_PORT")));
        }
        String d = dataDir != null ? dataDir : env.get("SWITCHYARD_DATA_DIR");
        if (d != null) {
            b.dataDir(Path.of(d));
        }
        String logFormat = env.get("SWITCHYARD_LOG_FORMAT");
        if (logFormat != null && !logFormat.isBlank()) {
            b.accessLogFormat(dev.switchyard.server.observe.AccessLogFormat.parse(logFormat));
        }
        return b.build();
    }

    private static int port(String where, String value) {
        try {
            int p = Integer.parseInt(value.trim());
            if (p >= 0 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + ": port " + value + " (expected: a number 0..65535)");
    }
}
