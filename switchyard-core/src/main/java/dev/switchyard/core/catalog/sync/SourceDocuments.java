package dev.switchyard.core.catalog.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.usage.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the two documents {@code switchyard catalog sync} refreshes from into a {@link Listing}:
 * <ul>
 *   <li>an <b>OpenRouter models document</b> ({@code GET https://openrouter.ai/api/v1/models}): {@code data[]} of
 *       models with {@code pricing} in USD per token as decimal strings, converted exactly to picodollars per token
 *       (decisions/0002). Where {@code pricing.overrides[]} re-price long prompts or time windows, each price is the
 *       highest of the base and its overrides, so a synced price never under-reports (as the bundled catalog does).
 *       A negative price (OpenRouter's variable-price routers) or one finer than a picodollar is skipped, never
 *       rounded; {@code :variant} ids are skipped (variants are request suffixes here).</li>
 *   <li>an <b>OpenAI-compatible models listing</b> ({@code GET /v1/models}): {@code data[].id}. Most carry no price;
 *       where an entry carries an OpenRouter-shaped {@code pricing} it is read the same way. Context comes from
 *       {@code context_length}, {@code max_model_len} (vLLM) or {@code context_window}.</li>
 * </ul>
 * Anything else in an entry is ignored. A document that is not a JSON object with a {@code data} array is an
 * {@link IllegalArgumentException}.
 */
public final class SourceDocuments {

    private SourceDocuments() {
    }

    /** An OpenRouter models document. */
    public static Listing openRouter(JsonNode doc) {
        List<ListedModel> models = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode m : data(doc, "OpenRouter models document")) {
            String id = m.path("id").asText("");
            if (id.isEmpty()) {
                skipped.add("(an entry without id): no id");
                continue;
            }
            if (id.contains(":")) {
                skipped.add(id + ": a variant of another model (variants are request suffixes, e.g. model:floor)");
                continue;
            }
            Optional<ListedPrice> price;
            try {
                price = Optional.of(price(m.path("pricing")));
            } catch (IllegalArgumentException e) {
                skipped.add(id + ": " + e.getMessage());
                continue;
            }
            JsonNode arch = m.path("architecture");
            JsonNode hf = m.path("hugging_face_id");
            models.add(new ListedModel(id, m.path("name").asText(""), m.path("canonical_slug").asText(""),
                    m.path("created").asLong(0), m.path("context_length").asLong(0),
                    m.path("top_provider").path("max_completion_tokens").asLong(0),
                    strings(arch.path("input_modalities")), strings(arch.path("output_modalities")),
                    arch.path("tokenizer").asText(""), strings(m.path("supported_parameters")),
                    hf.isTextual() && !hf.asText().isBlank(), price));
        }
        return new Listing(models, skipped);
    }

    /**
     * An OpenAI-compatible {@code /models} listing.
     *
     * @param localServer the provider is a keyless local server: an unpriced model is free and its weights are open
     */
    public static Listing modelsListing(JsonNode doc, boolean localServer) {
        List<ListedModel> models = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode m : data(doc, "models listing")) {
            String id = m.path("id").asText("");
            if (id.isEmpty()) {
                skipped.add("(an entry without id): no id");
                continue;
            }
            Optional<ListedPrice> price = Optional.empty();
            if (m.path("pricing").isObject()) {
                try {
                    price = Optional.of(price(m.path("pricing")));
                } catch (IllegalArgumentException e) {
                    skipped.add(id + ": " + e.getMessage());
                    continue;
                }
            } else if (localServer) {
                price = Optional.of(ListedPrice.free("self-hosted"));
            }
            long context = m.path("context_length").asLong(m.path("max_model_len").asLong(
                    m.path("context_window").asLong(0)));
            models.add(new ListedModel(id, m.path("name").asText(""), "", m.path("created").asLong(0), context, 0,
                    List.of(), List.of(), "", List.of(), localServer, price));
        }
        return new Listing(models, skipped);
    }

    private static JsonNode data(JsonNode doc, String what) {
        JsonNode data = doc == null ? null : doc.get("data");
        if (data == null || !data.isArray()) {
            throw new IllegalArgumentException("not a " + what + ": expected a JSON object with a \"data\" array");
        }
        return data;
    }

    /** OpenRouter's pricing object: USD per token (per request for {@code request}) as decimal strings. */
    static ListedPrice price(JsonNode p) {
        if (!p.isObject() || !p.has("prompt") || !p.has("completion")) {
            throw new IllegalArgumentException("no prompt and completion price");
        }
        List<JsonNode> tiers = new ArrayList<>();
        tiers.add(p);
        p.path("overrides").forEach(tiers::add);
        long prompt = highest(tiers, "prompt").orElseThrow();
        long completion = highest(tiers, "completion").orElseThrow();
        OptionalLong cacheRead = highest(tiers, "input_cache_read");
        OptionalLong cacheWrite = highest(tiers, "input_cache_write");
        long request = highest(tiers, "request").orElse(0);
        String note = tiers.size() > 1 ? "the highest of its " + tiers.size() + " price tiers" : "";
        return new ListedPrice(prompt, completion, cacheRead, cacheWrite, request, note);
    }

    private static OptionalLong highest(List<JsonNode> tiers, String key) {
        OptionalLong best = OptionalLong.empty();
        for (JsonNode tier : tiers) {
            JsonNode v = tier.get(key);
            if (v == null || v.isNull()) {
                continue;
            }
            long picos = picos(v, key);
            if (best.isEmpty() || picos > best.getAsLong()) {
                best = OptionalLong.of(picos);
            }
        }
        return best;
    }

    private static long picos(JsonNode v, String key) {
        BigDecimal usd;
        try {
            usd = new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " price '" + v.asText() + "' is not a decimal");
        }
        if (usd.signum() < 0) {
            throw new IllegalArgumentException(key + " price " + v.asText() + " is variable (negative)");
        }
        try {
            return Money.usdToPicos(usd);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " price " + v.asText()
                    + " USD per token is finer than a picodollar and cannot be held exactly");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
