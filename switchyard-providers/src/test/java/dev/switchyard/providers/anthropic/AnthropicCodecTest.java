package dev.switchyard.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.DataPolicy;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.UpstreamRequest;
import dev.switchyard.providers.openai.OpenAiChatCodec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Anthropic request writer: caching marks, turn shaping, signatures, output caps and headers. */
class AnthropicCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProviderSpec ANTHROPIC = new ProviderSpec("anthropic", "Anthropic",
            WireProtocol.ANTHROPIC_MESSAGES, "http://x/v1", AuthScheme.X_API_KEY, "", List.of(), true, Map.of(), "US",
            DataPolicy.UNKNOWN);
    private final AnthropicCodec codec = new AnthropicCodec(JSON);
    private final OpenAiChatCodec chat = new OpenAiChatCodec(JSON);

    private ChatRequest fromChat(String body) throws IOException {
        return chat.decodeRequest(JSON.readTree(body));
    }

    private JsonNode encode(ChatRequest r) throws IOException {
        UpstreamRequest u = codec.encodeRequest(r, "claude-x", ANTHROPIC);
        assertThat(u.path()).isEqualTo("/messages");
        assertThat(u.headers()).containsEntry("anthropic-version", "2023-06-01");
        return JSON.readTree(u.body().getBytes());
    }

    @Test
    void cacheControlFromAnOpenAiClientReachesAnthropic() throws IOException {
        JsonNode b = encode(fromChat("""
                {"model":"m","messages":[
                  {"role":"system","content":"rules"},
                  {"role":"user","content":[{"type":"text","text":"long document","cache_control":{"type":"ephemeral","ttl":"1h"}},
                                            {"type":"text","text":"question"}]}]}"""));
        assertThat(b.path("system").path(0).path("text").asText()).isEqualTo("rules");
        JsonNode first = b.path("messages").path(0).path("content").path(0);
        assertThat(first.path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(first.path("cache_control").path("ttl").asText()).isEqualTo("1h");
        assertThat(b.path("messages").path(0).path("content").path(1).has("cache_control")).isFalse();
        assertThat(b.path("max_tokens").asInt()).isEqualTo(4096);
    }

    @Test
    void toolResultsComeFirstInOneUserTurnAndUnsignedReasoningStaysHome() throws IOException {
        JsonNode b = encode(fromChat("""
                {"model":"m","messages":[
                  {"role":"user","content":"weather?"},
                  {"role":"assistant","content":null,"reasoning_content":"thinking in DeepSeek",
                   "tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":"sunny"},
                  {"role":"user","content":"and tomorrow?"}]}"""));
        JsonNode messages = b.path("messages");
        assertThat(messages).hasSize(3);
        JsonNode assistant = messages.path(1).path("content");
        assertThat(assistant).hasSize(1);
        assertThat(assistant.path(0).path("type").asText()).isEqualTo("tool_use");
        assertThat(assistant.path(0).path("input").path("city").asText()).isEqualTo("Paris");
        JsonNode user = messages.path(2).path("content");
        assertThat(user.path(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(user.path(0).path("tool_use_id").asText()).isEqualTo("c1");
        assertThat(user.path(1).path("text").asText()).isEqualTo("and tomorrow?");
    }

    @Test
    void ownSignedThinkingGoesBackWrappedTokensUnwrapped() throws IOException {
        JsonNode b = encode(fromChat("""
                {"model":"m","messages":[
                  {"role":"user","content":"q"},
                  {"role":"assistant","content":"a","reasoning_details":[
                     {"type":"reasoning.text","text":"hmm","signature":"swy1:anthropic-messages:SIG","index":0}]},
                  {"role":"user","content":"q2"}]}"""));
        JsonNode thinking = b.path("messages").path(1).path("content").path(0);
        assertThat(thinking.path("type").asText()).isEqualTo("thinking");
        assertThat(thinking.path("thinking").asText()).isEqualTo("hmm");
        assertThat(thinking.path("signature").asText()).isEqualTo("SIG");
    }

    @Test
    void thinkingBudgetRaisesTheOutputCapAndSchemasNeedTheBeta() throws IOException {
        ChatRequest r = fromChat("""
                {"model":"m","max_tokens":1000,"reasoning":{"max_tokens":8000},
                 "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}},
                 "messages":[{"role":"user","content":"q"}]}""");
        UpstreamRequest u = codec.encodeRequest(r, "claude-x", ANTHROPIC);
        JsonNode b = JSON.readTree(u.body().getBytes());
        assertThat(b.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(b.path("thinking").path("budget_tokens").asInt()).isEqualTo(8000);
        assertThat(b.path("max_tokens").asInt()).isGreaterThan(8000);
        assertThat(b.path("output_format").path("schema").path("type").asText()).isEqualTo("object");
        assertThat(u.headers()).containsEntry("anthropic-beta", AnthropicCodec.STRUCTURED_OUTPUTS_BETA);
    }

    @Test
    void unknownFieldsOnlyTravelToTheirOwnProtocol() throws IOException {
        UpstreamRequest u = codec.encodeRequest(fromChat("""
                {"model":"m","logit_bias":{"1":2},"messages":[{"role":"user","content":"q"}]}"""), "c", ANTHROPIC);
        assertThat(u.dropped()).contains("logit_bias");
        assertThat(u.body().toString()).doesNotContain("logit_bias");
        ChatRequest native_ = codec.decodeRequest(JSON.readTree("""
                {"model":"m","max_tokens":5,"container":"abc","messages":[{"role":"user","content":"q"}]}"""));
        UpstreamRequest same = codec.encodeRequest(native_, "c", ANTHROPIC);
        assertThat(same.dropped()).isEmpty();
        assertThat(JSON.readTree(same.body().getBytes()).path("container").asText()).isEqualTo("abc");
    }

    @Test
    void claudeCodesSystemMessagesFoldIntoTheSystemBlocksAndContextManagementGetsItsBeta() throws IOException {
        ChatRequest r = codec.decodeRequest(JSON.readTree("""
                {"model":"m","max_tokens":5,"system":[{"type":"text","text":"top"}],
                 "thinking":{"type":"adaptive"},"output_config":{"effort":"high"},
                 "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
                 "messages":[{"role":"user","content":"q"},{"role":"system","content":"later rule"},
                             {"role":"assistant","content":"a"},{"role":"system","content":[{"type":"text","text":"last"}]},
                             {"role":"user","content":"q2"}]}"""));
        UpstreamRequest u = codec.encodeRequest(r, "claude-x", ANTHROPIC);
        JsonNode b = JSON.readTree(u.body().getBytes());
        assertThat(b.path("system").findValuesAsText("text")).containsExactly("top", "later rule", "last");
        assertThat(b.path("messages").findValuesAsText("role")).containsExactly("user", "assistant", "user");
        assertThat(b.path("thinking").path("type").asText()).isEqualTo("adaptive");
        assertThat(b.path("output_config").path("effort").asText()).isEqualTo("high");
        assertThat(b.has("context_management")).isTrue();
        assertThat(u.headers()).containsEntry("anthropic-beta", AnthropicCodec.CONTEXT_MANAGEMENT_BETA);
    }
}
