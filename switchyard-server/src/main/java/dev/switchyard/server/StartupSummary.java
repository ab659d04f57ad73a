package dev.switchyard.server;

import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ProviderSpec;
import java.util.List;

/**
 * What a started gateway tells its operator: where it listens, where the store is, which providers are enabled and
 * whether keys are required. With no provider enabled it says which variables to set, and that the demo runs
 * offline, because that is the first thing a new user needs.
 */
final class StartupSummary {

    private StartupSummary() {
    }

    /**
     * The summary, one item per line; the first line alone still says the essential.
     *
     * @param access how callers are authenticated, in words
     */
    static String describe(String version, String host, int port, String store, Catalog catalog, String access) {
        List<ProviderSpec> providers = ProviderOrder.of(catalog);
        List<String> enabled = providers.stream().filter(ProviderSpec::enabled).map(ProviderSpec::id).toList();
        StringBuilder s = new StringBuilder("Switchyard ").append(version).append(" listening on http://")
                .append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
        s.append("\n  store:     ").append(store);
        s.append("\n  access:    ").append(access);
        if (enabled.isEmpty()) {
            List<String> variables = providers.stream()
                    .filter(p -> p.auth() != AuthScheme.NONE && !p.apiKeyEnv().isEmpty())
                    .map(ProviderSpec::apiKeyEnv).distinct().toList();
            s.append("\n  providers: none of ").append(providers.size())
                    .append(" enabled, so model calls will fail until one is.")
                    .append("\n             Set a provider's key and restart, e.g. export ")
                    .append(variables.isEmpty() ? "<PROVIDER>_API_KEY" : variables.getFirst()).append("=...")
                    .append(variables.size() > 1 ? "; the others: " + String.join(", ", variables.subList(1,
                            variables.size())) : "")
                    .append("\n             (./switchyard providers lists each with its base URL),")
                    .append(" or try it offline with simulated models: ./switchyard demo");
        } else {
            s.append("\n  providers: ").append(enabled.size()).append(" of ").append(providers.size())
                    .append(" enabled (").append(String.join(", ", enabled)).append("); ")
                    .append(catalog.models().size()).append(" models in the catalog");
        }
        return s.toString();
    }
}
