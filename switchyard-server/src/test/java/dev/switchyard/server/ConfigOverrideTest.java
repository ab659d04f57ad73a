package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.CatalogLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's YAML overrides the bundled catalog: prices, aliases, providers and new models. */
class ConfigOverrideTest {

    @Test
    void overridesTakeEffectInTheCatalogAndInRouting() {
        String yaml = """
                providers:
                  deepseek:
                    base_url: ${DS_URL}
                    api_key: ${DS_KEY}
                models:
                  deepseek/deepseek-flash:
                    endpoints:
                      - provider: deepseek
                        upstream_model: sim-deepseek
                        pricing: {prompt: "0.15", completion: "0.60", cache_read: "0.003", as_of: 2026-11-28, source: off-peak}
                aliases:
                  cheap: deepseek/deepseek-flash
                """;
        try (TestGateway base = new TestGateway()) {
            Map<String, String> env = Map.of("DS_URL", base.simulator.baseUrl(), "DS_KEY", TestGateway.SIM_KEY,
                    "SIM_API_KEY", TestGateway.SIM_KEY);
            try (TestGateway env2 = new TestGateway(b -> ConfigLoader.apply(b, merged(base, yaml), env))) {
                JsonNode flash = null;
                for (JsonNode m : TestGateway.json(env2.get("/v1/models").body()).path("data")) {
                    if (m.path("id").asText().equals("deepseek/deepseek-flash")) {
                        flash = m;
                    }
                }
                assertThat(flash).isNotNull();
                assertThat(flash.path("pricing").path("prompt").asText()).isEqualTo("0.00000015");
                assertThat(flash.path("available").asBoolean()).isTrue();
                assertThat(flash.path("vendor").asText()).isEqualTo("deepseek"); // untouched fields survive

                var r = env2.post("/v1/chat/completions",
                        "{\"model\":\"cheap\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-switchyard-provider")).contains("deepseek");
                assertThat(TestGateway.json(base.simulator.lastRequestBody()).path("model").asText())
                        .isEqualTo("sim-deepseek");
            }
        }
    }

    /** The test gateway's own catalog plus the override under test (a config file is one document). */
    private static JsonNode merged(TestGateway base, String yaml) {
        JsonNode override = CatalogLoader.parseYaml(yaml);
        JsonNode own = CatalogLoader.parseYaml(baseYaml(base));
        ((com.fasterxml.jackson.databind.node.ObjectNode) own.get("providers")).setAll(
                (com.fasterxml.jackson.databind.node.ObjectNode) override.get("providers"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) own.get("models")).setAll(
                (com.fasterxml.jackson.databind.node.ObjectNode) override.get("models"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) own).set("aliases", override.get("aliases"));
        return own;
    }

    private static String baseYaml(TestGateway base) {
        return """
                providers:
                  sim: {base_url: %s, api_key_env: SIM_API_KEY}
                models:
                  test/echo:
                    endpoints:
                      - {provider: sim, upstream_model: sim-echo, pricing: {prompt: "1", completion: "2"}}
                """.formatted(base.simulator.baseUrl());
    }
}
