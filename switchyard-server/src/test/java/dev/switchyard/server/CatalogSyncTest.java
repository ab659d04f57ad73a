package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.catalog.sync.OverlayFile;
import dev.switchyard.server.cli.SwitchyardCli;
import dev.switchyard.simulator.Script;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code switchyard catalog sync} on saved documents (src/test/resources/catalog-sync): the diff it prints, the
 * overlay it writes, and a gateway started with that overlay serving the synced models through OpenRouter (the
 * simulator standing in for it) at the synced prices, over HTTP.
 */
class CatalogSyncTest {

    private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");

    /**
     * A gateway whose catalog overlay was written by a sync of the saved OpenRouter document, and whose
     * {@code openrouter} provider is the simulator.
     */
    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass(b -> {
        Path overlay = tempDir().resolve("overlay.yaml");
        Cli cli = new Cli(Map.of());
        assertThat(cli.run("catalog", "sync", "--openrouter-file", fixture("openrouter-models.json").toString(),
                "--overlay", overlay.toString())).as(cli.err.toString()).isZero();
        b.catalogOverlayFile(overlay);
        // a generous first-byte deadline: this class is about catalogs, not timeouts, and CI machines are shared
        b.deadline("first_byte", java.time.Duration.ofSeconds(15)).deadline("idle", java.time.Duration.ofSeconds(15))
                .deadline("total", java.time.Duration.ofSeconds(60));
        Map<String, String> env = Map.of("OR_URL", CatalogSyncTest.gw.simulator.baseUrl(),
                "OPENROUTER_API_KEY", TestGateway.SIM_KEY);
        ConfigLoader.apply(b, CatalogLoader.parseYaml("providers: {openrouter: {base_url: \"${OR_URL}\"}}"), env);
    });

    @Test
    void anOpenRouterDocumentIsDiffedAndWrittenAsAnOverlayWithExactPrices() throws IOException {
        Path overlay = tempDir().resolve("catalog-overlay.yaml");
        Cli cli = new Cli(Map.of());
        assertThat(cli.run("catalog", "sync", "--openrouter-file", fixture("openrouter-models.json").toString(),
                "--overlay", overlay.toString())).as(cli.err.toString()).isZero();
        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("catalog sync: openrouter from openrouter-models.json: 4 listed;"
                + " 2 new models, 2 new endpoints, 0 price changes, 0 removed from source, 3 skipped, 0 unchanged");
        assertThat(lines).contains(
                "+ endpoint deepseek/deepseek-v4-pro  via openrouter (deepseek/deepseek-v4-pro): prompt 1.32"
                        + " / completion 3.96 / cache read 0.044 USD per M",
                "+ model    acme/widget-1  via openrouter (acme/widget-1): prompt 1 / completion 1.5 / cache read 0.1"
                        + " USD per M",
                "! skipped  openrouter/auto  prompt price -1 is variable (negative)",
                "! skipped  deepseek/deepseek-v4-pro:free  a variant of another model (variants are request"
                        + " suffixes, e.g. model:floor)",
                "! skipped  acme/too-fine  prompt price 0.0000000000001 USD per token is finer than a picodollar"
                        + " and cannot be held exactly");
        assertThat(lines.getLast()).startsWith("wrote " + overlay + " (4 openrouter entries");

        // the overlay holds only what differs from the bundled catalog, each price dated and sourced
        JsonNode tree = OverlayFile.read(overlay);
        assertThat(tree.path("models").size()).isEqualTo(4);
        JsonNode widget = tree.path("models").path("acme/widget-1");
        assertThat(widget.path("open_weights").asBoolean()).isTrue();
        assertThat(widget.path("created").asText()).isEqualTo("2025-12-01");
        assertThat(widget.path("max_output_tokens").asLong()).isEqualTo(32768);
        JsonNode price = widget.path("endpoints").get(0).path("pricing");
        assertThat(price.path("prompt").asText()).isEqualTo("1"); // the higher of the two tiers
        assertThat(price.path("as_of").asText()).isEqualTo("2026-12-01");
        assertThat(price.path("source").asText()).isEqualTo("catalog sync 2026-12-01 from OpenRouter models"
                + " openrouter-models.json (the highest of its 2 price tiers)");
        assertThat(tree.path("models").path("deepseek/deepseek-v4-pro").path("vendor").isMissingNode())
                .as("an existing model gets an endpoint, not new metadata").isTrue();
        assertThat(tree.path("models").path("mistralai/mistral-medium-3.5").path("open_weights").asBoolean())
                .isFalse();
        assertThat(Files.readString(overlay)).startsWith("# Switchyard catalog overlay, written by");

        // loaded over the bundled catalog: the bundled endpoints stay, the OpenRouter one is added
        Catalog c = new CatalogLoader(Map.of()).load(tree, CatalogLoader.parseYaml("{}"));
        ModelSpec pro = c.model("deepseek/deepseek-v4-pro").orElseThrow();
        assertThat(pro.endpoints()).extracting(e -> e.providerId()).containsExactly("deepseek", "siliconflow",
                "openrouter");
        assertThat(pro.endpoints().get(2).pricing().promptPicos()).isEqualTo(1_320_000L);
        assertThat(pro.endpoints().get(2).pricing().cacheReadPicos()).isEqualTo(44_000L);
        ModelSpec kimi = c.model("moonshotai/kimi-k3").orElseThrow();
        assertThat(kimi.endpoints().get(1).pricing().cacheWritePicos()).isEqualTo(3_000_000L);
        assertThat(c.model("mistralai/mistral-medium-3.5").orElseThrow().origin()).as("no mistralai model in the"
                + " bundled catalog says where the vendor is from").isEmpty();
    }

