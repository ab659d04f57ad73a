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
 * @param deadlines the timeouts that apply: the request's (the operator's, perhaps tightened by the request's
 *     headers), with {@code request} set to what remains of the request's budget
 * @param startNanos when the attempt began, on the exchange's ticker
 * @param configured the operator's own deadlines: a timeout only says something about the provider when the deadline
 *     that fired is the operator's, not one the request tightened or its dwindling budget cut short
 * @param probe whether the breaker's panic rule admitted this candidate although its breaker is open (see
 *     {@link dev.switchyard.core.routing.RoutePlan#probes()}): it goes through as a probe
 * @param cancellation how the router calls this attempt off (a hedge that lost)
 */
public record Attempt(int number, Candidate candidate, Deadlines deadlines, long startNanos, Deadlines configured,
                      boolean probe, Cancellation cancellation) {

    public Attempt {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(deadlines, "deadlines");
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** An attempt whose deadlines are the operator's, not a probe, that nobody will cancel (tests, tools). */
    public Attempt(int number, Candidate candidate, Deadlines deadlines, long startNanos) {
        this(number, candidate, deadlines, startNanos, deadlines, false, new Cancellation());
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
