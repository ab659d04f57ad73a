package dev.switchyard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.FakeTicker;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every filter and every ordering of the planner, on a fake clock and seeded randomness. */
class RoutePlannerTest {

    static final String CATALOG = """
            providers:
              cheap:  {base_url: "http://c/v1", api_key: k, data_policy: {trains_on_prompts: true, retains_prompts: true}}
              mid:    {base_url: "http://m/v1", api_keys: [{key: k1, weight: 1}, {key: k2, weight: 3}],
                       data_policy: {retains_prompts: false, zero_data_retention: true}}
              pricey: {base_url: "http://p/v1", api_key: k, data_policy: {retains_prompts: true}}
              offline: {base_url: "http://o/v1", api_key_env: NOT_SET_ANYWHERE}
            models:
              v/m:
                context_length: 10000
                max_output_tokens: 1000
                supported_parameters: [temperature, tools, max_tokens]
                endpoints:
                  - {provider: cheap,  upstream_model: m, quantization: fp8,  pricing: {prompt: "1", completion: "1"}}
                  - {provider: mid,    upstream_model: m, quantization: bf16, pricing: {prompt: "2", completion: "2"},
                     context_length: 5000}
                  - {provider: pricey, upstream_model: m, quantization: bf16, pricing: {prompt: "4", completion: "4"},
                     max_output_tokens: 500}
                  - {provider: offline, upstream_model: m, pricing: {prompt: "0", completion: "0"}}
              v/other:
                supported_parameters: [temperature]
                endpoints:
                  - {provider: cheap,  upstream_model: o, pricing: {prompt: "0", completion: "0"}}
                  - {provider: pricey, upstream_model: o, pricing: {prompt: "3", completion: "3"}}
              v/weights:
                endpoints:
                  - {provider: cheap,  upstream_model: w, pricing: {prompt: "1", completion: "1"}, weight: 1}
                  - {provider: pricey, upstream_model: w, pricing: {prompt: "1", completion: "1"}, weight: 3}
            """;

    private final FakeTicker ticker = new FakeTicker();
    private Catalog catalog;
    private HealthRegistry health;
    private RoutePlanner planner;
    private SplittableRandom random;

