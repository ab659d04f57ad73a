package dev.switchyard.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.json.Json;
import dev.switchyard.server.GatewayConfig;
import dev.switchyard.server.ProviderOrder;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchyard providers}: every provider of the catalog (the bundled one merged with the configuration), with
 * the environment variable that holds its key, its base URL and whether it is enabled in this environment.
 * {@code --markdown} prints the table of docs/providers.md, from the bundled catalog alone.
 */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "List providers: the variable that holds each one's key, its base URL, and whether it is enabled.",
        footer = {"", "A provider is enabled when its variable (or providers.ID.api_key in the configuration) is set;",
                "a local server (auth none) when the configuration says providers.ID.enabled: true."})
final class ProvidersCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present)")
    String config;

    @Option(names = "--json", description = "print JSON for scripts instead of a table")
    boolean json;

    @Option(names = "--markdown", hidden = true, description = "print the bundled catalog's table for docs/providers.md")
    boolean markdown;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SwitchyardCli root = (SwitchyardCli) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        if (markdown) {
            out.print(markdown(new CatalogLoader(java.util.Map.of()).loadBundled()));
            out.flush();
            return 0;
        }
        Catalog catalog;
        try {
            ServerOptions options = new ServerOptions();
            options.config = config;
            GatewayConfig gc = options.resolve(root.env());
            catalog = dev.switchyard.server.CatalogFiles.load(gc);
        } catch (IllegalArgumentException e) {
            return RunCommand.fail(spec.commandLine().getErr(), e.getMessage(), SwitchyardCli.USAGE);
        }
        if (json) {
            ObjectNode body = Json.mapper().createObjectNode();
            ArrayNode data = body.putArray("data");
            for (ProviderSpec p : ProviderOrder.of(catalog)) {
                data.addObject().put("id", p.id()).put("name", p.name()).put("protocol", p.protocol().configName())
                        .put("auth", auth(p)).put("api_key_env", p.apiKeyEnv()).put("base_url", p.baseUrl())
                        .put("enabled", p.enabled());
            }
            out.println(body.toPrettyString());
        } else {
            Table table = new Table("provider", "enabled", "key variable", "protocol", "base URL");
            for (ProviderSpec p : ProviderOrder.of(catalog)) {
                table.row(p.id(), p.enabled() ? "yes" : "no", variableCell(p), p.protocol().configName(),
                        p.baseUrl());
            }
            table.print(out);
        }
        out.flush();
        return 0;
    }

    /** The table of docs/providers.md: every provider of a catalog, without anything that depends on the machine. */
    static String markdown(Catalog catalog) {
        StringBuilder s = new StringBuilder("| provider | name | key variable | protocol | base URL |\n")
                .append("|---|---|---|---|---|\n");
        for (ProviderSpec p : ProviderOrder.of(catalog)) {
            s.append("| `").append(p.id()).append("` | ").append(p.name()).append(" | ")
                    .append(p.auth() != AuthScheme.NONE ? "`" + p.apiKeyEnv() + "`"
                            : "none (local server: `providers." + p.id() + ".enabled: true`"
                            + (p.apiKeyEnv().isEmpty() ? "" : "; `" + p.apiKeyEnv() + "` if it asks for one") + ")")
                    .append(" | `").append(p.protocol().configName()).append("` | `").append(p.baseUrl())
                    .append("` |\n");
        }
        return s.toString();
    }

    private static String variableCell(ProviderSpec p) {
        if (p.auth() == AuthScheme.NONE) {
            return p.apiKeyEnv().isEmpty() ? "(local, no key)" : "(local) " + p.apiKeyEnv() + " optional";
        }
        return p.apiKeyEnv().isEmpty() ? "(key in config)" : p.apiKeyEnv();
    }

    private static String auth(ProviderSpec p) {
        return switch (p.auth()) {
            case BEARER -> "bearer";
            case X_API_KEY -> "x-api-key";
            case GOOG_API_KEY -> "x-goog-api-key";
            case NONE -> "none";
        };
    }
}
