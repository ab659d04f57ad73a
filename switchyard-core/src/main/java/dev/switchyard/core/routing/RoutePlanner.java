package dev.switchyard.core.routing;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Decides which endpoints may serve a request and in which order to try them.
 *
 * <h2>The decision, step by step</h2>
 * <ol>
 *   <li><b>Models.</b> The primary model, then each of {@code models[]} in order. Each model's preferences are the
 *       operator's global and per-model defaults narrowed by the request ({@link PolicyMerge}); a variant suffix sets
 *       the sort ({@code :floor} price, {@code :nitro} throughput) or keeps only free endpoints ({@code :free}).</li>
 *   <li><b>Candidates.</b> Every endpoint of the model, once per key of its provider.</li>
 *   <li><b>Filters</b>, in a fixed order; the first a candidate fails is recorded as its {@link Exclusion}: provider
 *       enabled; {@code only}/{@code ignore}; {@code :free}; {@code require_parameters}; tools (always, as OpenRouter
 *       does); {@code data_collection: deny} (providers that retain or train); {@code zdr}; {@code quantizations};
 *       {@code max_price}; context length against the prompt estimate plus {@code max_tokens}; the output cap
 *       against {@code max_tokens}; health (cooldown after a 429, open breaker).</li>
 *   <li><b>Order</b> within a model:
 *     <ul>
 *       <li>{@code order}: the named providers first, in that order, then the rest by the default order;</li>
 *       <li>else {@code sort}: by blended price (prompt + completion per token), by measured throughput (highest
 *           first) or by measured time to first token (lowest first); unmeasured endpoints go after measured ones,
 *           ties go to the cheaper;</li>
 *       <li>else the default, a weighted random order (sampling without replacement, Efraimidis–Spirakis) with
 *           weight {@code w = weight × keyWeight × (1 − errorRate)² × (half-open ? 0.1 : 1) / (price + p₀)²},
 *           {@code p₀} = 1,000 picodollars per token ($0.001 per million), which keeps free endpoints finite.
 *           The inverse square of price is OpenRouter's published rule: cheap endpoints take most traffic, dearer
 *           ones stay warm as fallbacks.</li>
 *     </ul>
 *     Then {@code preferred_min_throughput} and {@code preferred_max_latency} move the endpoints known to miss them
 *     behind the rest (never out), and a sticky session puts its previous endpoint first (unless {@code order} is
 *     given). The session's previous endpoints are looked up before planning ({@link #sessionRoutes}: at once in
 *     process, one round trip with a shared table), so planning itself never waits.</li>
 *   <li><b>Across models</b>, each model's list follows the previous one's, or with {@code sort.partition: none} all
 *       are sorted together. {@code allow_fallbacks: false} keeps only the ordered providers, or else only the first
 *       candidate.</li>
 * </ol>
 * The planner allocates one small list per request and takes no lock.
 */
public final class RoutePlanner {

    /** Request parameters that {@code require_parameters} checks against a model's supported parameters. */
    static final Set<String> CHECKED_PARAMETERS = Set.of("temperature", "top_p", "top_k", "min_p", "top_a",
            "frequency_penalty", "presence_penalty", "repetition_penalty", "max_tokens", "max_completion_tokens",
            "logit_bias", "logprobs", "top_logprobs", "prediction", "seed", "response_format", "structured_outputs",
            "stop", "tools", "tool_choice", "parallel_tool_calls", "include_reasoning", "reasoning",
            "reasoning_effort", "web_search_options", "verbosity");

    private static final double PRICE_FLOOR_PICOS = 1_000;
    private static final Future<Map<String, String>> NO_SESSION = Future.succeededFuture(Map.of());

    private final RoutingPolicy policy;
    private final Set<WireProtocol> protocols;
    private final StickySessions sticky;
    private final Supplier<RandomGenerator> random;
    private final Ticker ticker;
    private final int maxEjectionPercent;
    private final boolean failFast;
    private final Map<String, List<Candidate>> candidatesByModel = new HashMap<>();

