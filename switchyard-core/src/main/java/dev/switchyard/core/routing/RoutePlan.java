package dev.switchyard.core.routing;

import java.util.List;

/**
 * The router's decision: candidates to try, in order, and every candidate left out with its reason.
 *
 * @param candidates in the order to try them
 * @param exclusions what the filters removed
 */
public record RoutePlan(List<Candidate> candidates, List<Exclusion> exclusions) {

    public RoutePlan {
        candidates = List.copyOf(candidates);
        exclusions = List.copyOf(exclusions);
    }
}
