package dev.switchyard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.error.GatewayError;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolicyTest {

    private static ProviderPreferences prefs(String json) throws Exception {
        return ProviderPreferences.fromJson(new ObjectMapper().readTree(json));
    }

    @Test
    void parsesOpenRouterProviderObject() throws Exception {
        ProviderPreferences p = prefs("""
                {"order": ["DeepSeek", "siliconflow"], "allow_fallbacks": false, "require_parameters": true,
                 "data_collection": "deny", "zdr": true, "only": ["a"], "ignore": ["b"], "quantizations": ["fp8"],
                 "sort": {"by": "latency", "partition": "none"}, "max_price": {"prompt": 1, "completion": "2.5"},
                 "preferred_min_throughput": {"p50": 40}, "preferred_max_latency": 1.5, "unknown_future_field": 1}""");
        assertThat(p.order()).containsExactly("deepseek", "siliconflow");
        assertThat(p.allowFallbacks()).isFalse();
        assertThat(p.requireParameters()).isTrue();
        assertThat(p.denyDataCollection()).isTrue();
        assertThat(p.zdr()).isTrue();
        assertThat(p.only()).contains(Set.of("a"));
        assertThat(p.ignore()).containsExactly("b");
        assertThat(p.quantizations()).contains(Set.of("fp8"));
        assertThat(p.sort()).isEqualTo(Sort.LATENCY);
        assertThat(p.sortAcrossModels()).isTrue();
        assertThat(p.maxPromptPicos()).isEqualTo(1_000_000);
        assertThat(p.maxCompletionPicos()).isEqualTo(2_500_000);
        assertThat(p.maxRequestPicos()).isEqualTo(Long.MAX_VALUE);
        assertThat(p.preferredMinThroughput()).isEqualTo(40);
        assertThat(p.preferredMaxLatencySeconds()).isEqualTo(1.5);
        assertThat(prefs("{\"sort\": \"price\"}").sort()).isEqualTo(Sort.PRICE);
        assertThat(ProviderPreferences.fromJson(null)).isEqualTo(ProviderPreferences.NONE);
    }

    @Test
    void badPreferencesAre400NamingTheField() {
        for (String[] bad : new String[][] {
                {"{\"sort\": \"fastest\"}", "provider.sort"},
                {"{\"only\": \"a\"}", "provider.only"},
                {"{\"allow_fallbacks\": \"no\"}", "provider.allow_fallbacks"},
                {"{\"data_collection\": \"maybe\"}", "provider.data_collection"},
                {"{\"max_price\": {\"prompt\": \"-1\"}}", "provider.max_price.prompt"},
                {"{\"preferred_max_latency\": \"x\"}", "provider.preferred_max_latency"}}) {
            assertThatThrownBy(() -> prefs(bad[0])).as(bad[0]).isInstanceOfSatisfying(GatewayError.class,
                    e -> assertThat(e.param()).contains(bad[1]));
        }
    }

    @Test
    void layersNarrowAndNeverWiden() throws Exception {
        ProviderPreferences operator = prefs("""
                {"only": ["a", "b", "c"], "ignore": ["x"], "data_collection": "deny", "max_price": {"prompt": 5},
                 "quantizations": ["fp8", "bf16"], "sort": "price"}""");
        ProviderPreferences request = prefs("""
                {"only": ["b", "c", "d"], "ignore": ["y"], "data_collection": "allow", "max_price": {"prompt": 9,
                 "completion": 3}, "allow_fallbacks": false, "quantizations": ["fp4"], "sort": "latency",
                 "order": ["c"]}""");
        ProviderPreferences p = PolicyMerge.narrow(operator, request);
        assertThat(p.only()).contains(Set.of("b", "c"));
        assertThat(p.ignore()).containsExactlyInAnyOrder("x", "y");
        assertThat(p.denyDataCollection()).as("a request cannot re-allow data collection").isTrue();
        assertThat(p.maxPromptPicos()).as("a request cannot raise the operator's cap").isEqualTo(5_000_000);
        assertThat(p.maxCompletionPicos()).isEqualTo(3_000_000);
        assertThat(p.allowFallbacks()).isFalse();
        assertThat(p.quantizations()).contains(Set.of());
        assertThat(p.sort()).isEqualTo(Sort.LATENCY);
        assertThat(p.order()).containsExactly("c");

        ProviderPreferences silent = PolicyMerge.narrow(operator, ProviderPreferences.NONE);
        assertThat(silent).isEqualTo(operator);
        assertThat(PolicyMerge.narrowAll(List.of(ProviderPreferences.NONE, operator, ProviderPreferences.NONE)))
                .isEqualTo(operator);
    }

    @Test
    void variantsSplitFromTheModel() {
        assertThat(Variant.parse("deepseek/deepseek-flash:floor")).isEqualTo(
                new Variant.Parsed("deepseek/deepseek-flash", Variant.FLOOR));
        assertThat(Variant.parse("a/b:nitro").variant()).isEqualTo(Variant.NITRO);
        assertThat(Variant.parse("a/b:free").variant()).isEqualTo(Variant.FREE);
        assertThat(Variant.parse("qwen3.6:35b-a3b")).isEqualTo(new Variant.Parsed("qwen3.6:35b-a3b", Variant.NONE));
    }

    @Test
    void backoffIsJitteredWithinTheCappedExponential() {
        RetryPolicy r = new RetryPolicy(5, 4, Duration.ofMillis(100), Duration.ofMillis(250));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(r.backoff(2, random).toMillis()).isBetween(0L, 100L);
            assertThat(r.backoff(3, random).toMillis()).isBetween(0L, 200L);
            assertThat(r.backoff(9, random).toMillis()).isBetween(0L, 250L);
        }
    }
}
