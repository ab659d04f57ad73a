package dev.switchyard.core.routing;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule by which routing policies combine: each layer (operator global default, per-model default, and later
 * workspace and key) may narrow what the layers before it allow, never widen it. Apply with {@link #narrow} from the
 * broadest layer to the request.
 *
 * <ul>
 *   <li>restrictions accumulate: {@code ignore} is a union; {@code only} and {@code quantizations} intersect;
 *       {@code require_parameters}, {@code data_collection: deny} and {@code zdr} stick once set; price caps take the
 *       lower; {@code allow_fallbacks: false} sticks;</li>
 *   <li>orderings and soft preferences ({@code order}, {@code sort}, {@code preferred_*}) are not permissions, so
 *       the narrower layer's choice replaces the broader one's when it makes one.</li>
 * </ul>
 */
public final class PolicyMerge {

    private PolicyMerge() {
    }

    /** {@code outer} narrowed by {@code inner}. */
    public static ProviderPreferences narrow(ProviderPreferences outer, ProviderPreferences inner) {
        if (inner.equals(ProviderPreferences.NONE)) {
            return outer;
        }
        if (outer.equals(ProviderPreferences.NONE)) {
            return inner;
        }
        Set<String> ignore = new LinkedHashSet<>(outer.ignore());
        ignore.addAll(inner.ignore());
        boolean innerSorts = inner.sort() != Sort.NONE;
        return new ProviderPreferences(
                inner.order().isEmpty() ? outer.order() : inner.order(),
                outer.allowFallbacks() && inner.allowFallbacks(),
                outer.requireParameters() || inner.requireParameters(),
                outer.denyDataCollection() || inner.denyDataCollection(),
                outer.zdr() || inner.zdr(),
                intersect(outer.only(), inner.only()),
                ignore,
                intersect(outer.quantizations(), inner.quantizations()),
                innerSorts ? inner.sort() : outer.sort(),
                innerSorts ? inner.sortAcrossModels() : outer.sortAcrossModels(),
                Math.min(outer.maxPromptPicos(), inner.maxPromptPicos()),
                Math.min(outer.maxCompletionPicos(), inner.maxCompletionPicos()),
                Math.min(outer.maxRequestPicos(), inner.maxRequestPicos()),
                inner.preferredMinThroughput() > 0 ? inner.preferredMinThroughput() : outer.preferredMinThroughput(),
                inner.preferredMaxLatencySeconds() > 0 ? inner.preferredMaxLatencySeconds()
                        : outer.preferredMaxLatencySeconds());
    }

    /** Narrows through every layer in order. */
    public static ProviderPreferences narrowAll(List<ProviderPreferences> layers) {
        ProviderPreferences p = ProviderPreferences.NONE;
        for (ProviderPreferences layer : layers) {
            p = narrow(p, layer);
        }
        return p;
    }

    private static Optional<Set<String>> intersect(Optional<Set<String>> a, Optional<Set<String>> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        Set<String> both = new HashSet<>(a.get());
        both.retainAll(b.get());
        return Optional.of(both);
    }
}
