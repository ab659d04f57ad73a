package dev.switchyard.server.cli;

import dev.switchyard.core.WallClock;
import dev.switchyard.server.ConfigLoader;
import dev.switchyard.server.GatewayConfig;
import dev.switchyard.server.StoreConfig;
import dev.switchyard.store.jdbc.JdbcAccountStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the store is, found as {@code switchyard run} finds it: {@code --data-dir}, else {@code $SWITCHYARD_DATA_DIR},
 * else the {@code data_dir} of the config file ({@code --config}, else {@code $SWITCHYARD_CONFIG}, else
 * {@code ./switchyard.yaml} when present), else {@code ./data}; or the PostgreSQL database that the config file's
 * {@code store: postgres} names. And whether to answer in JSON.
 */
public final class StoreOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the SQLite file lives")
    String dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "the gateway's YAML configuration")
    String config;

    @Option(names = "--json", description = "print JSON for scripts instead of a table")
    boolean json;

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** The data directory. */
    public Path dataDir(Map<String, String> env) {
        if (dataDir != null) {
            return Path.of(dataDir);
        }
        if (env.get("SWITCHYARD_DATA_DIR") != null) {
            return Path.of(env.get("SWITCHYARD_DATA_DIR"));
        }
        return fromFile(env).map(b -> b.build().dataDir()).orElse(Path.of("data"));
    }

    /** Where keys, workspaces and the ledger live: the config file's {@code store}, else SQLite. */
    public StoreConfig store(Map<String, String> env) {
        return fromFile(env).map(b -> b.build().store()).orElse(StoreConfig.SQLITE);
    }

    /** The accounts store, opened as the gateway opens it. */
    public JdbcAccountStore openAccounts(Map<String, String> env, WallClock clock) {
        return store(env).openAccounts(dataDir(env), clock);
    }

    private Optional<GatewayConfig.Builder> fromFile(Map<String, String> env) {
        String file = config != null ? config : env.getOrDefault("SWITCHYARD_CONFIG", "");
        if (file.isEmpty() && Files.exists(Path.of("switchyard.yaml"))) {
            file = "switchyard.yaml";
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ConfigLoader.apply(GatewayConfig.builder().env(env), Path.of(file), env));
    }
}
