package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The usage a script reports (cache reads, cache writes, reasoning) and its output limit, in each format. */
class ScriptedUsageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Simulator sim;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sim = Simulator.builder().build().startAndWait();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl().replaceAll("/v1/?$", "")
                + path)).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode json(String s) throws IOException {
        return JSON.readTree(s);
    }

    private static final String MIX = "\"simulator\":{\"prompt_tokens\":1000,\"cached_tokens\":600,"
            + "\"cache_write_tokens\":300,\"reasoning_tokens\":7,\"completion_tokens\":5}";

    @Test
    void anthropicInputTokensExcludeCacheReadsAndWrites() throws Exception {
        JsonNode u = json(post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]," + MIX + "}")).path("usage");
        assertThat(u.path("input_tokens").asInt()).isEqualTo(100);
        assertThat(u.path("cache_read_input_tokens").asInt()).isEqualTo(600);
        assertThat(u.path("cache_creation_input_tokens").asInt()).isEqualTo(300);
        assertThat(u.path("output_tokens").asInt()).isEqualTo(12);
        assertThat(u.path("output_tokens_details").path("thinking_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void anthropicStreamCarriesCacheWritesInMessageStartAndDelta() throws Exception {
        String body = post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":100,\"stream\":true,\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"hi\"}]," + MIX + "}");
        assertThat(body).contains("\"input_tokens\":100,\"cache_creation_input_tokens\":300,"
                + "\"cache_read_input_tokens\":600,\"output_tokens\":1}");
        assertThat(body).contains("\"input_tokens\":100,\"cache_creation_input_tokens\":300,"
                + "\"cache_read_input_tokens\":600,\"output_tokens\":12");
    }

    @Test
    void openAiReportsCacheWritesInPromptDetailsAsOpenRouterDoes() throws Exception {
        JsonNode u = json(post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]," + MIX + "}")).path("usage");
        assertThat(u.path("prompt_tokens").asInt()).isEqualTo(1000);
        assertThat(u.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(600);
        assertThat(u.path("prompt_tokens_details").path("cache_write_tokens").asInt()).isEqualTo(300);
        assertThat(u.path("completion_tokens").asInt()).isEqualTo(12);
        assertThat(u.path("completion_tokens_details").path("reasoning_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void cacheWritesNeverExceedWhatCacheReadsLeaveOfThePrompt() throws Exception {
        JsonNode u = json(post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"simulator\":{\"prompt_tokens\":10,\"cached_tokens\":8,"
                + "\"cache_write_tokens\":5}}")).path("usage");
        assertThat(u.path("input_tokens").asInt()).isZero();
        assertThat(u.path("cache_creation_input_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void maxTokensIsIgnoredUnlessTheScriptHonoursIt() throws Exception {
        String req = "{\"model\":\"m\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"simulator\":{\"completion_tokens\":10%s}}";
        JsonNode ignored = json(post("/v1/chat/completions", req.formatted("")));
        assertThat(ignored.path("usage").path("completion_tokens").asInt()).isEqualTo(10);
        assertThat(ignored.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");

        JsonNode honoured = json(post("/v1/chat/completions", req.formatted(",\"honour_max_tokens\":true")));
        assertThat(honoured.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
        assertThat(honoured.path("choices").path(0).path("finish_reason").asText()).isEqualTo("length");

        String stream = post("/v1/chat/completions", req.formatted(",\"honour_max_tokens\":true")
                .replace("\"max_tokens\":4,", "\"max_tokens\":4,\"stream\":true,"));
        assertThat(stream.split("\"content\":\" ?[A-Za-z]+\"", -1)).hasSize(4 + 1);
        assertThat(stream).contains("\"finish_reason\":\"length\"");

        JsonNode anthropic = json(post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":3,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"hi\"}],\"simulator\":{\"completion_tokens\":10,\"honour_max_tokens\":true}}"));
        assertThat(anthropic.path("usage").path("output_tokens").asInt()).isEqualTo(3);
        assertThat(anthropic.path("stop_reason").asText()).isEqualTo("max_tokens");

        JsonNode gemini = json(post("/v1beta/models/g:generateContent", "{\"contents\":[{\"role\":\"user\",\"parts\":"
                + "[{\"text\":\"hi\"}]}],\"generationConfig\":{\"maxOutputTokens\":2},"
                + "\"simulator\":{\"completion_tokens\":10,\"honour_max_tokens\":true}}"));
        assertThat(gemini.path("usageMetadata").path("candidatesTokenCount").asInt()).isEqualTo(2);
        assertThat(gemini.path("candidates").path(0).path("finishReason").asText()).isEqualTo("MAX_TOKENS");
    }
}
