package dev.switchyard.core.pipeline;

import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import java.util.Objects;

/**
 * One try of one endpoint, as the router hands it to the attempt ring.
 *
 * @param number 1 for the first attempt of an exchange
 * @param endpoint the endpoint tried
 * @param provider its provider
 * @param deadlines the timeouts that apply
 */
public record Attempt(int number, EndpointSpec endpoint, ProviderSpec provider, Deadlines deadlines) {

    public Attempt {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(deadlines, "deadlines");
    }
}
