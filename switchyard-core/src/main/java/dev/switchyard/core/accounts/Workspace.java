package dev.switchyard.core.accounts;

import dev.switchyard.core.routing.ProviderPreferences;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A group of keys that share limits, a budget and routing defaults, e.g. one team or one product.
 *
 * @param id stable id, {@code ws-…}
 * @param name what operators call it
 * @param limits applied to the sum of its keys' traffic
 * @param budget credit shared by its keys, none for unlimited
 * @param policy routing defaults for its keys; a layer that only narrows the operator's
 * @param disabled a disabled workspace's keys are all refused
 * @param metadata free-form labels
 * @param createdAtMillis epoch milliseconds
 */
public record Workspace(String id, String name, Limits limits, Optional<Budget> budget, ProviderPreferences policy,
                        boolean disabled, Map<String, String> metadata, long createdAtMillis) {

    /** The id of the workspace that keys created without one belong to. */
    public static final String DEFAULT_ID = "default";

    public Workspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(policy, "policy");
        metadata = Map.copyOf(metadata);
    }
}