    /**
     * @param catalog the catalog (immutable, so candidates are built once)
     * @param policy the operator's defaults
     * @param health where candidates' health lives
     * @param protocols the wire protocols an adapter exists for
     * @param sticky the session table
     * @param random randomness for the default order (a seeded generator in tests)
     */
    public RoutePlanner(Catalog catalog, RoutingPolicy policy, HealthRegistry health, Set<WireProtocol> protocols,
                        StickySessions sticky, Supplier<RandomGenerator> random) {
        Objects.requireNonNull(catalog, "catalog");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.protocols = Set.copyOf(protocols);
        this.sticky = Objects.requireNonNull(sticky, "sticky");
        this.random = Objects.requireNonNull(random, "random");
        this.ticker = health.ticker();
        this.maxEjectionPercent = health.config().maxEjectionPercent();
        this.failFast = health.config().failFast();
        for (ModelSpec m : catalog.models()) {
            List<Candidate> list = new ArrayList<>();
            for (EndpointSpec e : m.endpoints()) {
                ProviderSpec p = catalog.providerOf(e);
                int keys = Math.max(1, p.credentials().size());
                for (int k = 0; k < keys; k++) {
                    list.add(new Candidate(e, p, k, health.of(Candidate.keyOf(e, k))));
                }
            }
            candidatesByModel.put(m.id(), List.copyOf(list));
        }
    }

    /** Every candidate of a model, whatever its state (for the endpoints API). */
    public List<Candidate> candidatesOf(ModelSpec model) {
        return candidatesByModel.getOrDefault(model.id(), List.of());
    }

    /**
     * Where the request's session was last served, for each of its models: what {@link #plan} puts first. Complete at
     * once without a session or with the in-process table; a shared table that fails answers with no entries.
     */
    public Future<Map<String, String>> sessionRoutes(List<ModelSpec> models, RoutingControls controls) {
        if (controls.sessionKey().isEmpty()) {
            return NO_SESSION;
        }
        List<String> ids = new ArrayList<>(models.size());
        for (ModelSpec m : models) {
            ids.add(m.id());
        }
        Future<Map<String, String>> found = sticky.lookup(controls.sessionKey(), ids);
        return found.isComplete() && found.succeeded() ? found : found.otherwise(Map.of());
    }

    /**
     * Plans a request with the session's routes if the sticky table answers at once (the in-process one does);
     * the router looks them up first ({@link #sessionRoutes}) and calls {@link #plan(List, Variant, RoutingControls,
     * Map)}.
     */
    public RoutePlan plan(List<ModelSpec> models, Variant variant, RoutingControls controls) {
        Future<Map<String, String>> routes = sessionRoutes(models, controls);
        return plan(models, variant, controls, routes.isComplete() && routes.succeeded() ? routes.result() : Map.of());
    }

    /**
     * Plans a request for the given models (primary first) with its variant and controls.
     *
     * @param sessionRoutes where the session was last served, by model id (from {@link #sessionRoutes})
     */
    public RoutePlan plan(List<ModelSpec> models, Variant variant, RoutingControls controls,
                          Map<String, String> sessionRoutes) {
        long now = ticker.nanos();
        List<Exclusion> exclusions = new ArrayList<>();
        List<Candidate> ordered = new ArrayList<>();
        Set<String> probes = new java.util.HashSet<>(0);
        ProviderPreferences first = null;
        for (ModelSpec model : models) {
            ProviderPreferences prefs = PolicyMerge.narrowAll(policy.layers(model.id(), controls.preferences()));
            if (variant == Variant.FLOOR) {
                prefs = prefs.withSort(Sort.PRICE);
            } else if (variant == Variant.NITRO) {
                prefs = prefs.withSort(Sort.THROUGHPUT);
            }
            if (first == null) {
                first = prefs;
            }
            List<Candidate> survivors = new ArrayList<>();
            List<Candidate> ejected = List.of();
            for (Candidate c : candidatesOf(model)) {
                String reason = rejection(c, model, prefs, variant, controls, now);
                if (reason.isEmpty()) {
                    survivors.add(c);
                } else if (!failFast && isBreaker(reason)) {
                    if (ejected.isEmpty()) {
                        ejected = new ArrayList<>(2);
                    }
                    ejected.add(c);
                } else {
                    exclusions.add(new Exclusion(c.key(), c.provider().id(), model.id(), reason));
                }
            }
            ordered.addAll(order(survivors, model, prefs, sessionRoutes.get(model.id()), now));
            if (!ejected.isEmpty()) {
                List<Candidate> kept = panic(survivors.size(), ejected);
                for (Candidate c : ejected) {
                    if (kept.contains(c)) {
                        probes.add(c.key());
                    } else {
                        exclusions.add(new Exclusion(c.key(), c.provider().id(), model.id(),
                                c.health().unavailableReason(now)));
                    }
                }
                ordered.addAll(kept);
            }
        }
        if (first != null && first.sortAcrossModels() && first.sort() != Sort.NONE && models.size() > 1) {
            ordered.sort(comparator(first.sort()));
            if (!probes.isEmpty()) {
                ordered.sort(Comparator.comparing(c -> probes.contains(c.key()))); // stable: probes last
            }
        }
        if (first != null && !first.allowFallbacks() && !ordered.isEmpty()) {
            List<String> named = first.order();
            ordered = named.isEmpty() ? List.of(ordered.get(0))
                    : ordered.stream().filter(c -> named.contains(c.provider().id())
                            || named.contains(c.endpoint().tag())).toList();
        }
        probes.retainAll(ordered.stream().map(Candidate::key).toList());
        return new RoutePlan(ordered, exclusions, probes);
    }

