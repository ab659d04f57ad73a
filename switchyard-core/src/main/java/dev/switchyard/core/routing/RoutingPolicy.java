package dev.switchyard.core.routing;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's routing defaults: one for every request, and one per model. Requests may narrow them, never widen
 * them (see {@link PolicyMerge}); per-workspace and per-key layers join the same list with the accounts work.
 *
 * @param global applies to every request
 * @param perModel applies to requests for one catalog model
 */
public record RoutingPolicy(ProviderPreferences global, Map<String, ProviderPreferences> perModel) {

    /** No operator defaults. */
    public static final RoutingPolicy NONE = new RoutingPolicy(ProviderPreferences.NONE, Map.of());

    public RoutingPolicy {
        Objects.requireNonNull(global, "global");
        perModel = Map.copyOf(perModel);
    }

    /** The layers for one model, broadest first, ending with the request's own preferences. */
    public List<ProviderPreferences> layers(String modelId, ProviderPreferences request) {
        return List.of(global, perModel.getOrDefault(modelId, ProviderPreferences.NONE), request);
    }
}
