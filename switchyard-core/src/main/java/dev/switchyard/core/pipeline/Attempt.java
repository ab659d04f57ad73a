package dev.switchyard.core.pipeline;

import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.routing.Candidate;
import java.util.Objects;
import java.util.Optional;

/**
 * One try of one candidate, as the router hands it to the attempt ring.
 *
 * @param number 1 for the first attempt of an exchange
 * @param candidate the endpoint and key tried
 * @param deadlines the timeouts that apply
 * @param startNanos when the attempt began, on the exchange's ticker
 */
public record Attempt(int number, Candidate candidate, Deadlines deadlines, long startNanos) {

    public Attempt {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(deadlines, "deadlines");
    }

    public EndpointSpec endpoint() {
        return candidate.endpoint();
    }

    public ProviderSpec provider() {
        return candidate.provider();
    }

    /** The API key this attempt uses, if the provider has one. */
    public Optional<String> apiKey() {
        return candidate.provider().key(candidate.credentialIndex());
    }
}
