package dev.switchyard.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

    @Test
    void bundledCatalogCoversTheMainVendorsWithCompleteMetadata() {
        Catalog c = new CatalogLoader(Map.of()).loadBundled();
        assertThat(c.models()).extracting(ModelSpec::vendor)
                .contains("deepseek", "qwen", "moonshotai", "z-ai", "minimax", "openai", "stepfun", "anthropic", "google");
        assertThat(c.providers()).extracting(ProviderSpec::id)
                .contains("deepseek", "dashscope", "moonshot", "zai", "minimax", "openai", "anthropic", "google", "vllm", "ollama",
                        "llamacpp");
        for (ModelSpec m : c.models()) {
            assertThat(m.origin()).as(m.id()).isNotEmpty();
            assertThat(m.contextLength()).as(m.id()).isPositive();
            assertThat(m.endpoints()).as(m.id()).isNotEmpty();
            assertThat(m.supportedParameters()).as(m.id()).isNotEmpty();
            m.endpoints().forEach(e -> assertThat(e.pricing().asOf()).as(e.tag()).isNotEmpty());
        }
        // no keys in this environment: every hosted provider is disabled, local ones are off by default
        assertThat(c.providers()).noneMatch(ProviderSpec::enabled);
    }

    @Test
    void bundledCatalogIsBroadAndEveryPriceIsDatedAndSourced() {
        Catalog c = new CatalogLoader(Map.of()).loadBundled();
        assertThat(c.models()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(c.models()).extracting(ModelSpec::id).contains("nvidia/nemotron-3-super-120b-a12b",
                "nvidia/nemotron-3-nano-30b-a3b", "qwen/qwen3-coder-plus", "qwen/qwen3-coder-30b-a3b-instruct",
                "qwen/qwen3-32b", "deepseek/deepseek-v4-pro", "moonshotai/kimi-k3", "z-ai/glm-5.3", "minimax/minimax-m3",
                "openai/gpt-6.2-sol", "anthropic/claude-opus-5-5", "google/gemini-4-argon", "openai/gpt-oss-120b");
        assertThat(c.provider("nvidia").orElseThrow().baseUrl()).isEqualTo("https://integrate.api.nvidia.com/v1");
        assertThat(c.provider("nvidia").orElseThrow().apiKeyEnv()).isEqualTo("NVIDIA_API_KEY");
        assertThat(c.provider("openrouter").orElseThrow().baseUrl()).isEqualTo("https://openrouter.ai/api/v1");
        assertThat(c.provider("openrouter").orElseThrow().apiKeyEnv()).isEqualTo("OPENROUTER_API_KEY");
        Map<String, String> origins = new HashMap<>();
        for (ModelSpec m : c.models()) {
            // the rankings group by vendor and origin: one vendor, one country
            assertThat(origins.computeIfAbsent(m.vendor(), v -> m.origin())).as(m.id()).isEqualTo(m.origin());
            assertThat(m.license()).as(m.id()).isNotEmpty();
            if (!m.openWeights()) {
                assertThat(m.license()).as(m.id()).isEqualTo("proprietary");
            }
            for (EndpointSpec e : m.endpoints()) {
                assertThat(e.pricing().source()).as(e.tag()).isNotEmpty();
                assertThat(java.time.LocalDate.parse(e.pricing().asOf())).as(e.tag())
                        .isBefore(java.time.LocalDate.parse("2026-12-02"));
                if (c.providerOf(e).auth() == AuthScheme.NONE) {
                    assertThat(e.pricing().isFree()).as("a local server is free: " + e.tag()).isTrue();
                    assertThat(m.openWeights()).as("only open weights run locally: " + e.tag()).isTrue();
                }
            }
        }
        assertThat(origins).containsEntry("nvidia", "US").containsEntry("qwen", "CN").containsEntry("meta-llama", "US");
        assertThat(c.model("nvidia/nemotron-3-super-120b-a12b").orElseThrow().openWeights()).isTrue();
        assertThat(c.model("qwen/qwen3-coder-plus").orElseThrow().openWeights()).isFalse();
    }

    @Test
    void aSyncedOverlayMergesEndpointsByProviderUnderTheConfiguration() {
        var synced = CatalogLoader.parseYaml("""
                models:
                  deepseek/deepseek-v4-pro:
                    endpoints:
                      - {provider: siliconflow, pricing: {prompt: "1.40", completion: "3.00", as_of: 2026-12-01, source: sync}}
                      - {provider: openrouter, upstream_model: deepseek/deepseek-v4-pro, pricing: {prompt: "1.32", completion: "3.96", as_of: 2026-12-01, source: sync}}
                  deepseek/deepseek-flash:
                    endpoints:
                      - {provider: openrouter, upstream_model: deepseek/deepseek-v4.1-flash, pricing: {prompt: "0.30", completion: "1.20", as_of: 2026-12-01, source: sync}}
                """);
        var config = CatalogLoader.parseYaml("""
                models:
                  deepseek/deepseek-flash:
                    endpoints:
                      - {provider: deepseek, upstream_model: deepseek-flash, pricing: {prompt: "0.15", completion: "0.60"}}
                """);
        Catalog c = new CatalogLoader(Map.of()).load(synced, config);
        ModelSpec pro = c.model("deepseek/deepseek-v4-pro").orElseThrow();
        assertThat(pro.endpoints()).extracting(EndpointSpec::providerId)
                .containsExactly("deepseek", "siliconflow", "openrouter");
        EndpointSpec sf = pro.endpoints().get(1);
        assertThat(sf.upstreamModel()).as("fields the overlay does not name stay").isEqualTo("deepseek-ai/DeepSeek-V4-Pro");
        assertThat(sf.pricing().promptPicos()).isEqualTo(1_400_000L);
        assertThat(sf.pricing().cacheReadPicos()).as("the pricing is replaced whole, never mixed")
                .isEqualTo(1_400_000L);
        // the configuration's endpoints list replaces whatever is below it, sync included
        assertThat(c.model("deepseek/deepseek-flash").orElseThrow().endpoints()).extracting(EndpointSpec::providerId)
                .containsExactly("deepseek");
    }

    @Test
    void aPriceDateMustBeADate() {
        assertThatThrownBy(() -> new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                models:
                  acme/x: {endpoints: [{provider: deepseek, pricing: {prompt: "1", completion: "1", as_of: last week}}]}
                """))).hasMessageContaining("models.acme/x.pricing: as_of: 'last week' (expected: an ISO date");
        assertThatThrownBy(() -> new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                models:
                  acme/x: {endpoints: [{provider: deepseek, pricing: {prompt: "one", completion: "1"}}]}
                """))).hasMessageContaining("prompt: 'one' (expected: a decimal");
    }

    @Test
    void aProviderIsEnabledWhenItsKeyIsInTheEnvironment() {
        Catalog c = new CatalogLoader(Map.of("DEEPSEEK_API_KEY", "sk-test")).loadBundled();
        assertThat(c.provider("deepseek").orElseThrow().enabled()).isTrue();
        assertThat(c.provider("openai").orElseThrow().enabled()).isFalse();
        assertThat(c.provider("openai").orElseThrow().disabledReason()).contains("OPENAI_API_KEY");
        assertThat(c.provider("deepseek").orElseThrow().toString()).doesNotContain("sk-test");
    }

    @Test
    void overlayMergesMapsReplacesListsAndRemovesNulls() {
        var overlay = CatalogLoader.parseYaml("""
                providers:
                  ollama: {enabled: true, base_url: "${OLLAMA_URL:-http://127.0.0.1:11434/v1}"}
                  stepfun: null
                models:
                  stepfun/step-3.7-flash: null
                  stepfun/step-3.5-flash: null
                  deepseek/deepseek-flash:
                    context_length: 128000
                  acme/widget:
                    vendor: acme
                    origin: FR
                    endpoints:
                      - {provider: ollama, upstream_model: widget:7b, pricing: {prompt: "0", completion: "0"}, weight: 3}
                aliases:
                  w: acme/widget
                """);
        Catalog c = new CatalogLoader(Map.of()).load(overlay);
        assertThat(c.provider("ollama").orElseThrow().enabled()).isTrue();
        assertThat(c.provider("ollama").orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(c.provider("stepfun")).isEmpty();
        assertThat(c.model("stepfun/step-3.7-flash")).isEmpty();
        ModelSpec flash = c.model("deepseek/deepseek-flash").orElseThrow();
        assertThat(flash.contextLength()).isEqualTo(128_000);
        assertThat(flash.name()).isEqualTo("DeepSeek V4.1 Flash");
        ModelSpec widget = c.model("acme/widget").orElseThrow();
        assertThat(widget.endpoints().get(0).weight()).isEqualTo(3);
        assertThat(widget.endpoints().get(0).pricing().isFree()).isTrue();
        assertThat(c.aliases()).containsEntry("w", "acme/widget");
    }

    @Test
    void missingCachePriceFallsBackToThePromptPriceNeverToFree() {
        Catalog c = new CatalogLoader(Map.of()).loadBundled();
        var maxEndpoint = c.model("qwen/qwen3.8-max").orElseThrow().endpoints().get(0);
        assertThat(maxEndpoint.pricing().cacheReadPicos()).isEqualTo(maxEndpoint.pricing().promptPicos());
    }

    @Test
    void badEntriesFailWithTheirPath() {
        assertThatThrownBy(() -> new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                models:
                  acme/x: {endpoints: [{provider: nowhere, pricing: {prompt: "1", completion: "1"}}]}
                """))).hasMessageContaining("acme/x").hasMessageContaining("nowhere");
        assertThatThrownBy(() -> new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                models:
                  acme/x: {endpoints: [{provider: deepseek}]}
                """))).hasMessageContaining("pricing");
        assertThatThrownBy(() -> new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                aliases: {x: acme/none}
                """))).hasMessageContaining("acme/none");
        assertThatThrownBy(() -> new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                providers: {p: {base_url: "http://x", auth: magic}}
                """))).hasMessageContaining("providers.p.auth");
    }

    @Test
    void aProviderNamedLikeAYamlBooleanIsExplained() {
        assertThatThrownBy(() -> new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                providers:
                  off: {base_url: "http://x/v1"}
                models:
                  a/b: {endpoints: [{provider: off, pricing: {prompt: "1", completion: "1"}}]}
                """))).hasMessageContaining("quote provider names");
        Catalog quoted = new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                providers:
                  off: {base_url: "http://x/v1", api_key: k}
                models:
                  a/b: {endpoints: [{provider: "off", pricing: {prompt: "1", completion: "1"}}]}
                """));
        assertThat(quoted.model("a/b").orElseThrow().endpoints().get(0).providerId()).isEqualTo("off");
    }

    @Test
    void envInterpolation() {
        EnvInterpolator i = new EnvInterpolator(Map.of("A", "1", "EMPTY", ""));
        assertThat(i.interpolate("x-${A}-y")).isEqualTo("x-1-y");
        assertThat(i.interpolate("${MISSING}")).isEmpty();
        assertThat(i.interpolate("${MISSING:-d}")).isEqualTo("d");
        assertThat(i.interpolate("${EMPTY:-d}")).isEqualTo("d");
        assertThat(i.interpolate("$${A}")).isEqualTo("${A}");
        assertThatThrownBy(() -> i.interpolate("${A")).hasMessageContaining("unterminated");
    }
}
