package dev.switchyard.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.DataPolicy;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.gemini.GeminiCodec;
import dev.switchyard.providers.openai.OpenAiChatCodec;
import dev.switchyard.providers.responses.ResponsesCodec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The unified reasoning control, both ways: each door's native control reads into the IR's {@link ReasoningConfig},
 * and one OpenRouter-style request is written in every provider protocol's and dialect's own controls (the table in
 * {@code docs/compatibility.md}, "Reasoning controls").
 */
class ReasoningMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiChatCodec chat = new OpenAiChatCodec(JSON);
    private final AnthropicCodec anthropic = new AnthropicCodec(JSON);
    private final GeminiCodec gemini = new GeminiCodec(JSON);

    private static ProviderSpec provider(String id, WireProtocol protocol) {
        return new ProviderSpec(id, id, protocol, "http://x/v1", AuthScheme.BEARER, "", List.of(), true, Map.of(),
                "US", DataPolicy.UNKNOWN);
    }

    /** A Chat Completions request with OpenRouter's reasoning object, as a client would send it. */
    private ChatRequest chatRequest(String reasoning, String more) throws IOException {
        return chat.decodeRequest(JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + more + ",\"reasoning\":" + reasoning + "}"));
    }

    private JsonNode write(ChatRequest r, String providerId) throws IOException {
        ProviderCodec codec;
        WireProtocol protocol;
        switch (providerId) {
            case "anthropic" -> {
                codec = anthropic;
                protocol = WireProtocol.ANTHROPIC_MESSAGES;
            }
            case "google" -> {
                codec = gemini;
                protocol = WireProtocol.GEMINI;
            }
            default -> {
                codec = chat;
                protocol = WireProtocol.OPENAI_CHAT;
            }
        }
        return JSON.readTree(codec.encodeRequest(r, "up", provider(providerId, protocol)).body().getBytes());
    }

    // --- reading: every door's control into the IR ---

    @Test
    void openRouterReasoningOnTheChatDoor() throws IOException {
        assertThat(chatRequest("{\"effort\":\"high\"}", "").reasoning())
                .contains(new ReasoningConfig(true, "high", 0, true));
        assertThat(chatRequest("{\"max_tokens\":3000,\"exclude\":true}", "").reasoning())
                .contains(new ReasoningConfig(true, "", 3000, false));
        assertThat(chatRequest("{\"enabled\":false}", "").reasoning().orElseThrow().enabled()).isFalse();
        assertThat(chatRequest("{\"effort\":\"none\"}", "").reasoning().orElseThrow().enabled()).isFalse();
        ChatRequest effortOnly = chat.decodeRequest(JSON.readTree(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"low\"}"));
        assertThat(effortOnly.reasoning()).contains(new ReasoningConfig(true, "low", 0, true));
    }

    @Test
    void openRouterReasoningOnTheResponsesDoor() throws IOException {
        ChatRequest r = new ResponsesCodec().decodeRequest(JSON.readTree(
                "{\"model\":\"m\",\"input\":\"hi\",\"reasoning\":{\"effort\":\"medium\",\"max_tokens\":5000,"
                        + "\"exclude\":true,\"summary\":\"auto\"}}"));
        assertThat(r.reasoning()).contains(new ReasoningConfig(true, "medium", 5000, false));
        ChatRequest codex = new ResponsesCodec().decodeRequest(JSON.readTree(
                "{\"model\":\"m\",\"input\":\"hi\",\"reasoning\":{\"effort\":\"high\"}}"));
        assertThat(codex.reasoning()).contains(new ReasoningConfig(true, "high", 0, true)); // text kept for round trips
    }

    @Test
    void anthropicThinkingOnTheMessagesDoor() throws IOException {
        ChatRequest budget = anthropic.decodeRequest(JSON.readTree("{\"model\":\"m\",\"max_tokens\":9000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":5000}}"));
        assertThat(budget.reasoning()).contains(new ReasoningConfig(true, "", 5000, true));
        ChatRequest adaptive = anthropic.decodeRequest(JSON.readTree("{\"model\":\"m\",\"max_tokens\":9000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"},\"output_config\":{\"effort\":\"xhigh\"}}"));
        assertThat(adaptive.reasoning()).contains(new ReasoningConfig(true, "xhigh", 0, false));
    }

    @Test
    void geminiThinkingConfigOnTheGeminiDoor() throws IOException {
        ChatRequest budget = gemini.decodeRequest(JSON.readTree("{\"model\":\"m\",\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"thinkingConfig\":"
                + "{\"thinkingBudget\":3000,\"includeThoughts\":true}}}"));
        assertThat(budget.reasoning()).contains(new ReasoningConfig(true, "", 3000, true));
        ChatRequest level = gemini.decodeRequest(JSON.readTree("{\"model\":\"m\",\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"thinkingConfig\":{\"thinkingLevel\":\"LOW\"}}}"));
        assertThat(level.reasoning()).contains(new ReasoningConfig(true, "low", 0, false));
        ChatRequest off = gemini.decodeRequest(JSON.readTree("{\"model\":\"m\",\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":0}}}"));
        assertThat(off.reasoning().orElseThrow().enabled()).isFalse();
    }

    // --- the conversions ---

    @Test
    void anEffortIsAShareOfTheOutputCapAndABudgetReadsAsAnEffort() {
        ReasoningConfig high = new ReasoningConfig(true, "high", 0, true);
        assertThat(high.budgetOr(OptionalLong.of(10_000))).isEqualTo(8_000);
        assertThat(high.budgetOr(OptionalLong.empty())).isEqualTo(13_107); // 0.8 of 16384
        assertThat(high.budgetOr(OptionalLong.of(100_000))).isEqualTo(ReasoningConfig.MAX_BUDGET);
        assertThat(new ReasoningConfig(true, "minimal", 0, true).budgetOr(OptionalLong.of(2_000)))
                .isEqualTo(ReasoningConfig.MIN_BUDGET);
        assertThat(new ReasoningConfig(true, "", 2_500, true).budgetOr(OptionalLong.of(100))).isEqualTo(2_500);
        assertThat(new ReasoningConfig(true, "", 2_000, true).effortOr()).isEqualTo("low");
        assertThat(new ReasoningConfig(true, "", 8_000, true).effortOr()).isEqualTo("medium");
        assertThat(new ReasoningConfig(true, "", 20_000, true).effortOr()).isEqualTo("high");
    }

    // --- writing: one unified request, each provider's native control ---

    @Test
    void anEffortInEveryProvidersOwnControl() throws IOException {
        ChatRequest r = chatRequest("{\"effort\":\"high\"}", ",\"max_tokens\":10000,\"stream\":true");

        assertThat(write(r, "openai").path("reasoning_effort").asText()).isEqualTo("high");
        JsonNode deepseek = write(r, "deepseek");
        assertThat(deepseek.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(deepseek.path("reasoning_effort").asText()).isEqualTo("high");
        JsonNode qwen = write(r, "dashscope");
        assertThat(qwen.path("enable_thinking").asBoolean()).isTrue();
        assertThat(qwen.path("thinking_budget").asLong()).isEqualTo(8_000);
        JsonNode kimi = write(r, "moonshot");
        assertThat(kimi.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(kimi.path("reasoning_effort").asText()).isEqualTo("high");
        JsonNode glm = write(r, "zai");
        assertThat(glm.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(glm.has("reasoning_effort")).isFalse();
        assertThat(write(r, "vllm").path("reasoning_effort").asText()).isEqualTo("high");
        JsonNode claude = write(r, "anthropic");
        assertThat(claude.path("thinking").path("type").asText()).isEqualTo("adaptive");
        assertThat(claude.path("output_config").path("effort").asText()).isEqualTo("high");
        JsonNode gem = write(r, "google").path("generationConfig").path("thinkingConfig");
        assertThat(gem.path("thinkingLevel").asText()).isEqualTo("high");
        assertThat(gem.path("includeThoughts").asBoolean()).isTrue();
    }

    @Test
    void aBudgetInEveryProvidersOwnControl() throws IOException {
        ChatRequest r = chatRequest("{\"max_tokens\":2048}", ",\"max_tokens\":4000,\"stream\":true");

        assertThat(write(r, "openai").path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(write(r, "deepseek").path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(write(r, "dashscope").path("thinking_budget").asLong()).isEqualTo(2048);
        assertThat(write(r, "moonshot").has("reasoning_effort")).isFalse(); // K2 takes the switch only
        JsonNode claude = write(r, "anthropic");
        assertThat(claude.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(claude.path("thinking").path("budget_tokens").asLong()).isEqualTo(2048);
        assertThat(claude.path("max_tokens").asLong()).isEqualTo(4000); // above the budget already
        assertThat(write(r, "google").path("generationConfig").path("thinkingConfig").path("thinkingBudget").asLong())
                .isEqualTo(2048);
    }

    @Test
    void reasoningSwitchedOffInEveryProvidersOwnControl() throws IOException {
        ChatRequest r = chatRequest("{\"enabled\":false}", ",\"stream\":true");

        assertThat(write(r, "openai").path("reasoning_effort").asText()).isEqualTo("none");
        assertThat(write(r, "deepseek").path("thinking").path("type").asText()).isEqualTo("disabled");
        assertThat(write(r, "deepseek").has("reasoning_effort")).isFalse();
        assertThat(write(r, "dashscope").path("enable_thinking").asBoolean(true)).isFalse();
        assertThat(write(r, "moonshot").path("thinking").path("type").asText()).isEqualTo("disabled");
        assertThat(write(r, "zai").path("thinking").path("type").asText()).isEqualTo("disabled");
        assertThat(write(r, "vllm").has("reasoning_effort")).isFalse();
        assertThat(write(r, "anthropic").path("thinking").path("type").asText()).isEqualTo("disabled");
        assertThat(write(r, "google").path("generationConfig").path("thinkingConfig").path("thinkingBudget").asInt(-1))
                .isZero();
    }

    @Test
    void excludeAsksProvidersThatCanOmitTheTextToOmitIt() throws IOException {
        ChatRequest r = chatRequest("{\"effort\":\"medium\",\"exclude\":true}", ",\"stream\":true");

        assertThat(write(r, "anthropic").path("thinking").path("display").asText()).isEqualTo("omitted");
        assertThat(write(r, "google").path("generationConfig").path("thinkingConfig").path("includeThoughts")
                .asBoolean(true)).isFalse();
        // the OpenAI-compatible vendors have no such switch: the gateway drops the text (HiddenReasoning)
        assertThat(write(r, "deepseek").path("thinking").path("type").asText()).isEqualTo("enabled");
    }

    @Test
    void qwenThinksOnlyWhenStreamed() throws IOException {
        ChatRequest r = chatRequest("{\"effort\":\"low\"}", "");
        assertThat(write(r, "dashscope").path("enable_thinking").asBoolean(true)).isFalse();
    }
}
