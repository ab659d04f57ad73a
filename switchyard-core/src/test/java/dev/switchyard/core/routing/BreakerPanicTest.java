package dev.switchyard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.FakeTicker;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.WireProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The planner's panic rule (decision 0009) and the hedge threshold, on a fake clock. */
class BreakerPanicTest {

    private static final String CATALOG = """
            providers:
              a: {base_url: "http://a/v1", api_key: k}
              b: {base_url: "http://b/v1", api_key: k}
              c: {base_url: "http://c/v1", api_key: k}
              d: {base_url: "http://d/v1", api_key: k}
            models:
              v/four:
                endpoints:
                  - {provider: a, upstream_model: m, pricing: {prompt: "1", completion: "1"}}
                  - {provider: b, upstream_model: m, pricing: {prompt: "1", completion: "1"}}
                  - {provider: c, upstream_model: m, pricing: {prompt: "1", completion: "1"}}
                  - {provider: d, upstream_model: m, pricing: {prompt: "1", completion: "1"}}
              v/solo:
                endpoints:
                  - {provider: a, upstream_model: s, pricing: {prompt: "1", completion: "1"}}
            """;

    private final FakeTicker ticker = new FakeTicker();
    private final Catalog catalog = new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml(CATALOG));

    private RoutePlanner planner(HealthRegistry health) {
        return new RoutePlanner(catalog, RoutingPolicy.NONE, health, Set.of(WireProtocol.OPENAI_CHAT),
                new StickySessions(ticker, Duration.ofMinutes(10).toNanos(), 1000), () -> new SplittableRandom(7));
    }

    private RoutePlan plan(RoutePlanner planner, String model) {
        ModelSpec m = catalog.model(model).orElseThrow();
        return planner.plan(List.of(m), Variant.NONE, RoutingControls.NONE);
    }

    private static HealthRegistry registry(HealthConfig.Builder b) {
        return new HealthRegistry(b.failureThreshold(1).openDuration(Duration.ofSeconds(30)).build(),
                new FakeTicker());
    }

    private void open(HealthRegistry health, String... keys) {
        for (String k : keys) {
            health.of(k).onFailure();
            ticker.advance(Duration.ofMillis(1));
        }
    }

    private static List<String> keys(RoutePlan p) {
        return p.candidates().stream().map(Candidate::key).toList();
    }

    @Test
    void aLoneEndpointWithAnOpenBreakerIsStillTriedAsAProbe() {
        HealthRegistry health = new HealthRegistry(HealthConfig.builder().failureThreshold(1).build(), ticker);
        health.of("a/s").onFailure();
        RoutePlan p = plan(planner(health), "v/solo");
        assertThat(keys(p)).containsExactly("a/s");
        assertThat(p.probes()).containsExactly("a/s");
        assertThat(p.exclusions()).isEmpty();
    }

    @Test
    void atMostHalfTheCandidatesAreEjectedByDefaultAndTheOldestOpenedAreKeptLast() {
        HealthRegistry health = new HealthRegistry(HealthConfig.builder().failureThreshold(1).build(), ticker);
        open(health, "a/m", "b/m", "c/m"); // a opened first
        RoutePlan p = plan(planner(health), "v/four");
        assertThat(keys(p)).containsExactly("d/m", "a/m");
        assertThat(p.probes()).containsExactly("a/m");
        assertThat(p.exclusions()).extracting(Exclusion::reason).containsOnly("circuit_open");
    }

    @Test
    void withEveryCandidateOpenOneStillGoesThrough() {
        HealthRegistry health = new HealthRegistry(HealthConfig.builder().failureThreshold(1).maxEjectionPercent(100)
                .build(), ticker);
        open(health, "b/m", "a/m", "c/m", "d/m");
        RoutePlan p = plan(planner(health), "v/four");
        assertThat(keys(p)).containsExactly("b/m");
        assertThat(p.isProbe(p.candidates().get(0))).isTrue();
    }

    @Test
    void failFastLetsBreakersRemoveEverything() {
        HealthRegistry health = new HealthRegistry(HealthConfig.builder().failureThreshold(1).failFast(true).build(),
                ticker);
        health.of("a/s").onFailure();
        RoutePlan p = plan(planner(health), "v/solo");
        assertThat(p.candidates()).isEmpty();
        assertThat(p.exclusions()).extracting(Exclusion::reason).containsExactly("circuit_open");
    }

    @Test
    void aProbeTakenByPanicHalfOpensTheBreakerAndItsOutcomeDecides() {
        HealthRegistry health = new HealthRegistry(HealthConfig.builder().failureThreshold(1).build(), ticker);
        EndpointHealth h = health.of("a/s");
        h.onFailure();
        h.acquireProbe();
        assertThat(h.state()).isEqualTo(BreakerState.HALF_OPEN);
        h.onSuccess(10, 5, -1);
        assertThat(h.state()).isEqualTo(BreakerState.CLOSED);
        h.onFailure();
        h.acquireProbe();
        h.onFailure();
        assertThat(h.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void theHedgeThresholdIsTheEndpointsObservedPercentileOnceItHasEnoughSamples() {
        HealthRegistry health = registry(HealthConfig.builder());
        EndpointHealth h = health.of("a/m");
        HedgePolicy policy = new HedgePolicy(1, Duration.ofMillis(700), 90, 10);
        assertThat(policy.threshold(h)).contains(Duration.ofMillis(700));
        for (int i = 0; i < 100; i++) {
            h.onSuccess(100, i < 90 ? 50 : 2000, -1);
        }
        Duration t = policy.threshold(h).orElseThrow();
        assertThat(t.toMillis()).isBetween(40L, 70L); // p90 of 50 ms, within a histogram bucket
        assertThat(HedgePolicy.OFF.enabled()).isFalse();
        assertThat(HedgePolicy.OFF.threshold(h)).isEmpty();
    }
}
