package dev.switchyard.core.accounts;

import dev.switchyard.core.routing.ProviderPreferences;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A stored API key: never the secret itself, only its SHA-256 and a short public label to find it by.
 *
 * @param hash hex SHA-256 of the whole secret; the key's public id (OpenRouter's {@code hash})
 * @param label the secret's public prefix, e.g. {@code sk-swy-3f9a1c0b}, unique, used to look the key up and shown
 *     in listings so that people can tell keys apart
 * @param workspaceId the workspace it belongs to
 * @param name what its owner calls it
 * @param role inference or admin
 * @param disabled a disabled key is refused
 * @param expiresAtMillis after this instant the key is refused; empty for never
 * @param limits its own limits, applied beside its workspace's
 * @param budget its own credit, beside its workspace's (the lower remaining amount wins); none for unlimited
 * @param policy its routing defaults, a layer that only narrows its workspace's
 * @param metadata free-form labels
 * @param createdAtMillis epoch milliseconds
 * @param updatedAtMillis epoch milliseconds
 */
public record ApiKey(String hash, String label, String workspaceId, String name, KeyRole role, boolean disabled,
                     OptionalLong expiresAtMillis, Limits limits, Optional<Budget> budget, ProviderPreferences policy,
                     Map<String, String> metadata, long createdAtMillis, long updatedAtMillis) {

    public ApiKey {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(expiresAtMillis, "expiresAtMillis");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(policy, "policy");
        metadata = Map.copyOf(metadata);
    }

    /** Whether the key may be used at {@code nowMillis}: enabled and not expired. */
    public boolean usableAt(long nowMillis) {
        return !disabled && (expiresAtMillis.isEmpty() || nowMillis < expiresAtMillis.getAsLong());
    }
}
