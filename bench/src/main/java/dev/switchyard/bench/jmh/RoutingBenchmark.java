package dev.switchyard.bench.jmh;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.HealthRegistry;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RoutePlan;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.routing.RoutingControls;
import dev.switchyard.core.routing.RoutingPolicy;
import dev.switchyard.core.routing.Sort;
import dev.switchyard.core.routing.LocalStickySessions;
import dev.switchyard.core.routing.Variant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision over a model with many endpoints (10 providers × endpoints/10 keys each), with health
 * measured on every endpoint: the default weighted-random order, a price sort, and a filtered request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {

    @Param({"50"})
    public int endpoints;

    private RoutePlanner planner;
    private List<ModelSpec> models;
    private RoutingControls defaults;
    private RoutingControls sorted;
    private RoutingControls filtered;

    @Setup
    public void setUp() {
        StringBuilder yaml = new StringBuilder("providers:\n");
        int providers = 10;
        for (int p = 0; p < providers; p++) {
            yaml.append("  p").append(p).append(": {base_url: \"http://127.0.0.1:1/v1\", api_keys: [");
            for (int k = 0; k < endpoints / providers; k++) {
                yaml.append(k == 0 ? "" : ", ").append("key").append(k);
            }
            yaml.append("], data_policy: {retains_prompts: ").append(p % 2 == 0).append("}}\n");
        }
        yaml.append("models:\n  bench/m:\n    supported_parameters: [temperature, tools]\n    endpoints:\n");
        for (int p = 0; p < providers; p++) {
            yaml.append("      - {provider: p").append(p).append(", upstream_model: m, pricing: {prompt: \"")
                    .append(1 + p).append("\", completion: \"").append(2 + p).append("\"}}\n");
        }
        Catalog catalog = new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml(yaml.toString()));
        HealthRegistry health = new HealthRegistry(HealthConfig.DEFAULT, Ticker.system());
        planner = new RoutePlanner(catalog, RoutingPolicy.NONE, health, Set.of(WireProtocol.OPENAI_CHAT),
                new LocalStickySessions(Ticker.system(), TimeUnit.MINUTES.toNanos(10), 100_000), ThreadLocalRandom::current);
        ModelSpec m = catalog.model("bench/m").orElseThrow();
        models = List.of(m);
        planner.candidatesOf(m).forEach(c -> c.health().onSuccess(800, 200, 60));
        if (planner.candidatesOf(m).size() != endpoints) {
            throw new IllegalStateException("expected " + endpoints + " candidates");
        }
        defaults = new RoutingControls(List.of(), ProviderPreferences.NONE, "", Set.of("temperature"), false, 1000,
                2000);
        sorted = new RoutingControls(List.of(), ProviderPreferences.NONE.withSort(Sort.PRICE), "", Set.of(), false, 0,
                0);
        ProviderPreferences deny = new ProviderPreferences(List.of(), true, true, true, false,
                java.util.Optional.empty(), Set.of("p9"), java.util.Optional.empty(), Sort.NONE, false,
                Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0, 0);
        filtered = new RoutingControls(List.of(), deny, "", Set.of("temperature"), false, 0, 0);
    }

    @Benchmark
    public RoutePlan defaultWeightedRandom() {
        return planner.plan(models, Variant.NONE, defaults);
    }

    @Benchmark
    public RoutePlan sortByPrice() {
        return planner.plan(models, Variant.NONE, sorted);
    }

    @Benchmark
    public RoutePlan filteredDenyDataCollection() {
        return planner.plan(models, Variant.NONE, filtered);
    }
}
