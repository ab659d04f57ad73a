package dev.switchyard.core.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable set of providers, models, their endpoints and aliases that one gateway serves. Built once from the
 * bundled catalog merged with the operator's configuration by {@link CatalogLoader}.
 */
public final class Catalog {

    private final Map<String, ProviderSpec> providers;
    private final Map<String, ModelSpec> models;
    private final Map<String, String> aliases;

    /**
     * @param providers by id
     * @param models by id, in display order
     * @param aliases alias to model id; every target must exist
     */
    public Catalog(Map<String, ProviderSpec> providers, Map<String, ModelSpec> models, Map<String, String> aliases) {
        this.providers = Map.copyOf(providers);
        this.models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        this.aliases = Map.copyOf(aliases);
        for (ModelSpec m : models.values()) {
            for (EndpointSpec e : m.endpoints()) {
                if (!providers.containsKey(e.providerId())) {
                    throw new IllegalArgumentException("model " + m.id() + ": endpoint names unknown provider '"
                            + e.providerId() + "'");
                }
            }
        }
        aliases.forEach((alias, target) -> {
            if (!models.containsKey(target)) {
                throw new IllegalArgumentException("alias " + alias + ": target model '" + target + "' is not in the catalog");
            }
        });
    }

    /** Every model, in catalog order. */
    public Collection<ModelSpec> models() {
        return models.values();
    }

    /** Every provider. */
    public Collection<ProviderSpec> providers() {
        return providers.values();
    }

    public Optional<ModelSpec> model(String id) {
        return Optional.ofNullable(models.get(Objects.requireNonNull(id, "id")));
    }

    public Optional<ProviderSpec> provider(String id) {
        return Optional.ofNullable(providers.get(Objects.requireNonNull(id, "id")));
    }

    /** The provider an endpoint names; the constructor guarantees it exists. */
    public ProviderSpec providerOf(EndpointSpec endpoint) {
        return providers.get(endpoint.providerId());
    }

    /** Aliases to model ids. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** Endpoints of a model whose provider is enabled. */
    public List<EndpointSpec> enabledEndpoints(ModelSpec model) {
        return model.endpoints().stream().filter(e -> providerOf(e).enabled()).toList();
    }
}
