package dev.switchyard.core.routing;

import java.util.List;
import java.util.Set;

/**
 * The router's decision: candidates to try, in order, and every candidate left out with its reason.
 *
 * @param candidates in the order to try them
 * @param exclusions what the filters removed
 * @param probes keys of the candidates among {@code candidates} whose breaker is open (or whose probes are out) but
 *     which the panic rule kept, at the back of their model's order: they are tried as probes
 */
public record RoutePlan(List<Candidate> candidates, List<Exclusion> exclusions, Set<String> probes) {

    public RoutePlan {
        candidates = List.copyOf(candidates);
        exclusions = List.copyOf(exclusions);
        probes = Set.copyOf(probes);
    }

    /** A plan without probes. */
    public RoutePlan(List<Candidate> candidates, List<Exclusion> exclusions) {
        this(candidates, exclusions, Set.of());
    }

    /** Whether {@code candidate} is in the plan only by the panic rule. */
    public boolean isProbe(Candidate candidate) {
        return !probes.isEmpty() && probes.contains(candidate.key());
    }
}