    @Test
    void aLaterDocumentShowsPriceChangesAndRemovalsAndRewritesOnlyThatProvidersShare() throws IOException {
        Path overlay = tempDir().resolve("catalog-overlay.yaml");
        Cli first = new Cli(Map.of());
        assertThat(first.run("catalog", "sync", "--openrouter-file", fixture("openrouter-models.json").toString(),
                "--overlay", overlay.toString())).isZero();
        Cli ollama = new Cli(Map.of());
        assertThat(ollama.run("catalog", "sync", "--provider", "ollama", "--models-file",
                fixture("ollama-models.json").toString(), "--overlay", overlay.toString())).isZero();

        Cli dry = new Cli(Map.of());
        String before = Files.readString(overlay);
        assertThat(dry.run("catalog", "sync", "--openrouter-file", fixture("openrouter-models-later.json").toString(),
                "--overlay", overlay.toString(), "--dry-run")).isZero();
        assertThat(Files.readString(overlay)).as("--dry-run writes nothing").isEqualTo(before);
        List<String> lines = dry.out.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("catalog sync: openrouter from openrouter-models-later.json: 4 listed;"
                + " 1 new models, 0 new endpoints, 1 price changes, 1 removed from source, 0 skipped, 2 unchanged");
        assertThat(lines).contains(
                "~ price    deepseek/deepseek-v4-pro  via openrouter (deepseek/deepseek-v4-pro): prompt 1.32"
                        + " / completion 3.96 / cache read 0.044 USD per M  ->  prompt 1.1 / completion 3.5"
                        + " / cache read 0.044 USD per M",
                "+ model    qwen/qwen3-coder-next  via openrouter (qwen/qwen3-coder-next): prompt 0.2 / completion 0.8"
                        + " / cache read 0.2 USD per M",
                "- gone     acme/widget-1  via openrouter (acme/widget-1): not in the source; dropped from the"
                        + " overlay");
        assertThat(lines.getLast()).isEqualTo("dry run: " + overlay + " not written");

        Cli later = new Cli(Map.of());
        assertThat(later.run("catalog", "sync", "--openrouter-file",
                fixture("openrouter-models-later.json").toString(), "--overlay", overlay.toString())).isZero();
        JsonNode models = OverlayFile.read(overlay).path("models");
        assertThat(models.has("acme/widget-1")).isFalse();
        assertThat(models.path("qwen/qwen3-coder-next").path("origin").asText())
                .as("the vendor's origin, from the catalog's other qwen models").isEqualTo("CN");
        assertThat(models.path("deepseek/deepseek-v4-pro").path("endpoints").get(0).path("pricing")
                .path("prompt").asText()).isEqualTo("1.1");
        assertThat(models.path("ollama/llama3.2-3b").path("endpoints").get(0).path("provider").asText())
                .as("the ollama sync's share survives an openrouter sync").isEqualTo("ollama");
    }

