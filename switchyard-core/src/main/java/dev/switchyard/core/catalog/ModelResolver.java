package dev.switchyard.core.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the model string a client sent into a catalog model. Accepted, in order: an exact {@code vendor/name} id, a
 * configured alias, and a bare name (the part after the slash, or a provider's own model name) when it is unique in
 * the catalog. For an unknown model, {@link #closeMatches} suggests what the client probably meant.
 */
public final class ModelResolver {

    private final Catalog catalog;
    private final Map<String, String> bareNames;

    public ModelResolver(Catalog catalog) {
        this.catalog = catalog;
        Map<String, Set<String>> candidates = new HashMap<>();
        for (ModelSpec m : catalog.models()) {
            candidates.computeIfAbsent(m.shortName(), k -> new HashSet<>()).add(m.id());
            for (EndpointSpec e : m.endpoints()) {
                candidates.computeIfAbsent(e.upstreamModel(), k -> new HashSet<>()).add(m.id());
            }
        }
        Map<String, String> unique = new HashMap<>();
        candidates.forEach((name, ids) -> {
            if (ids.size() == 1) {
                unique.put(name, ids.iterator().next());
            }
        });
        this.bareNames = Map.copyOf(unique);
    }

    /** The model a client's string names, if any. */
    public Optional<ModelSpec> resolve(String requested) {
        Optional<ModelSpec> exact = catalog.model(requested);
        if (exact.isPresent()) {
            return exact;
        }
        String alias = catalog.aliases().get(requested);
        if (alias != null) {
            return catalog.model(alias);
        }
        String bare = bareNames.get(requested);
        return bare == null ? Optional.empty() : catalog.model(bare);
    }

    /** Up to {@code limit} catalog ids that look like what the client asked for, closest first. */
    public List<String> closeMatches(String requested, int limit) {
        String needle = requested.toLowerCase(Locale.ROOT);
        record Scored(String id, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (ModelSpec m : catalog.models()) {
            String id = m.id().toLowerCase(Locale.ROOT);
            String shortName = m.shortName().toLowerCase(Locale.ROOT);
            int distance = Math.min(editDistance(needle, id), editDistance(needle, shortName));
            boolean contains = id.contains(needle) || needle.contains(shortName);
            int threshold = Math.max(3, needle.length() / 3);
            if (contains || distance <= threshold) {
                scored.add(new Scored(m.id(), contains ? Math.min(distance, 1) : distance));
            }
        }
        return scored.stream().sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::id))
                .limit(limit).map(Scored::id).toList();
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
