package dev.switchyard.core.routing;

import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import java.util.Objects;

/**
 * One routable target: an endpoint with one of its provider's keys. Health, stickiness and rate limits are tracked per
 * candidate, because a 429 belongs to a key, not to a model.
 *
 * @param endpoint the model at the provider
 * @param provider the provider
 * @param credentialIndex which of the provider's keys; 0 for a keyless provider
 * @param health its health record
 */
public record Candidate(EndpointSpec endpoint, ProviderSpec provider, int credentialIndex, EndpointHealth health) {

    public Candidate {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(health, "health");
    }

    /** A stable identity: {@code provider/upstream-model}, with {@code #k} for the k-th key when k &gt; 0. */
    public String key() {
        return keyOf(endpoint, credentialIndex);
    }

    static String keyOf(EndpointSpec endpoint, int credentialIndex) {
        return credentialIndex == 0 ? endpoint.tag() : endpoint.tag() + "#" + credentialIndex;
    }

    /** The traffic weight: the endpoint's times its key's. */
    public int weight() {
        int keyWeight = credentialIndex < provider.credentials().size()
                ? provider.credentials().get(credentialIndex).weight() : 1;
        return endpoint.weight() * keyWeight;
    }

    /** Prompt plus completion price per token, in picodollars: the price the router sorts by. */
    public long blendedPricePicos() {
        return endpoint.pricing().promptPicos() + endpoint.pricing().completionPicos();
    }
}
