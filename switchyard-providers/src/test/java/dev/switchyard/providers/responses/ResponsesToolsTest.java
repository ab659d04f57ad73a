package dev.switchyard.providers.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ToolSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Codex CLI's tools in a Responses request: namespaces flattened and split back, built-in tools set aside. */
class ResponsesToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResponsesCodec codec = new ResponsesCodec();

    @Test
    void namespaceToolsFlattenAndBuiltInToolsAreRecordedAsDropped() throws IOException {
        ChatRequest r = codec.decodeRequest(JSON.readTree("""
                {"model":"m","input":[
                   {"type":"function_call","namespace":"mcp__docs","name":"search","call_id":"c1","arguments":"{}"},
                   {"type":"function_call_output","call_id":"c1","output":"found"}],
                 "tools":[{"type":"function","name":"shell","parameters":{"type":"object"}},
                          {"type":"namespace","name":"mcp__docs","description":"Docs server.",
                           "tools":[{"type":"function","name":"search","description":"Search.",
                                     "parameters":{"type":"object"}},
                                    {"type":"custom","name":"raw"}]},
                          {"type":"namespace","name":"functions","description":"Top level.",
                           "tools":[{"type":"function","name":"plain","parameters":{"type":"object"}}]},
                          {"type":"web_search","external_web_access":false}],
                 "tool_choice":{"type":"function","namespace":"mcp__docs","name":"search"},
                 "store":false,"include":["reasoning.encrypted_content"],"prompt_cache_key":"k"}"""));
        assertThat(r.tools()).extracting(ToolSpec::name).containsExactly("shell", "mcp__docs--search", "plain");
        assertThat(r.tools().get(1).description()).isEqualTo("Docs server.\n\nSearch.");
        assertThat(r.tools().get(2).description()).isEmpty();
        assertThat(r.toolChoice().orElseThrow().name()).isEqualTo("mcp__docs--search");
        assertThat(r.messages().get(0).parts().get(0)).isEqualTo(new Part.ToolCall("c1", "mcp__docs--search", "{}"));
        assertThat(r.extras().fieldNames()).toIterable()
                .containsExactlyInAnyOrder("tools.web_search", "tools.mcp__docs.custom.raw");
    }

    @Test
    void flatNamesSplitBack() {
        assertThat(ToolNames.flatten("mcp__docs", "search")).isEqualTo("mcp__docs--search");
        assertThat(ToolNames.flatten("functions", "shell")).isEqualTo("shell");
        assertThat(ToolNames.namespace("mcp__docs--search")).isEqualTo("mcp__docs");
        assertThat(ToolNames.name("mcp__docs--search")).isEqualTo("search");
        assertThat(ToolNames.namespace("mcp__server__tool")).isEmpty();
        assertThat(ToolNames.name("mcp__server__tool")).isEqualTo("mcp__server__tool");
        assertThat(ToolNames.namespace("--x")).isEmpty();
        assertThat(ToolNames.namespace("x--")).isEmpty();
        assertThat(ResponseObjects.functionCall("fc_1", "c1", "mcp__docs--search", "{}", "completed").toString())
                .contains("\"namespace\":\"mcp__docs\",\"name\":\"search\"");
    }

    @Test
    void toolChoiceObjects() throws IOException {
        ChatRequest allowed = codec.decodeRequest(JSON.readTree("""
                {"model":"m","input":"hi","tools":[{"type":"function","name":"a"}],
                 "tool_choice":{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"a"}]}}"""));
        assertThat(allowed.toolChoice()).contains(dev.switchyard.core.ir.ToolChoice.REQUIRED);
        assertThat(allowed.extras().has("tool_choice.allowed_tools")).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decodeRequest(JSON.readTree("""
                {"model":"m","input":"hi","tools":[{"type":"web_search"}],"tool_choice":{"type":"web_search"}}""")))
                .hasMessageContaining("web_search");
    }
}