    private static boolean isBreaker(String reason) {
        return reason.equals("circuit_open") || reason.equals("circuit_half_open");
    }

    /**
     * The panic rule: which of a model's candidates with an open breaker stay in the plan anyway. Open breakers may
     * take out at most {@code maxEjectionPercent} of the candidates that passed the request's own filters (rounded
     * down, so a model with one endpoint never loses it), and never all of them; the ones kept are those whose breaker
     * opened longest ago, and they go to the back of the order, where they are tried as probes.
     */
    private List<Candidate> panic(int healthy, List<Candidate> ejected) {
        int all = healthy + ejected.size();
        int mayEject = (int) ((long) all * maxEjectionPercent / 100);
        int keep = Math.max(ejected.size() - mayEject, healthy == 0 ? 1 : 0);
        if (keep <= 0) {
            return List.of();
        }
        List<Candidate> byAge = new ArrayList<>(ejected);
        byAge.sort(Comparator.comparingLong(c -> c.health().openedAtNanos()));
        return List.copyOf(byAge.subList(0, Math.min(keep, byAge.size())));
    }

    /** The first filter the candidate fails, or an empty string. */
    String rejection(Candidate c, ModelSpec model, ProviderPreferences prefs, Variant variant,
                     RoutingControls controls, long now) {
        ProviderSpec p = c.provider();
        EndpointSpec e = c.endpoint();
        if (!p.enabled() || (p.auth() != AuthScheme.NONE && c.credentialIndex() >= p.credentials().size())) {
            return "provider_disabled";
        }
        if (!protocols.contains(p.protocol())) {
            return "no_adapter";
        }
        if (prefs.only().isPresent() && !prefs.only().get().contains(p.id()) && !prefs.only().get().contains(e.tag())) {
            return "allowed_providers";
        }
        if (prefs.ignore().contains(p.id()) || prefs.ignore().contains(e.tag())) {
            return "allowed_providers";
        }
        if (variant == Variant.FREE && !e.pricing().isFree()) {
            return "free_variant";
        }
        if (prefs.requireParameters()) {
            for (String param : controls.parameters()) {
                if (CHECKED_PARAMETERS.contains(param) && !model.supportedParameters().contains(param)) {
                    return "require_parameters";
                }
            }
        }
        if (controls.usesTools() && !model.supportedParameters().contains("tools")) {
            return "tools";
        }
        if (prefs.denyDataCollection() && (p.dataPolicy().trainsOnPrompts() || p.dataPolicy().retainsPrompts())) {
            return "data_policy:training";
        }
        if (prefs.zdr() && !p.dataPolicy().zeroDataRetention()) {
            return "data_policy:zdr";
        }
        if (prefs.quantizations().isPresent() && !prefs.quantizations().get().contains(e.quantization())) {
            return "quantization";
        }
        if (e.pricing().promptPicos() > prefs.maxPromptPicos()
                || e.pricing().completionPicos() > prefs.maxCompletionPicos()
                || e.pricing().requestPicos() > prefs.maxRequestPicos()) {
            return "max_price";
        }
        if (e.contextLength() > 0 && controls.promptTokenEstimate() + controls.maxOutputTokens() > e.contextLength()) {
            return "context_length";
        }
        if (e.maxOutputTokens() > 0 && controls.maxOutputTokens() > e.maxOutputTokens()) {
            return "max_output";
        }
        return c.health().unavailableReason(now);
    }