    @BeforeEach
    void setUp() {
        catalog = new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml(CATALOG));
        health = new HealthRegistry(HealthConfig.builder().failureThreshold(2).build(), ticker);
        random = new SplittableRandom(42);
        planner = planner(RoutingPolicy.NONE);
    }

    private RoutePlanner planner(RoutingPolicy policy) {
        return new RoutePlanner(catalog, policy, health, Set.of(WireProtocol.OPENAI_CHAT),
                new LocalStickySessions(ticker, Duration.ofMinutes(10).toNanos(), 1000), () -> random);
    }

    private ModelSpec model(String id) {
        return catalog.model(id).orElseThrow();
    }

    private static ProviderPreferences prefs(String json) {
        try {
            return ProviderPreferences.fromJson(new ObjectMapper().readTree(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RoutingControls controls(String prefsJson) {
        return new RoutingControls(List.of(), prefs(prefsJson), "", Set.of(), false, 0, 0);
    }

    private RoutePlan plan(String prefsJson) {
        return planner.plan(List.of(model("v/m")), Variant.NONE, controls(prefsJson));
    }

    private static List<String> keys(RoutePlan plan) {
        return plan.candidates().stream().map(Candidate::key).toList();
    }

    private static Map<String, String> reasons(RoutePlan plan) {
        Map<String, String> out = new HashMap<>();
        plan.exclusions().forEach(e -> out.put(e.candidate(), e.reason()));
        return out;
    }

    // ---- filters --------------------------------------------------------------------------------------------------

    @Test
    void disabledProvidersAreExcludedAndEveryKeyIsACandidate() {
        RoutePlan p = plan("{}");
        assertThat(keys(p)).containsExactlyInAnyOrder("cheap/m", "mid/m", "mid/m#1", "pricey/m");
        assertThat(reasons(p)).containsEntry("offline/m", "provider_disabled");
    }

    @Test
    void onlyAndIgnore() {
        assertThat(keys(plan("{\"only\": [\"mid\"]}"))).containsExactlyInAnyOrder("mid/m", "mid/m#1");
        assertThat(reasons(plan("{\"only\": [\"mid\"]}"))).containsEntry("cheap/m", "allowed_providers");
        assertThat(keys(plan("{\"ignore\": [\"mid\", \"cheap\"]}"))).containsExactly("pricey/m");
        assertThat(keys(plan("{\"only\": [\"pricey/m\"]}"))).containsExactly("pricey/m");
    }

    @Test
    void maxPriceIsPerMillionTokens() {
        RoutePlan p = plan("{\"max_price\": {\"prompt\": 2, \"completion\": \"2.0\"}}");
        assertThat(keys(p)).containsExactlyInAnyOrder("cheap/m", "mid/m", "mid/m#1");
        assertThat(reasons(p)).containsEntry("pricey/m", "max_price");
    }

    @Test
    void requireParametersChecksEveryRequestedParameter() {
        RoutingControls wantsSeed = new RoutingControls(List.of(), prefs("{\"require_parameters\": true}"), "",
                Set.of("model", "messages", "temperature", "seed"), false, 0, 0);
        RoutePlan p = planner.plan(List.of(model("v/m")), Variant.NONE, wantsSeed);
        assertThat(p.candidates()).isEmpty();
        assertThat(p.exclusions()).filteredOn(e -> !e.candidate().equals("offline/m"))
                .allMatch(e -> e.reason().equals("require_parameters"));
        RoutingControls withoutRequire = new RoutingControls(List.of(), ProviderPreferences.NONE, "",
                Set.of("temperature", "seed"), false, 0, 0);
        assertThat(planner.plan(List.of(model("v/m")), Variant.NONE, withoutRequire).candidates()).hasSize(4);
    }

    @Test
    void toolsAreASoftFilterEvenWithoutRequireParameters() {
        RoutingControls tools = new RoutingControls(List.of(), ProviderPreferences.NONE, "", Set.of("tools"), true, 0,
                0);
        assertThat(planner.plan(List.of(model("v/other")), Variant.NONE, tools).exclusions())
                .extracting(Exclusion::reason).containsOnly("tools");
        assertThat(planner.plan(List.of(model("v/m")), Variant.NONE, tools).candidates()).hasSize(4);
    }

    @Test
    void dataPolicies() {
        RoutePlan deny = plan("{\"data_collection\": \"deny\"}");
        assertThat(keys(deny)).containsExactlyInAnyOrder("mid/m", "mid/m#1");
        assertThat(reasons(deny)).containsEntry("cheap/m", "data_policy:training")
                .containsEntry("pricey/m", "data_policy:training");
        RoutePlan zdr = plan("{\"zdr\": true}");
        assertThat(keys(zdr)).containsExactlyInAnyOrder("mid/m", "mid/m#1");
        assertThat(reasons(zdr)).containsEntry("cheap/m", "data_policy:zdr");
    }

    @Test
    void quantizations() {
        RoutePlan p = plan("{\"quantizations\": [\"fp8\"]}");
        assertThat(keys(p)).containsExactly("cheap/m");
        assertThat(reasons(p)).containsEntry("pricey/m", "quantization");
    }

    @Test
    void contextLengthAndOutputCap() {
        RoutingControls big = new RoutingControls(List.of(), ProviderPreferences.NONE, "", Set.of(), false, 800, 4500);
        RoutePlan p = planner.plan(List.of(model("v/m")), Variant.NONE, big);
        assertThat(keys(p)).containsExactly("cheap/m");
        assertThat(reasons(p)).containsEntry("mid/m", "context_length").containsEntry("pricey/m", "max_output");
    }

    @Test
    void freeVariantKeepsOnlyFreeEndpoints() {
        RoutePlan p = planner.plan(List.of(model("v/other")), Variant.FREE, RoutingControls.NONE);
        assertThat(keys(p)).containsExactly("cheap/o");
        assertThat(reasons(p)).containsEntry("pricey/o", "free_variant");
    }

    @Test
    void unhealthyEndpointsAreExcludedUntilTheyRecover() {
        health.of("cheap/m").onRateLimited(10);
        health.of("pricey/m").onFailure();
        health.of("pricey/m").onFailure();
        RoutePlan p = plan("{}");
        assertThat(reasons(p)).containsEntry("cheap/m", "cooldown").containsEntry("pricey/m", "circuit_open");
        ticker.advance(Duration.ofSeconds(30));
        assertThat(keys(plan("{}"))).contains("cheap/m", "pricey/m");
    }

    @Test
    void everythingExcludedGivesAStructuredExplanation() {
        RoutePlan filtered = plan("{\"only\": [\"nobody\"]}");
        GatewayError e = Availability.error(List.of(model("v/m")), filtered, List.of(), 1);
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.code()).contains("constraint_filtered");
        @SuppressWarnings("unchecked")
        Map<String, Object> availability = (Map<String, Object>) e.details().get("availability");
        assertThat(availability.get("excluded_by")).asList().containsExactlyInAnyOrder("allowed_providers",
                "provider_disabled");
        assertThat(availability.get("exclusions")).asList().hasSize(5);
        assertThat(availability.get("requested_models")).asList().containsExactly("v/m");

        for (String k : List.of("cheap/m", "mid/m", "mid/m#1", "pricey/m")) {
            health.of(k).onRateLimited(4);
        }
        GatewayError temporary = Availability.error(List.of(model("v/m")), plan("{}"), List.of(), 4);
        assertThat(temporary.status()).isEqualTo(503);
        assertThat(temporary.code()).contains("temporarily_unavailable");
        assertThat(temporary.retryAfterSeconds()).contains(4L);
    }

    // ---- ordering -------------------------------------------------------------------------------------------------

    @Test
    void explicitOrderComesFirstThenTheRest() {
        List<String> k = keys(plan("{\"order\": [\"pricey\", \"mid\"]}"));
        assertThat(k.subList(0, 3)).startsWith("pricey/m").containsExactlyInAnyOrder("pricey/m", "mid/m", "mid/m#1");
        assertThat(k.get(3)).isEqualTo("cheap/m");
        assertThat(keys(plan("{\"order\": [\"pricey\"], \"allow_fallbacks\": false}"))).containsExactly("pricey/m");
    }

    @Test
    void allowFallbacksFalseWithoutOrderKeepsOnlyTheFirstChoice() {
        assertThat(keys(plan("{\"allow_fallbacks\": false}"))).hasSize(1);
    }

    @Test
    void sortByPriceVersusLatencyVersusThroughput() {
        health.of("cheap/m").onSuccess(3000, 900, 20);
        health.of("mid/m").onSuccess(1000, 300, 60);
        health.of("mid/m#1").onSuccess(1200, 400, 50);
        health.of("pricey/m").onSuccess(500, 100, 120);
        assertThat(keys(plan("{\"sort\": \"price\"}")).get(0)).isEqualTo("cheap/m");
        assertThat(keys(plan("{\"sort\": \"price\"}")).get(3)).isEqualTo("pricey/m");
        assertThat(keys(plan("{\"sort\": \"latency\"}"))).containsExactly("pricey/m", "mid/m", "mid/m#1", "cheap/m");
        assertThat(keys(plan("{\"sort\": \"throughput\"}"))).containsExactly("pricey/m", "mid/m", "mid/m#1",
                "cheap/m");
        assertThat(keys(planner.plan(List.of(model("v/m")), Variant.FLOOR, RoutingControls.NONE)).get(0))
                .isEqualTo("cheap/m");
        assertThat(keys(planner.plan(List.of(model("v/m")), Variant.NITRO, RoutingControls.NONE)).get(0))
                .isEqualTo("pricey/m");
    }

    @Test
    void unmeasuredEndpointsSortAfterMeasuredOnes() {
        health.of("pricey/m").onSuccess(500, 100, 120);
        assertThat(keys(plan("{\"sort\": \"latency\"}")).get(0)).isEqualTo("pricey/m");
        assertThat(keys(plan("{\"sort\": \"latency\"}")).get(1)).isEqualTo("cheap/m"); // then by price
    }

    @Test
    void softPreferencesDeprioritiseButNeverExclude() {
        health.of("cheap/m").onSuccess(3000, 2500, 10);
        List<String> k = keys(plan("{\"sort\": \"price\", \"preferred_max_latency\": 1}"));
        assertThat(k).hasSize(4);
        assertThat(k.get(3)).isEqualTo("cheap/m");
        k = keys(plan("{\"sort\": \"price\", \"preferred_min_throughput\": 50}"));
        assertThat(k.get(3)).isEqualTo("cheap/m");
    }

    @Test
    void fallbackModelsFollowUnlessSortedTogether() {
        RoutingControls ctl = controls("{\"sort\": \"price\"}");
        List<String> byModel = keys(planner.plan(List.of(model("v/m"), model("v/other")), Variant.NONE, ctl));
        assertThat(byModel).containsExactly("cheap/m", "mid/m#1", "mid/m", "pricey/m", "cheap/o", "pricey/o"); // equal price: heavier key first
        RoutingControls together = controls("{\"sort\": {\"by\": \"price\", \"partition\": \"none\"}}");
        List<String> merged = keys(planner.plan(List.of(model("v/m"), model("v/other")), Variant.NONE, together));
        assertThat(merged.get(0)).isEqualTo("cheap/o");
    }

    @Test
    void stickySessionReturnsToItsEndpointWhileHealthy() {
        RoutingControls session = new RoutingControls(List.of(), ProviderPreferences.NONE, "conv-1", Set.of(), false,
                0, 0);
        Candidate pricey = planner.candidatesOf(model("v/m")).stream().filter(c -> c.key().equals("pricey/m"))
                .findFirst().orElseThrow();
        planner.served("conv-1", "v/m", pricey);
        for (int i = 0; i < 50; i++) {
            assertThat(keys(planner.plan(List.of(model("v/m")), Variant.NONE, session)).get(0)).isEqualTo("pricey/m");
        }
        health.of("pricey/m").onRateLimited(5);
        assertThat(keys(planner.plan(List.of(model("v/m")), Variant.NONE, session))).doesNotContain("pricey/m");
        ticker.advance(Duration.ofMinutes(11));
        int first = 0;
        for (int i = 0; i < 200; i++) {
            if (keys(planner.plan(List.of(model("v/m")), Variant.NONE, session)).get(0).equals("pricey/m")) {
                first++;
            }
        }
        assertThat(first).as("stickiness expired after 10 idle minutes").isLessThan(50);
    }

    @Test
    void operatorDefaultsApplyAndRequestsCannotWidenThem() {
        planner = planner(new RoutingPolicy(prefs("{\"ignore\": [\"cheap\"]}"),
                Map.of("v/m", prefs("{\"data_collection\": \"deny\"}"))));
        assertThat(keys(plan("{}"))).containsExactlyInAnyOrder("mid/m", "mid/m#1");
        assertThat(keys(plan("{\"only\": [\"cheap\", \"mid\"], \"data_collection\": \"allow\"}")))
                .containsExactlyInAnyOrder("mid/m", "mid/m#1");
        assertThat(keys(planner.plan(List.of(model("v/other")), Variant.NONE, RoutingControls.NONE)))
                .containsExactly("pricey/o");
    }

    /** How many of {@code n} decisions put {@code key} first. */
    private int firstChoices(String modelId, RoutingControls controls, String key, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (keys(planner.plan(List.of(model(modelId)), Variant.NONE, controls)).get(0).equals(key)) {
                count++;
            }
        }
        return count;
    }

    // ---- weights --------------------------------------------------------------------------------------------------

    @Test
    void defaultOrderFavoursCheapEndpointsByTheInverseSquareOfPrice() {
        // cheap: 2 $/M blended, pricey: 6 $/M ... restrict to those two with equal weights
        int n = 10_000;
        int cheapFirst = firstChoices("v/m", controls("{\"only\": [\"cheap\", \"pricey\"]}"), "cheap/m", n);
        double pc = 1.0 / Math.pow(2_000_000 + 1000, 2);
        double pp = 1.0 / Math.pow(8_000_000 + 1000, 2);
        double expected = pc / (pc + pp); // about 0.941
        double sigma = Math.sqrt(n * expected * (1 - expected));
        assertThat((double) cheapFirst).isBetween(n * expected - 4 * sigma, n * expected + 4 * sigma);
    }

    @Test
    void configuredWeightsAreHonouredWithinStatisticalBounds() {
        int n = 10_000;
        int heavyFirst = firstChoices("v/weights", RoutingControls.NONE, "pricey/w", n);
        double expected = 0.75;
        double sigma = Math.sqrt(n * expected * (1 - expected)); // about 43
        assertThat((double) heavyFirst).isBetween(n * expected - 4 * sigma, n * expected + 4 * sigma);

        int keyTwoFirst = firstChoices("v/m", controls("{\"only\": [\"mid\"]}"), "mid/m#1", n);
        assertThat((double) keyTwoFirst).as("the key weighted 3 against 1").isBetween(n * 0.75 - 4 * sigma,
                n * 0.75 + 4 * sigma);
    }

    @Test
    void unhealthyEndpointsGetLessTraffic() {
        for (int i = 0; i < 1; i++) {
            health.of("pricey/w").onFailure();
        }
        // error rate 0.2 => weight 3 * 0.64 = 1.92 against 1
        int n = 10_000;
        int heavyFirst = firstChoices("v/weights", RoutingControls.NONE, "pricey/w", n);
        double expected = 1.92 / 2.92;
        double sigma = Math.sqrt(n * expected * (1 - expected));
        assertThat((double) heavyFirst).isBetween(n * expected - 4 * sigma, n * expected + 4 * sigma);
    }
}
