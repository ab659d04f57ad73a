package dev.switchyard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code switchyard providers}: each provider's variable, base URL and whether it is enabled; and the docs' table. */
class CliProvidersTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = SwitchyardCli.commandLine(env, () -> 0L, new SecureRandom());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theTableSaysWhichProvidersTheEnvironmentEnables() {
        assertThat(run(Map.of("DEEPSEEK_API_KEY", "sk-test"), "providers")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).matches("provider +enabled +key variable +protocol +base URL");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "deepseek +yes +DEEPSEEK_API_KEY +openai-chat +https://api.deepseek.com/v1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "anthropic +no +ANTHROPIC_API_KEY +anthropic-messages +https://api.anthropic.com/v1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ollama ").contains("(local, no key)"));
        assertThat(lines).hasSize(1 + CatalogLoader.bundledTree().path("providers").size());
    }

    @Test
    void jsonListsTheSameForScripts() throws Exception {
        assertThat(run(Map.of("GEMINI_API_KEY", "k"), "providers", "--json")).isZero();
        JsonNode data = Json.mapper().readTree(out.toString()).path("data");
        assertThat(data.size()).isEqualTo(CatalogLoader.bundledTree().path("providers").size());
        JsonNode google = null;
        for (JsonNode p : data) {
            if (p.path("id").asText().equals("google")) {
                google = p;
            }
        }
        assertThat(google).isNotNull();
        assertThat(google.path("api_key_env").asText()).isEqualTo("GEMINI_API_KEY");
        assertThat(google.path("auth").asText()).isEqualTo("x-goog-api-key");
        assertThat(google.path("enabled").asBoolean()).isTrue();
    }

    @Test
    void theConfigurationsProvidersAreListedToo() throws Exception {
        Path file = Files.createTempFile("switchyard", ".yaml");
        Files.writeString(file, """
                providers:
                  my-vllm: {base_url: "http://10.0.0.5:8000/v1", auth: none, enabled: true}
                """);
        assertThat(run(Map.of(), "providers", "--config", file.toString())).isZero();
        assertThat(out.toString().lines().toList().getLast()).matches(
                "my-vllm +yes +\\(local, no key\\) +openai-chat +http://10.0.0.5:8000/v1");
    }

    @Test
    void docsProvidersMdHoldsTheBundledCatalogsTable() throws Exception {
        assertThat(run(Map.of(), "providers", "--markdown")).isZero();
        String doc = Files.readString(Path.of("..", "docs", "providers.md"));
        assertThat(doc).as("docs/providers.md is out of date: paste the output of ./switchyard providers --markdown")
                .contains(out.toString());
    }
}