    private List<Candidate> order(List<Candidate> survivors, ModelSpec model, ProviderPreferences prefs,
                                  String stickyKey, long now) {
        if (survivors.size() <= 1) {
            return survivors;
        }
        List<Candidate> out;
        if (!prefs.order().isEmpty()) {
            List<Candidate> named = new ArrayList<>();
            for (String wanted : prefs.order()) {
                for (Candidate c : survivors) {
                    if ((c.provider().id().equals(wanted) || c.endpoint().tag().equals(wanted)) && !named.contains(c)) {
                        named.add(c);
                    }
                }
            }
            List<Candidate> rest = new ArrayList<>(survivors);
            rest.removeAll(named);
            named.addAll(weightedRandom(rest, now));
            return named; // an explicit order disables stickiness and soft preferences, as with OpenRouter
        }
        if (prefs.sort() != Sort.NONE) {
            out = new ArrayList<>(survivors);
            out.sort(comparator(prefs.sort()));
        } else {
            out = weightedRandom(survivors, now);
        }
        List<Candidate> preferred = softPreferences(out, prefs);
        if (stickyKey != null) {
            for (int i = 1; i < preferred.size(); i++) {
                if (preferred.get(i).key().equals(stickyKey)) {
                    preferred.add(0, preferred.remove(i));
                    break;
                }
            }
        }
        return preferred;
    }

    static Comparator<Candidate> comparator(Sort sort) {
        Comparator<Candidate> byPrice = Comparator.comparingLong(Candidate::blendedPricePicos);
        return switch (sort) {
            case PRICE, NONE -> byPrice.thenComparing(Candidate::weight, Comparator.reverseOrder());
            case THROUGHPUT -> Comparator.<Candidate>comparingDouble(c -> {
                double t = c.health().throughput();
                return t < 0 ? Double.POSITIVE_INFINITY : -t;
            }).thenComparing(byPrice);
            case LATENCY -> Comparator.<Candidate>comparingDouble(c -> {
                double t = c.health().ttftMillis();
                return t < 0 ? Double.POSITIVE_INFINITY : t;
            }).thenComparing(byPrice);
        };
    }

    /** Weighted sampling without replacement: sort by ln(u) / w, largest first. */
    private List<Candidate> weightedRandom(List<Candidate> list, long now) {
        int n = list.size();
        if (n <= 1) {
            return new ArrayList<>(list);
        }
        RandomGenerator rnd = random.get();
        Keyed[] keyed = new Keyed[n];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            Candidate c = list.get(i);
            keyed[i] = new Keyed(Math.log(u == 0 ? Double.MIN_VALUE : u) / weight(c, now), c);
        }
        java.util.Arrays.sort(keyed);
        List<Candidate> out = new ArrayList<>(n);
        for (Keyed k : keyed) {
            out.add(k.candidate);
        }
        return out;
    }

    /** A candidate with its sampling key; sorts largest key first. */
    private record Keyed(double key, Candidate candidate) implements Comparable<Keyed> {
        @Override
        public int compareTo(Keyed o) {
            return Double.compare(o.key, key);
        }
    }

    /** The default-order weight of a candidate; see the class comment. */
    static double weight(Candidate c, long now) {
        double price = c.blendedPricePicos() + PRICE_FLOOR_PICOS;
        double healthy = 1 - c.health().errorRate();
        double health = Math.max(0.01, healthy * healthy)
                * (c.health().state(now) == BreakerState.HALF_OPEN ? 0.1 : 1);
        return c.weight() * health / (price * price);
    }

    private static List<Candidate> softPreferences(List<Candidate> list, ProviderPreferences prefs) {
        if (prefs.preferredMinThroughput() <= 0 && prefs.preferredMaxLatencySeconds() <= 0) {
            return list;
        }
        double minThroughput = prefs.preferredMinThroughput();
        double maxLatencyMillis = prefs.preferredMaxLatencySeconds() * 1000;
        Predicate<Candidate> misses = c -> {
            double tput = c.health().throughput();
            double ttft = c.health().ttftMillis();
            return (minThroughput > 0 && tput >= 0 && tput < minThroughput)
                    || (maxLatencyMillis > 0 && ttft >= 0 && ttft > maxLatencyMillis);
        };
        List<Candidate> good = new ArrayList<>();
        List<Candidate> late = new ArrayList<>();
        for (Candidate c : list) {
            (misses.test(c) ? late : good).add(c);
        }
        good.addAll(late);
        return good;
    }

    /** Records that a session was served by a candidate, for stickiness (without waiting for a shared table). */
    public void served(String sessionKey, String modelId, Candidate candidate) {
        if (!sessionKey.isEmpty()) {
            sticky.remember(sessionKey, modelId, candidate.key());
        }
    }
}
