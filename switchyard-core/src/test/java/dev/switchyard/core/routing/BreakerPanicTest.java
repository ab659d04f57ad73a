package dev.switchyard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.FakeTicker;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.Cancellation;
import dev.switchyard.core.pipeline.Deadlines;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The breaker rule (decision 0009): what counts, the planner's panic rule; and the hedge threshold. */
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
                new LocalStickySessions(ticker, Duration.ofMinutes(10).toNanos(), 1000), () -> new SplittableRandom(7));
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

    private static UpstreamFailure failure(String errorClass, int status, boolean retryable) {
        return new UpstreamFailure(GatewayError.builder(ErrorKind.UPSTREAM, "x").build(), errorClass, retryable,
                status);
    }

    @Test
    void onlyFailuresThatSpeakOfTheProvidersHealthCount() {
        HealthRegistry health = new HealthRegistry(HealthConfig.DEFAULT, ticker);
        Candidate c = planner(health).candidatesOf(catalog.model("v/solo").orElseThrow()).get(0);
        Deadlines operator = Deadlines.DEFAULT;
        Attempt plain = new Attempt(1, c, operator, 0);
        Attempt tightened = new Attempt(1, c, operator.narrowedTo(1, 1), 0, operator, false, new Cancellation());
        Attempt lateInBudget = new Attempt(2, c, operator.carved(Duration.ofMillis(5)), 0, operator, false,
                new Cancellation());

        assertThat(HealthTracking.isEndpointFault(failure("connect", 0, true), plain)).isTrue();
        assertThat(HealthTracking.isEndpointFault(failure("http_503", 503, true), plain)).isTrue();
        assertThat(HealthTracking.isEndpointFault(failure("http_401", 401, true), plain)).isTrue();
        assertThat(HealthTracking.isEndpointFault(failure("stream_cut", 0, false), plain)).isTrue();
        assertThat(HealthTracking.isEndpointFault(failure("timeout_first_byte", 0, true), plain)).isTrue();
        assertThat(HealthTracking.isEndpointFault(failure("timeout_idle", 0, true), plain)).isTrue();

        assertThat(HealthTracking.isEndpointFault(failure("timeout_first_byte", 0, true), tightened)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("timeout_total", 0, true), tightened)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("timeout_first_byte", 0, true), lateInBudget)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("timeout_request", 0, false), plain)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("http_404", 404, true), plain)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("http_400", 400, false), plain)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("http_422", 422, false), plain)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("client_closed", 0, false), plain)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("hedge_lost", 0, false), plain)).isFalse();
        assertThat(HealthTracking.isEndpointFault(failure("provider_error_in_stream", 0, false), plain)).isFalse();
    }

    @Test
    void aServerErrorCountsUnlessSeveralProvidersRefusedTheSameRequestAndNoneServedIt() {
        HealthRegistry health = new HealthRegistry(HealthConfig.builder().failureThreshold(1).build(), ticker);
        List<Candidate> four = planner(health).candidatesOf(catalog.model("v/four").orElseThrow());
        Attempt a = new Attempt(1, four.get(0), Deadlines.DEFAULT, 0);
        Attempt b = new Attempt(2, four.get(1), Deadlines.DEFAULT, 0);
        UpstreamFailure e500 = failure("http_500", 500, true);

        HealthTracking.settle(List.of(a, b), List.of(e500, e500), false);
        assertThat(a.candidate().health().state()).as("the request, likelier").isEqualTo(BreakerState.CLOSED);
        assertThat(b.candidate().health().state()).isEqualTo(BreakerState.CLOSED);

        HealthTracking.settle(List.of(a, b), List.of(e500, e500), true);
        assertThat(a.candidate().health().state()).as("another served it").isEqualTo(BreakerState.OPEN);
        assertThat(b.candidate().health().state()).isEqualTo(BreakerState.OPEN);

        Attempt c = new Attempt(3, four.get(2), Deadlines.DEFAULT, 0);
        HealthTracking.settle(List.of(c), List.of(e500), false);
        assertThat(c.candidate().health().state()).as("the only provider asked").isEqualTo(BreakerState.OPEN);
    }
}
