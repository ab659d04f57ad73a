package dev.switchyard.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.DataPolicy;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Message;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.core.ir.Role;
import dev.switchyard.core.ir.ToolChoice;
import dev.switchyard.core.ir.ToolSpec;
import dev.switchyard.core.ir.CacheMark;
import dev.switchyard.core.ir.UpstreamRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each OpenAI-compatible vendor's quirks, as they show in the request body Switchyard writes for it. */
class ChatDialectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiChatCodec codec = new OpenAiChatCodec(JSON);

    private static ProviderSpec provider(String id) {
        return new ProviderSpec(id, id, WireProtocol.OPENAI_CHAT, "http://x/v1", AuthScheme.BEARER, "", List.of(),
                true, Map.of(), "CN", DataPolicy.UNKNOWN);
    }

    private static ChatRequest.Builder request() {
        return ChatRequest.builder("m", WireProtocol.ANTHROPIC_MESSAGES).message(Message.text(Role.USER, "hi"))
                .maxOutputTokens(100);
    }

    private JsonNode encode(String providerId, ChatRequest r, List<String> dropped) throws IOException {
        UpstreamRequest u = codec.encodeRequest(r, "up", provider(providerId));
        dropped.addAll(u.dropped());
        assertThat(u.path()).isEqualTo("/chat/completions");
        return JSON.readTree(u.body().getBytes());
    }

    @Test
    void openAiTakesMaxCompletionTokensAndNoTopK() throws IOException {
        List<String> dropped = new java.util.ArrayList<>();
        JsonNode b = encode("openai", request().topK(5).reasoning(new ReasoningConfig(true, "high", 0, false))
                .build(), dropped);
        assertThat(b.path("max_completion_tokens").asInt()).isEqualTo(100);
        assertThat(b.has("max_tokens")).isFalse();
        assertThat(b.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(b.has("top_k")).isFalse();
        assertThat(dropped).containsExactly("top_k");
    }

    @Test
    void deepSeekSwitchesThinkingAndMapsEffortToItsLevels() throws IOException {
        JsonNode on = encode("deepseek", request().reasoning(new ReasoningConfig(true, "medium", 0, false)).build(),
                new java.util.ArrayList<>());
        assertThat(on.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(on.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(on.path("max_tokens").asInt()).isEqualTo(100);
        JsonNode off = encode("deepseek", request().reasoning(ReasoningConfig.OFF).build(), new java.util.ArrayList<>());
        assertThat(off.path("thinking").path("type").asText()).isEqualTo("disabled");
        assertThat(off.has("reasoning_effort")).isFalse();
    }

    @Test
    void deepSeekGetsEarlierReasoningBackWithToolCalls() throws IOException {
        ChatRequest r = request().message(new Message(Role.ASSISTANT, List.of(
                        new Part.Reasoning("I should look it up", "", "", WireProtocol.OPENAI_CHAT),
                        new Part.ToolCall("call_1", "lookup", "{\"q\":1}"))))
                .message(new Message(Role.TOOL, List.of(new Part.ToolResult("call_1", "", List.of(Part.Text.of("42")),
                        false, CacheMark.NONE))))
                .build();
        JsonNode b = encode("deepseek", r, new java.util.ArrayList<>());
        JsonNode assistant = b.path("messages").path(1);
        assertThat(assistant.path("reasoning_content").asText()).isEqualTo("I should look it up");
        assertThat(assistant.path("content").isNull()).isTrue();
        assertThat(assistant.path("tool_calls").path(0).path("id").asText()).isEqualTo("call_1");
        assertThat(b.path("messages").path(2).path("tool_call_id").asText()).isEqualTo("call_1");
        JsonNode openAi = encode("openai", r, new java.util.ArrayList<>());
        assertThat(openAi.path("messages").path(1).has("reasoning_content")).isFalse();
    }

    @Test
    void qwenSaysEnableThinkingExplicitlyWithItsBudget() throws IOException {
        JsonNode on = encode("dashscope", request().stream(true).reasoning(new ReasoningConfig(true, "", 4000, true)).build(),
                new java.util.ArrayList<>());
        assertThat(on.path("enable_thinking").asBoolean()).isTrue();
        assertThat(on.path("thinking_budget").asInt()).isEqualTo(4000);
        JsonNode off = encode("dashscope", request().reasoning(ReasoningConfig.OFF).build(), new java.util.ArrayList<>());
        assertThat(off.path("enable_thinking").asBoolean(true)).isFalse();
    }

    @Test
    void kimiCannotForceATool() throws IOException {
        List<String> dropped = new java.util.ArrayList<>();
        JsonNode b = encode("moonshot", request().tool(tool()).toolChoice(ToolChoice.REQUIRED).build(), dropped);
        assertThat(b.has("tool_choice")).isFalse();
        assertThat(dropped).containsExactly("tool_choice");
        assertThat(b.path("max_completion_tokens").asInt()).isEqualTo(100);
        JsonNode auto = encode("moonshot", request().tool(tool()).toolChoice(ToolChoice.AUTO).build(),
                new java.util.ArrayList<>());
        assertThat(auto.path("tool_choice").asText()).isEqualTo("auto");
    }

    @Test
    void glmStreamsToolArgumentsOnlyWhenAskedAndTakesOnlyAuto() throws IOException {
        List<String> dropped = new java.util.ArrayList<>();
        JsonNode b = encode("zai", request().tool(tool()).toolChoice(ToolChoice.tool("lookup")).stream(true).build(),
                dropped);
        assertThat(b.path("tool_stream").asBoolean()).isTrue();
        assertThat(b.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(dropped).containsExactly("tool_choice");
        JsonNode notStreamed = encode("zai", request().tool(tool()).build(), new java.util.ArrayList<>());
        assertThat(notStreamed.has("tool_stream")).isFalse();
    }

    @Test
    void standardVendorsKeepTopKAndMaxTokens() throws IOException {
        List<String> dropped = new java.util.ArrayList<>();
        JsonNode b = encode("vllm", request().topK(20).build(), dropped);
        assertThat(b.path("top_k").asInt()).isEqualTo(20);
        assertThat(b.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(dropped).isEmpty();
    }

    private static ToolSpec tool() {
        return new ToolSpec("lookup", "", JSON.createObjectNode().put("type", "object"), false, CacheMark.NONE);
    }
}
