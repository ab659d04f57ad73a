package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.server.ConformanceTest.Provider;
import dev.switchyard.simulator.Script;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The requests coding agents really send, posted through the gateway to the simulator on a model of each provider
 * protocol: Claude Code's {@code /v1/messages} (a {@code system}-role message inside {@code messages}, adaptive
 * thinking with an effort, {@code context_management}, {@code cache_control} on tools, beta headers), Codex CLI's
 * {@code /v1/responses} (namespace tools, a built-in {@code web_search} tool, {@code store: false}, {@code include},
 * reasoning controls, {@code prompt_cache_key}) and Gemini CLI's {@code streamGenerateContent} ({@code thinkingConfig}).
 * Each is a one-shot turn that ends in a tool call, then the turn that sends the tool's result back. The request
 * bodies are JSON resources under {@code src/test/resources/agents/}, written from the agents' public source.
 */
class AgentRequestsTest {

    static final String ARGS = "{\"city\":\"Paris\"}";
    static final String RESULT = "18 degrees and sunny";
    static final String ANSWER = "It is 18 degrees";
    static final String SYSTEM_MESSAGE = "The user is working in /tmp/project. Git repository: no. Platform: linux.";

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    static ObjectNode resource(String name, String model) {
        try (InputStream in = AgentRequestsTest.class.getResourceAsStream("/agents/" + name)) {
            ObjectNode body = (ObjectNode) TestGateway.JSON.readTree(in);
            if (body.has("model")) {
                body.put("model", model);
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode upstream() {
        return TestGateway.json(gw.simulator.lastRequestBody());
    }

    private static String dropped(HttpResponse<String> r) {
        return r.headers().firstValue("x-switchyard-dropped-params").orElse("");
    }

    // ---- Claude Code ------------------------------------------------------------------------------------------

    private static HttpResponse<String> claude(ObjectNode body) {
        return gw.post("/v1/messages", body.toString(), "anthropic-version", "2023-06-01",
                "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27",
                "x-app", "cli", "user-agent", "claude-cli/2.1.197 (external, sdk-cli)", "x-api-key", "client-key");
    }

    @ParameterizedTest(name = "served by {0}")
    @EnumSource(Provider.class)
    void claudeCode(Provider provider) {
        gw.simulator.script(provider.upstream, Script.builder().toolCall("get_weather", ARGS).build());
        ObjectNode body = resource("claude-code-messages.json", provider.model);
        HttpResponse<String> r = claude(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        // the answer: one tool_use block, its input streamed as input_json_delta; every event as strict as
        // anthropic-java's models
        Door.Sse.parse(r.body()).forEach(e -> StrictSchemaTest.validate(Door.MESSAGES, true, e.data()));
        String id = "";
        String name = "";
        StringBuilder input = new StringBuilder();
        for (Door.Sse e : Door.Sse.parse(r.body())) {
            JsonNode data = TestGateway.json(e.data());
            if (e.event().equals("content_block_start") && data.path("content_block").path("type").asText()
                    .equals("tool_use")) {
                id = data.path("content_block").path("id").asText();
                name = data.path("content_block").path("name").asText();
            }
            if (data.path("delta").path("type").asText().equals("input_json_delta")) {
                input.append(data.path("delta").path("partial_json").asText());
            }
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(id).isNotBlank();
        assertThat(TestGateway.json(input.toString())).isEqualTo(TestGateway.json(ARGS));
        assertThat(r.body()).contains("\"stop_reason\":\"tool_use\"").contains("event: message_stop");

        // what the provider received: the system message folded into the system instructions, after the top-level
        // blocks; the conversation holds only the user's turn
        JsonNode sent = upstream();
        switch (provider) {
            case ANTHROPIC -> {
                JsonNode system = sent.path("system");
                assertThat(system).hasSize(4);
                assertThat(system.path(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
                assertThat(system.path(3).path("text").asText()).isEqualTo(SYSTEM_MESSAGE);
                assertThat(sent.path("messages")).hasSize(1);
                assertThat(sent.path("tools").path(2).path("cache_control").path("type").asText())
                        .isEqualTo("ephemeral");
                assertThat(sent.path("thinking").path("type").asText()).isEqualTo("adaptive");
                assertThat(sent.path("output_config").path("effort").asText()).isEqualTo("medium");
                assertThat(sent.path("context_management")).isEqualTo(body.path("context_management"));
                assertThat(sent.path("metadata").path("user_id").asText())
                        .isEqualTo(body.path("metadata").path("user_id").asText());
                assertThat(dropped(r)).isEmpty();
            }
            case OPENAI -> {
                JsonNode messages = sent.path("messages");
                assertThat(messages.path(0).path("role").asText()).isEqualTo("system");
                assertThat(messages.path(0).toString()).contains("You are Claude Code").contains(SYSTEM_MESSAGE);
                assertThat(roles(messages)).containsExactly("system", "user");
                assertThat(sent.path("tools")).hasSize(3);
                assertThat(dropped(r)).contains("context_management");
            }
            case GEMINI -> {
                assertThat(sent.path("systemInstruction").toString()).contains("You are Claude Code")
                        .contains(SYSTEM_MESSAGE);
                assertThat(sent.path("contents")).hasSize(1);
                assertThat(sent.path("tools").path(0).path("functionDeclarations")).hasSize(3);
                assertThat(dropped(r)).contains("context_management");
            }
        }

        // the next turn sends the tool's result back
        gw.simulator.script(provider.upstream, Script.builder().text(ANSWER).build());
        ArrayNode messages = (ArrayNode) body.path("messages");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        ObjectNode use = assistant.putArray("content").addObject().put("type", "tool_use").put("id", id)
                .put("name", name);
        use.set("input", TestGateway.json(ARGS));
        messages.addObject().put("role", "user").putArray("content").addObject().put("type", "tool_result")
                .put("tool_use_id", id).put("content", RESULT);
        HttpResponse<String> second = claude(body);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(text(second.body(), "text_delta", "text")).isEqualTo(ANSWER);
        assertThat(gw.simulator.lastRequestBody()).contains(RESULT).contains(SYSTEM_MESSAGE);
    }

    @Test
    void claudeCodeNonStreamedToo() {
        gw.simulator.script("sim-claude", Script.builder().text(ANSWER).build());
        ObjectNode body = resource("claude-code-messages.json", "test/claude");
        body.put("stream", false);
        HttpResponse<String> r = claude(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestGateway.json(r.body()).path("content").toString()).contains(ANSWER);
    }

    private static List<String> roles(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.path("role").asText()));
        return out;
    }

    private static String text(String sse, String deltaType, String field) {
        StringBuilder out = new StringBuilder();
        for (Door.Sse e : Door.Sse.parse(sse)) {
            JsonNode delta = TestGateway.json(e.data()).path("delta");
            if (delta.path("type").asText().equals(deltaType)) {
                out.append(delta.path(field).asText());
            }
        }
        return out.toString();
    }

    // ---- Codex CLI --------------------------------------------------------------------------------------------

    private static HttpResponse<String> codex(ObjectNode body) {
        return gw.post("/v1/responses", body.toString(), "authorization", "Bearer client-key",
                "openai-beta", "responses=experimental", "originator", "codex_cli_rs",
                "session_id", "0199f0e2-7c1a-7d33-9a55-3c1f2b9e8d71", "version", "0.171.0",
                "user-agent", "codex_cli_rs/0.171.0 (Ubuntu 24.4.0; x86_64) xterm-256color");
    }

    @ParameterizedTest(name = "served by {0}")
    @EnumSource(Provider.class)
    void codex(Provider provider) {
        gw.simulator.script(provider.upstream, Script.builder().thinking("The tool knows the weather")
                .toolCall("mcp__weather--get_weather", ARGS).build());
        ObjectNode body = resource("codex-responses.json", provider.model);
        HttpResponse<String> r = codex(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(dropped(r)).contains("tools.web_search");

        // the call comes back under its namespace, as Codex routes it
        JsonNode completed = null;
        JsonNode doneCall = null;
        for (Door.Sse e : Door.Sse.parse(r.body())) {
            StrictSchemaTest.validate(Door.RESPONSES, true, e.data()); // as strict as openai-java (and Codex)
            JsonNode data = TestGateway.json(e.data());
            if (data.path("type").asText().equals("response.completed")) {
                completed = data.path("response");
            }
            if (data.path("type").asText().equals("response.output_item.done")
                    && data.path("item").path("type").asText().equals("function_call")) {
                doneCall = data.path("item");
            }
        }
        assertThat(completed).as("response.completed in %s", r.body()).isNotNull();
        assertThat(doneCall).isNotNull();
        assertThat(doneCall.path("namespace").asText()).isEqualTo("mcp__weather");
        assertThat(doneCall.path("name").asText()).isEqualTo("get_weather");
        assertThat(TestGateway.json(doneCall.path("arguments").asText())).isEqualTo(TestGateway.json(ARGS));
        JsonNode call = null;
        for (JsonNode item : completed.path("output")) {
            if (item.path("type").asText().equals("function_call")) {
                call = item;
            }
        }
        assertThat(call).isEqualTo(doneCall);

        // what the provider received: flat function tools, no web_search
        JsonNode sent = upstream();
        List<String> tools = new ArrayList<>();
        switch (provider) {
            case OPENAI -> sent.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText()));
            case ANTHROPIC -> sent.path("tools").forEach(t -> tools.add(t.path("name").asText()));
            case GEMINI -> sent.path("tools").path(0).path("functionDeclarations")
                    .forEach(t -> tools.add(t.path("name").asText()));
        }
        assertThat(tools).containsExactly("exec_command", "write_stdin", "update_plan", "apply_patch",
                "mcp__weather--get_weather");
        assertThat(sent.toString()).doesNotContain("web_search").contains("Tools of the weather MCP server.");

        // the next turn: Codex sends back the output items (reasoning with its encrypted content, the namespaced
        // call) and the call's output
        gw.simulator.script(provider.upstream, Script.builder().thinking("The tool knows the weather").text(ANSWER)
                .build());
        ArrayNode input = (ArrayNode) body.path("input");
        for (JsonNode item : completed.path("output")) {
            ObjectNode copy = item.deepCopy();
            copy.remove("id");
            copy.remove("status");
            input.add(copy);
        }
        input.addObject().put("type", "function_call_output").put("call_id", call.path("call_id").asText())
                .put("output", RESULT);
        HttpResponse<String> second = codex(body);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (Door.Sse e : Door.Sse.parse(second.body())) {
            JsonNode data = TestGateway.json(e.data());
            if (data.path("type").asText().equals("response.output_text.delta")) {
                text.append(data.path("delta").asText());
            }
        }
        assertThat(text.toString()).isEqualTo(ANSWER);
        String upstreamBody = gw.simulator.lastRequestBody();
        assertThat(upstreamBody).contains(RESULT).contains("mcp__weather--get_weather");
    }

    @Test
    void codexBuiltInToolsAreRefusedUnderRequireParameters() {
        ObjectNode body = resource("codex-responses.json", "test/echo");
        body.put("stream", false);
        body.putObject("provider").put("require_parameters", true);
        HttpResponse<String> r = codex(body);
        // the router refuses every endpoint before any is tried: a 400 that names the constraint
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("require_parameters");
    }

    @Test
    void aBuiltInToolAloneIsNamedWhenRefused() {
        HttpResponse<String> r = codex((ObjectNode) TestGateway.json("{\"model\":\"test/claude\",\"input\":\"hi\","
                + "\"tools\":[{\"type\":\"web_search\"}],\"provider\":{\"require_parameters\":true}}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("tools.web_search");
        gw.simulator.script("sim-claude", Script.builder().text(ANSWER).build());
        r = codex((ObjectNode) TestGateway.json("{\"model\":\"test/claude\",\"input\":\"hi\","
                + "\"tools\":[{\"type\":\"web_search\"}]}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(dropped(r)).isEqualTo("tools.web_search");
    }

    // ---- Gemini CLI -------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "served by {0}")
    @EnumSource(Provider.class)
    void geminiCli(Provider provider) {
        gw.simulator.script(provider.upstream, Script.builder().toolCall("get_weather", ARGS).build());
        ObjectNode body = resource("gemini-cli-generate.json", provider.model);
        HttpResponse<String> r = gw.post("/v1beta/models/" + provider.model + ":streamGenerateContent?alt=sse",
                body.toString(), "x-goog-api-key", "client-key", "user-agent", "GeminiCLI/0.61.0 (linux; x64)");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode call = null;
        for (Door.Sse e : Door.Sse.parse(r.body())) {
            for (JsonNode part : TestGateway.json(e.data()).path("candidates").path(0).path("content").path("parts")) {
                if (part.has("functionCall")) {
                    call = part.get("functionCall");
                }
            }
        }
        assertThat(call).as(r.body()).isNotNull();
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("args")).isEqualTo(TestGateway.json(ARGS));
        assertThat(gw.simulator.lastRequestBody()).contains("You are an interactive CLI agent");
    }

    @Test
    void geminiSystemInstructionMayBePlainTextButNotAnythingElse() {
        gw.simulator.script("sim-gem", Script.builder().text(ANSWER).build());
        HttpResponse<String> r = gw.post("/v1beta/models/test/gem:generateContent", "{\"systemInstruction\":\"Be brief.\","
                + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(upstream().path("systemInstruction").toString()).contains("Be brief.");
        r = gw.post("/v1beta/models/test/gem:generateContent", "{\"systemInstruction\":5,"
                + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("systemInstruction");
    }
}
