package dev.switchyard.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.Pricing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Catalog} from three layers, each over the one before: the bundled default catalog, the synced
 * overlay file that {@code switchyard catalog sync} writes, and the operator's configuration (its {@code providers},
 * {@code models} and {@code aliases} sections). See docs/catalog.md and docs/decisions/0015-catalog-overlay.md.
 *
 * <p>Merge rule for the configuration: maps merge key by key, recursively; any other value (including a list such as
 * a model's {@code endpoints}) replaces the one below whole. A model or provider set to {@code null} is removed.
 *
 * <p>Merge rule for the synced overlay: the same, except a model's {@code endpoints} merge by provider. An overlay
 * endpoint replaces the fields it names (its {@code pricing} whole) of the first endpoint below with the same
 * provider, or is appended when there is none; the other endpoints stay. So a refreshed price for one provider never
 * hides a later bundled change to another.
 *
 * <p>String values are interpolated with {@code ${ENV}} before binding. Parsing is strict: every endpoint needs a
 * pricing with {@code prompt} and {@code completion}, and a price's {@code as_of} must be an ISO date.
 */
public final class CatalogLoader {

    /** Class-path location of the bundled catalog. */
    public static final String BUNDLED = "catalog/default.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> env;

    /** @param env the environment used for {@code ${…}} interpolation and for {@code api_key_env} look-ups */
    public CatalogLoader(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** Reads the bundled catalog as a YAML tree. */
    public static ObjectNode bundledTree() {
        try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled catalog missing from the class path: " + BUNDLED);
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses YAML text into a tree (for tests and configuration). */
    public static JsonNode parseYaml(String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid YAML: " + e.getMessage(), e);
        }
    }

    /** The bundled catalog alone. */
    public Catalog loadBundled() {
        return load(JsonNodeFactory.instance.objectNode());
    }

    /** The bundled catalog merged with an overlay (the {@code catalog:} section of the config, or empty). */
    public Catalog load(JsonNode overlay) {
        return load(JsonNodeFactory.instance.objectNode(), overlay);
    }

    /**
     * The bundled catalog, then the synced overlay file's tree (endpoints merged by provider), then the
     * configuration's catalog sections.
     */
    public Catalog load(JsonNode synced, JsonNode config) {
        ObjectNode tree = bundledTree();
        if (synced != null && synced.isObject()) {
            mergeSynced(tree, synced.deepCopy());
        }
        if (config != null && config.isObject()) {
            merge(tree, config.deepCopy());
        }
        new EnvInterpolator(env).interpolate(tree);
        return bind(tree);
    }

    /** Merges a synced overlay: as {@link #merge}, but each model's endpoints merge by provider. */
    static void mergeSynced(ObjectNode base, JsonNode synced) {
        ObjectNode models = synced.path("models") instanceof ObjectNode m ? m : null;
        ObjectNode rest = synced.deepCopy();
        rest.remove("models");
        merge(base, rest);
        if (models == null) {
            return;
        }
        ObjectNode baseModels = base.get("models") instanceof ObjectNode bm ? bm : base.putObject("models");
        models.properties().forEach(e -> {
            JsonNode existing = baseModels.get(e.getKey());
            if (!(existing instanceof ObjectNode model) || !e.getValue().isObject()) {
                if (e.getValue().isNull()) {
                    baseModels.remove(e.getKey());
                } else {
                    baseModels.set(e.getKey(), e.getValue());
                }
                return;
            }
            ObjectNode incoming = ((ObjectNode) e.getValue()).deepCopy();
            JsonNode endpoints = incoming.remove("endpoints");
            merge(model, incoming);
            if (endpoints != null && endpoints.isArray()) {
                ArrayNode list = model.get("endpoints") instanceof ArrayNode a ? a : model.putArray("endpoints");
                for (JsonNode endpoint : endpoints) {
                    ObjectNode same = null;
                    for (JsonNode old : list) {
                        if (old instanceof ObjectNode o && o.path("provider").asText().equals(
                                endpoint.path("provider").asText())) {
                            same = o;
                            break;
                        }
                    }
                    if (same == null) {
                        list.add(endpoint);
                    } else {
                        same.setAll((ObjectNode) endpoint);
                    }
                }
            }
        });
    }

    /** Deep-merges {@code overlay} into {@code base}: objects by key, everything else replaced; null removes. */
    static void merge(ObjectNode base, JsonNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> it = overlay.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (e.getValue().isNull()) {
                base.remove(e.getKey());
            } else if (existing instanceof ObjectNode existingObject && e.getValue().isObject()) {
                merge(existingObject, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private Catalog bind(ObjectNode tree) {
        Map<String, ProviderSpec> providers = new LinkedHashMap<>();
        tree.path("providers").properties().forEach(e -> providers.put(e.getKey(), provider(e.getKey(), e.getValue())));
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        tree.path("models").properties().forEach(e -> models.put(e.getKey(), model(e.getKey(), e.getValue())));
        Map<String, String> aliases = new LinkedHashMap<>();
        tree.path("aliases").properties().forEach(e -> aliases.put(e.getKey(), e.getValue().asText()));
        return new Catalog(providers, models, aliases);
    }

    private ProviderSpec provider(String id, JsonNode n) {
        String where = "providers." + id;
        String auth = n.path("auth").asText("bearer");
        AuthScheme scheme = switch (auth) {
            case "bearer" -> AuthScheme.BEARER;
            case "x-api-key" -> AuthScheme.X_API_KEY;
            case "x-goog-api-key" -> AuthScheme.GOOG_API_KEY;
            case "none" -> AuthScheme.NONE;
            default -> throw new IllegalArgumentException(where + ".auth: " + auth
                    + " (expected: bearer, x-api-key, x-goog-api-key or none)");
        };
        String keyEnv = n.path("api_key_env").asText("");
        List<Credential> credentials = credentials(n, keyEnv, where);
        Map<String, String> headers = new LinkedHashMap<>();
        n.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        JsonNode dp = n.path("data_policy");
        DataPolicy policy = dp.isObject()
                ? new DataPolicy(dp.path("trains_on_prompts").asBoolean(false),
                        dp.path("retains_prompts").asBoolean(true), dp.path("zero_data_retention").asBoolean(false))
                : DataPolicy.UNKNOWN;
        return new ProviderSpec(id, n.path("name").asText(id),
                WireProtocol.fromConfigName(n.path("protocol").asText("openai-chat")),
                required(n, "base_url", where), scheme, keyEnv, credentials, n.path("enabled").asBoolean(true), headers,
                n.path("country").asText(""), policy);
    }

    /**
     * Keys from {@code api_keys} (a list of strings or {@code {key, weight}}), else {@code api_key}, else the
     * {@code api_key_env} variable. Empty values (an unset {@code ${VAR}}) are skipped.
     */
    private List<Credential> credentials(JsonNode n, String keyEnv, String where) {
        List<Credential> out = new ArrayList<>();
        JsonNode many = n.path("api_keys");
        if (many.isArray()) {
            for (JsonNode k : many) {
                String key = (k.isObject() ? k.path("key") : k).asText("").trim();
                if (!key.isEmpty()) {
                    out.add(new Credential(key, k.path("weight").asInt(1)));
                }
            }
            return out;
        }
        if (!many.isMissingNode() && !many.isNull()) {
            throw new IllegalArgumentException(where + ".api_keys must be a list");
        }
        String key = n.path("api_key").asText("").trim();
        if (key.isEmpty() && !keyEnv.isEmpty()) {
            key = env.getOrDefault(keyEnv, "").trim();
        }
        if (!key.isEmpty()) {
            out.add(new Credential(key, 1));
        }
        return out;
    }

    private ModelSpec model(String id, JsonNode n) {
        String where = "models." + id;
        if (!id.contains("/")) {
            throw new IllegalArgumentException(where + ": model ids are vendor/name");
        }
        long context = n.path("context_length").asLong(0);
        long maxOut = n.path("max_output_tokens").asLong(0);
        List<EndpointSpec> endpoints = new ArrayList<>();
        for (JsonNode e : n.path("endpoints")) {
            if (e.path("provider").isBoolean()) {
                // YAML 1.1 reads an unquoted off, on, yes or no as a boolean
                throw new IllegalArgumentException(where + ".endpoints: provider was read as the YAML boolean "
                        + e.path("provider").asText() + "; quote provider names such as \"off\" or \"on\"");
            }
            endpoints.add(new EndpointSpec(id, required(e, "provider", where + ".endpoints"),
                    e.path("upstream_model").asText(id.substring(id.indexOf('/') + 1)),
                    pricing(e.path("pricing"), where), e.path("quantization").asText("unknown"),
                    e.path("context_length").asLong(context), e.path("max_output_tokens").asLong(maxOut),
                    e.path("weight").asInt(1)));
        }
        return new ModelSpec(id, n.path("canonical_slug").asText(id), n.path("name").asText(id),
                n.path("description").asText(""), n.path("vendor").asText(id.substring(0, id.indexOf('/'))),
                n.path("origin").asText(""), n.path("open_weights").asBoolean(false),
                n.path("license").asText(n.path("open_weights").asBoolean(false) ? "unknown" : "proprietary"),
                epochSeconds(n.path("created").asText("")), context, maxOut, strings(n.path("input_modalities"), "text"),
                strings(n.path("output_modalities"), "text"), n.path("tokenizer").asText("Other"),
                strings(n.path("supported_parameters")), endpoints);
    }

    private static Pricing pricing(JsonNode p, String where) {
        if (p.isMissingNode() || p.isNull()) {
            throw new IllegalArgumentException(where + ": every endpoint needs pricing (use \"0\" for free)");
        }
        try {
            long prompt = perToken(p, "prompt", null);
            String asOf = p.path("as_of").asText("");
            if (!asOf.isEmpty()) {
                try {
                    LocalDate.parse(asOf);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("as_of: '" + asOf + "' (expected: an ISO date, e.g. 2026-11-28)");
                }
            }
            return new Pricing(prompt, perToken(p, "completion", null),
                    perToken(p, "cache_read", prompt), perToken(p, "cache_write", prompt),
                    p.has("request") ? Money.usdToPicos(decimal(p.get("request"), "request")) : 0,
                    asOf, p.path("source").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".pricing: " + e.getMessage(), e);
        }
    }

    private static long perToken(JsonNode p, String field, Long fallback) {
        JsonNode v = p.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException(field + " is required (USD per million tokens)");
            }
            return fallback;
        }
        return Money.perMillionToPicosPerToken(decimal(v, field));
    }

    private static BigDecimal decimal(JsonNode v, String field) {
        try {
            return new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + v.asText() + "' (expected: a decimal such as \"0.30\")");
        }
    }

    private static String required(JsonNode n, String field, String where) {
        String v = n.path(field).asText("");
        if (v.isEmpty()) {
            throw new IllegalArgumentException(where + "." + field + " is required");
        }
        return v;
    }

    private static List<String> strings(JsonNode array, String... dflt) {
        if (!array.isArray()) {
            return List.of(dflt);
        }
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static long epochSeconds(String date) {
        if (date.isEmpty()) {
            return 0;
        }
        return LocalDate.parse(date).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }
}