    @Test
    void aLocalServersListingAddsItsModelsFreeAndReportsWhatItNoLongerServes() {
        Path overlay = tempDir().resolve("catalog-overlay.yaml");
        Cli cli = new Cli(Map.of());
        assertThat(cli.run("catalog", "sync", "--provider", "ollama", "--models-file",
                fixture("ollama-models.json").toString(), "--overlay", overlay.toString())).isZero();
        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("catalog sync: ollama from ollama-models.json: 2 listed; 1 new models,"
                + " 0 new endpoints, 0 price changes, ").endsWith(" 0 skipped, 1 unchanged");
        assertThat(lines).contains("+ model    ollama/llama3.2-3b  via ollama (llama3.2:3b): prompt 0 / completion 0"
                + " / cache read 0 USD per M");
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("- gone     qwen/qwen3.6-35b-a3b  via ollama"
                + " (qwen3.6:35b-a3b): not in the source; it stays in the catalog until you remove it in the"
                + " configuration"));
        JsonNode llama = OverlayFile.read(overlay).path("models").path("ollama/llama3.2-3b");
        assertThat(llama.path("open_weights").asBoolean()).isTrue();
        assertThat(llama.path("endpoints").get(0).path("pricing").path("source").asText())
                .isEqualTo("catalog sync 2026-12-01 from ollama models listing ollama-models.json (self-hosted)");
    }

    @Test
    void aProvidersOwnListingIsFetchedFromItsBaseUrl() throws IOException {
        gw.simulator.script("deepseek-v4-pro", Script.DEFAULT);
        gw.simulator.script("deepseek-v9", Script.DEFAULT);
        Path config = tempDir().resolve("switchyard.yaml");
        Files.writeString(config, """
                providers:
                  deepseek: {base_url: "%s", api_key: "${DS_KEY}"}
                """.formatted(gw.simulator.baseUrl()));
        Path overlay = tempDir().resolve("catalog-overlay.yaml");
        Cli cli = new Cli(Map.of("DS_KEY", "sk-secret-deepseek"));
        assertThat(cli.run("catalog", "sync", "--provider", "deepseek", "--config", config.toString(),
                "--overlay", overlay.toString())).as(cli.err.toString()).isZero();
        String out = cli.out.toString();
        assertThat(out).startsWith("catalog sync: deepseek from " + gw.simulator.baseUrl() + "/models: ")
                .contains("! skipped  deepseek-v9  listed by deepseek without a price; set its pricing in the"
                        + " configuration to serve it")
                .contains("- gone     deepseek/deepseek-flash  via deepseek (deepseek-flash): not in the source")
                .doesNotContain("sk-secret-deepseek");
        assertThat(OverlayFile.read(overlay).isEmpty()).as("nothing priced changed").isTrue();
        gw.simulator.clearScripts();
    }

    @Test
    void badUsageAndBadSourcesFailClearly() throws IOException {
        Cli none = new Cli(Map.of());
        assertThat(none.run("catalog", "sync")).isEqualTo(SwitchyardCli.USAGE);
        assertThat(none.err.toString()).contains("give a source");
        Cli two = new Cli(Map.of());
        assertThat(two.run("catalog", "sync", "--openrouter-file", "a.json", "--models-file", "b.json"))
                .isEqualTo(SwitchyardCli.USAGE);
        Cli unknown = new Cli(Map.of());
        assertThat(unknown.run("catalog", "sync", "--provider", "nowhere", "--models-file", "b.json",
                "--overlay", tempDir().resolve("o.yaml").toString())).isEqualTo(SwitchyardCli.USAGE);
        assertThat(unknown.err.toString()).contains("no provider 'nowhere'");
        Path notADocument = tempDir().resolve("models.json");
        Files.writeString(notADocument, "{\"models\": []}");
        Cli bad = new Cli(Map.of());
        assertThat(bad.run("catalog", "sync", "--openrouter-file", notADocument.toString(), "--overlay",
                tempDir().resolve("o.yaml").toString())).isEqualTo(SwitchyardCli.FAILED);
        assertThat(bad.err.toString()).contains("not a OpenRouter models document");
    }

    @Test
    void configCheckReadsTheOverlayThatCatalogOverlayNames() throws IOException {
        Path dir = tempDir();
        Path overlay = dir.resolve("synced.yaml");
        Path config = dir.resolve("switchyard.yaml");
        Files.writeString(config, "catalog: {overlay: \"${OVERLAY}\"}\n");
        Map<String, String> env = Map.of("OVERLAY", overlay.toString());
        Cli sync = new Cli(env);
        assertThat(sync.run("catalog", "sync", "--openrouter-file", fixture("openrouter-models.json").toString(),
                "--config", config.toString())).as(sync.err.toString()).isZero();
        assertThat(sync.out.toString()).contains("wrote " + overlay);
        Cli check = new Cli(env);
        assertThat(check.run("config", "check", config.toString())).as(check.err.toString()).isZero();
        int bundled = new CatalogLoader(Map.of()).loadBundled().models().size();
        assertThat(check.out.toString()).contains(", " + (bundled + 2) + " models, ");

        Files.writeString(overlay, "models:\n  acme/x: {endpoints: [{provider: deepseek, pricing: {prompt: \"1\"}}]}\n");
        Cli broken = new Cli(env);
        assertThat(broken.run("config", "check", config.toString())).isEqualTo(SwitchyardCli.USAGE);
        assertThat(broken.err.toString()).contains("completion is required").contains("catalog overlay " + overlay);
    }

    @Test
    void aGatewayStartedWithTheOverlayServesTheSyncedModelsThroughOpenRouterAtTheSyncedPrices() {
        Map<String, JsonNode> models = new HashMap<>();
        TestGateway.json(gw.get("/v1/models").body()).path("data").forEach(m -> models.put(m.path("id").asText(), m));
        JsonNode widget = models.get("acme/widget-1");
        assertThat(widget).as("the synced new model is listed").isNotNull();
        assertThat(widget.path("available").asBoolean()).isTrue();
        assertThat(widget.path("pricing").path("prompt").asText()).isEqualTo("0.000001");
        assertThat(widget.path("pricing").path("completion").asText()).isEqualTo("0.0000015");
        assertThat(models).as("the bundled catalog is all there too").containsKeys(
                "nvidia/nemotron-3-super-120b-a12b", "qwen/qwen3-coder-plus", "deepseek/deepseek-flash");
        assertThat(models.size()).isGreaterThanOrEqualTo(48 + 2);

        HttpResponse<String> r = gw.post("/v1/chat/completions", """
                {"model": "acme/widget-1", "messages": [{"role": "user", "content": "hi"}],
                 "simulator": {"prompt_tokens": 1000, "text": "one two three four"}}""",
                "x-title", "Internal Billing Bot", "http-referer", "https://billing.internal.example");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-switchyard-provider")).contains("openrouter");
        assertThat(TestGateway.json(gw.simulator.lastRequestBody()).path("model").asText())
                .as("OpenRouter gets its own model id").isEqualTo("acme/widget-1");
        Map<String, String> upstream = gw.simulator.lastRequestHeaders();
        assertThat(upstream).containsEntry("authorization", "Bearer " + TestGateway.SIM_KEY)
                .as("OpenRouter's attribution names the gateway").containsEntry("x-openrouter-title", "Switchyard")
                .as("the client's app stays with Switchyard").doesNotContainKeys("x-title", "http-referer");
        JsonNode g = gw.generation(r.headers().firstValue("x-switchyard-generation-id").orElseThrow());
        long prompt = g.path("tokens_prompt").asLong();
        long completion = g.path("tokens_completion").asLong();
        assertThat(prompt).isEqualTo(1000);
        assertThat(completion).isPositive();
        // $1/M prompt and $1.50/M completion, as synced: picodollars per token 1,000,000 and 1,500,000
        assertThat(g.path("switchyard").path("cost_picos").asLong()).isEqualTo(prompt * 1_000_000L
                + completion * 1_500_000L);
        assertThat(g.path("provider_name").asText()).isEqualTo("openrouter");

        HttpResponse<String> stream = gw.post("/v1/chat/completions", """
                {"model": "deepseek/deepseek-v4-pro", "stream": true,
                 "messages": [{"role": "user", "content": "hi"}]}""");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).contains("data: [DONE]");
        assertThat(stream.headers().firstValue("x-switchyard-provider")).contains("openrouter");
        JsonNode s = gw.generation(stream.headers().firstValue("x-switchyard-generation-id").orElseThrow());
        assertThat(s.path("switchyard").path("cost_picos").asLong()).isEqualTo(
                s.path("tokens_prompt").asLong() * 1_320_000L + s.path("tokens_completion").asLong() * 3_960_000L);
    }

    private static Path fixture(String name) {
        try {
            return Path.of(CatalogSyncTest.class.getResource("/catalog-sync/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("switchyard-sync");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CLI in-process, with a fixed clock and captured output. */
    private static final class Cli {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        private final Map<String, String> env;

        Cli(Map<String, String> env) {
            this.env = env;
        }

        int run(String... args) {
            var cl = SwitchyardCli.commandLine(env, NOW::toEpochMilli, new SecureRandom());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl.execute(args);
        }
    }
}
