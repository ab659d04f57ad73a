package dev.switchyard.core.catalog.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.usage.Pricing;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans one {@code switchyard catalog sync}: compares what a source lists for one provider with the catalog, and
 * rewrites that provider's share of the synced overlay.
 *
 * <p><b>Design.</b> The overlay file is owned by sync and holds, per provider, only what differs from the layers below
 * it (the bundled catalog, and the overlay's entries for other providers): new models with their metadata, new
 * endpoints, and changed prices. A sync of provider P first removes every P endpoint from the overlay (and a model
 * left without endpoints), then writes P's entries afresh, so the overlay never keeps what P no longer says, and a
 * price equal to the bundled one is not pinned (a later bundled correction still shows). Endpoints merge by provider
 * when the gateway loads the overlay ({@link dev.switchyard.core.catalog.CatalogLoader}).
 *
 * <p>The diff is against the catalog the gateway serves now ({@code current}: bundled, the whole overlay, the
 * configuration). What to write is decided against {@code base}: the same without P's overlay entries. Models are
 * matched by the provider's own model name first (an endpoint of P with that {@code upstream_model}), then by catalog
 * id or canonical slug (OpenRouter's ids follow the same {@code vendor/name} scheme). An unmatched model becomes a new
 * catalog model: its id is the listed id lower-cased (prefixed {@code P/} when it has no vendor), its origin is that of
 * the catalog's other models of the same vendor (else empty: unknown), its licence {@code unknown}.
 *
 * <p>Sync never removes what it did not write: an endpoint of the bundled catalog or the configuration that the source
 * no longer lists is reported as removed from the source and stays until the operator removes it in the
 * configuration; one that an earlier sync of the same provider wrote is dropped with the rest of that provider's
 * share. A listed model without a price is reported and not written, since an unknown price is never free.
 */
public final class CatalogSync {

    /** What kind of difference a {@link Change} is. */
    public enum Kind {
        /** A model new to the catalog. */
        ADDED_MODEL("+ model   "),
        /** A catalog model the provider now serves. */
        ADDED_ENDPOINT("+ endpoint"),
        /** A price that differs from the catalog's. */
        PRICE_CHANGED("~ price   "),
        /** An endpoint of the provider that the source no longer lists. */
        REMOVED_FROM_SOURCE("- gone    "),
        /** A listed model that cannot be used: no price, or the source's entry was unusable. */
        SKIPPED("! skipped ");

        private final String marker;

        Kind(String marker) {
            this.marker = marker;
        }

        /** The fixed-width prefix of its diff line. */
        public String marker() {
            return marker;
        }
    }

    /**
     * One line of the diff.
     *
     * @param kind what changed
     * @param modelId the catalog model id, or the listed id for a skipped entry
     * @param detail the upstream model and the prices, or the reason
     */
    public record Change(Kind kind, String modelId, String detail) {

        /** The diff line, e.g. {@code ~ price    deepseek/deepseek-v4-pro  via openrouter …}. */
        public String line() {
            return kind.marker() + " " + modelId + (detail.isEmpty() ? "" : "  " + detail);
        }
    }

    /**
     * The outcome of a sync.
     *
     * @param changes the diff, in the source's order, removals last
     * @param unchanged listed models whose catalog entry already matches
     * @param overlay the new overlay tree (the old one with this provider's share rewritten)
     * @param written model entries this provider now has in the overlay
     */
    public record Result(List<Change> changes, int unchanged, ObjectNode overlay, int written) {

        /** How many changes of a kind. */
        public long count(Kind kind) {
            return changes.stream().filter(c -> c.kind() == kind).count();
        }
    }

    private CatalogSync() {
    }

    /**
     * The overlay without any endpoint of {@code providerId}; a model entry left without endpoints is dropped whole.
     * This is the overlay a sync of that provider starts from (and {@code base} is the catalog built on it).
     */
    public static ObjectNode withoutProvider(JsonNode overlay, String providerId) {
        ObjectNode out = overlay != null && overlay.isObject() ? ((ObjectNode) overlay).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        if (!(out.get("models") instanceof ObjectNode models)) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = models.properties().iterator();
        while (it.hasNext()) {
            JsonNode model = it.next().getValue();
            if (!(model instanceof ObjectNode m) || !(m.get("endpoints") instanceof ArrayNode endpoints)) {
                continue;
            }
            for (int i = endpoints.size() - 1; i >= 0; i--) {
                if (endpoints.get(i).path("provider").asText().equals(providerId)) {
                    endpoints.remove(i);
                }
            }
            if (endpoints.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /**
     * Plans the sync of one provider.
     *
     * @param current the catalog served now (bundled, whole overlay, configuration)
     * @param base the catalog without this provider's overlay entries (built on {@link #withoutProvider})
     * @param overlay the overlay file's tree as it is now
     * @param providerId the provider whose endpoints the source describes; it must be in {@code current}
     * @param listing what the source lists
     * @param source where the listing came from, written into each price's {@code source}
     * @param today the date written into each price's {@code as_of}
     */
    public static Result plan(Catalog current, Catalog base, JsonNode overlay, String providerId, Listing listing,
                              String source, LocalDate today) {
        Objects.requireNonNull(providerId, "providerId");
        if (current.provider(providerId).isEmpty()) {
            throw new IllegalArgumentException("no provider '" + providerId + "' in the catalog");
        }
        Map<String, EndpointSpec> currentByUpstream = endpointsOf(current, providerId);
        Map<String, EndpointSpec> baseByUpstream = endpointsOf(base, providerId);
        Map<String, String> origins = new HashMap<>();
        base.models().forEach(m -> {
            if (!m.origin().isEmpty()) {
                origins.putIfAbsent(m.vendor(), m.origin());
            }
        });
        ObjectNode out = withoutProvider(overlay, providerId);
        ObjectNode models = out.get("models") instanceof ObjectNode m ? m : out.putObject("models");
        List<Change> changes = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        Set<String> written = new HashSet<>();
        int unchanged = 0;
        for (ListedModel l : listing.models()) {
            if (!listed.add(l.upstreamId())) {
                continue; // a document listing a model twice: the first entry counts
            }
            EndpointSpec now = currentByUpstream.get(l.upstreamId());
            EndpointSpec below = baseByUpstream.get(l.upstreamId());
            if (l.price().isEmpty()) {
                if (now == null) {
                    changes.add(new Change(Kind.SKIPPED, l.upstreamId(), "listed by " + providerId
                            + " without a price; set its pricing in the configuration to serve it"));
                } else {
                    unchanged++;
                }
                continue;
            }
            ListedPrice price = l.price().get();
            String modelId;
            boolean newModel = false;
            if (below != null) {
                modelId = below.modelId();
            } else if (now != null) {
                modelId = now.modelId();
                newModel = base.model(modelId).isEmpty();
            } else {
                ModelSpec match = match(base, l);
                if (match != null && match.endpoints().stream().anyMatch(e -> e.providerId().equals(providerId))) {
                    changes.add(new Change(Kind.SKIPPED, l.upstreamId(), "catalog model " + match.id()
                            + " is already served by " + providerId + " under another name"));
                    continue;
                }
                modelId = match != null ? match.id() : newId(providerId, l.upstreamId());
                newModel = match == null;
            }
            if (below == null || !samePrice(below.pricing(), price)) {
                ObjectNode entry = models.get(modelId) instanceof ObjectNode e ? e : models.putObject(modelId);
                if (newModel) {
                    metadata(entry, modelId, l, origins);
                }
                ArrayNode endpoints = entry.get("endpoints") instanceof ArrayNode a ? a : entry.putArray("endpoints");
                ObjectNode endpoint = endpoints.addObject().put("provider", providerId)
                        .put("upstream_model", l.upstreamId());
                pricing(endpoint.putObject("pricing"), price, source, today);
                written.add(modelId);
            }
            if (now == null) {
                changes.add(new Change(newModel ? Kind.ADDED_MODEL : Kind.ADDED_ENDPOINT, modelId,
                        "via " + providerId + " (" + l.upstreamId() + "): " + describe(price)));
            } else if (!samePrice(now.pricing(), price)) {
                changes.add(new Change(Kind.PRICE_CHANGED, modelId, "via " + providerId + " (" + l.upstreamId()
                        + "): " + describe(now.pricing()) + "  ->  " + describe(price)));
            } else {
                unchanged++;
            }
        }
        for (String skipped : listing.skipped()) {
            int colon = skipped.indexOf(": ");
            changes.add(new Change(Kind.SKIPPED, colon < 0 ? skipped : skipped.substring(0, colon),
                    colon < 0 ? "" : skipped.substring(colon + 2)));
        }
        currentByUpstream.forEach((upstream, e) -> {
            if (!listed.contains(upstream)) {
                changes.add(new Change(Kind.REMOVED_FROM_SOURCE, e.modelId(), "via " + providerId + " (" + upstream
                        + "): not in the source; " + (baseByUpstream.containsKey(upstream)
                        ? "it stays in the catalog until you remove it in the configuration"
                        : "dropped from the overlay")));
            }
        });
        if (models.isEmpty()) {
            out.remove("models");
        }
        return new Result(changes, unchanged, out, written.size());
    }

    private static Map<String, EndpointSpec> endpointsOf(Catalog catalog, String providerId) {
        Map<String, EndpointSpec> out = new LinkedHashMap<>();
        for (ModelSpec m : catalog.models()) {
            for (EndpointSpec e : m.endpoints()) {
                if (e.providerId().equals(providerId)) {
                    out.putIfAbsent(e.upstreamModel(), e);
                }
            }
        }
        return out;
    }

    private static ModelSpec match(Catalog base, ListedModel l) {
        String id = l.upstreamId().toLowerCase(Locale.ROOT);
        for (ModelSpec m : base.models()) {
            if (m.id().equals(id) || (!l.canonicalSlug().isEmpty() && m.canonicalSlug().equals(l.canonicalSlug()))) {
                return m;
            }
        }
        return null;
    }

    /** The catalog id of a model new to the catalog: {@code vendor/name}, lower case, without variant colons. */
    static String newId(String providerId, String upstreamId) {
        String id = upstreamId.toLowerCase(Locale.ROOT).replace(':', '-');
        return id.contains("/") ? id : providerId + "/" + id;
    }

    private static void metadata(ObjectNode entry, String modelId, ListedModel l, Map<String, String> origins) {
        String vendor = modelId.substring(0, modelId.indexOf('/'));
        entry.put("name", l.name().isEmpty() ? modelId : l.name());
        if (!l.canonicalSlug().isEmpty()) {
            entry.put("canonical_slug", l.canonicalSlug());
        }
        entry.put("vendor", vendor).put("origin", origins.getOrDefault(vendor, ""))
                .put("open_weights", l.openWeights()).put("license", "unknown");
        if (l.createdEpochSeconds() > 0) {
            entry.put("created", LocalDate.ofInstant(Instant.ofEpochSecond(l.createdEpochSeconds()), ZoneOffset.UTC)
                    .toString());
        }
        if (l.contextLength() > 0) {
            entry.put("context_length", l.contextLength());
        }
        if (l.maxOutputTokens() > 0) {
            entry.put("max_output_tokens", l.maxOutputTokens());
        }
        strings(entry, "input_modalities", l.inputModalities());
        strings(entry, "output_modalities", l.outputModalities());
        if (!l.tokenizer().isEmpty()) {
            entry.put("tokenizer", l.tokenizer());
        }
        strings(entry, "supported_parameters", l.supportedParameters());
    }

    private static void strings(ObjectNode entry, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = entry.putArray(field);
            values.forEach(a::add);
        }
    }

    /** The catalog's pricing fields: USD per million tokens, exact (picodollars per token / 10^6). */
    private static void pricing(ObjectNode p, ListedPrice price, String source, LocalDate today) {
        p.put("prompt", perMillion(price.prompt())).put("completion", perMillion(price.completion()));
        price.cacheRead().ifPresent(v -> p.put("cache_read", perMillion(v)));
        price.cacheWrite().ifPresent(v -> p.put("cache_write", perMillion(v)));
        if (price.request() > 0) {
            p.put("request", dev.switchyard.core.usage.Money.toUsd(price.request()).toPlainString());
        }
        p.put("as_of", today.toString()).put("source", price.note().isEmpty() ? source
                : source + " (" + price.note() + ")");
    }

    static String perMillion(long picosPerToken) {
        BigDecimal v = BigDecimal.valueOf(picosPerToken, 6).stripTrailingZeros();
        return v.signum() == 0 ? "0" : v.toPlainString();
    }

    private static boolean samePrice(Pricing p, ListedPrice l) {
        return p.promptPicos() == l.prompt() && p.completionPicos() == l.completion()
                && p.cacheReadPicos() == l.cacheRead().orElse(l.prompt())
                && p.cacheWritePicos() == l.cacheWrite().orElse(l.prompt()) && p.requestPicos() == l.request();
    }

    private static String describe(Pricing p) {
        return describe(p.promptPicos(), p.completionPicos(), p.cacheReadPicos(), p.requestPicos());
    }

    private static String describe(ListedPrice p) {
        return describe(p.prompt(), p.completion(), p.cacheRead().orElse(p.prompt()), p.request());
    }

    private static String describe(long prompt, long completion, long cacheRead, long request) {
        Function<Long, String> m = CatalogSync::perMillion;
        return "prompt " + m.apply(prompt) + " / completion " + m.apply(completion) + " / cache read "
                + m.apply(cacheRead) + " USD per M" + (request > 0 ? ", " + dev.switchyard.core.usage.Money.toUsd(
                request).toPlainString() + " USD per request" : "");
    }
}
