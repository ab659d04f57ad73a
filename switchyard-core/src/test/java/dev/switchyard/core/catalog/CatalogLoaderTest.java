package dev.switchyard.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
