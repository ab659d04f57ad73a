package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.simulator.Script;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unified reasoning control end to end over HTTP: what a client says on one door reaches the simulator in the
 * provider protocol's own control, and {@code exclude} keeps the reasoning text out of the answer (streamed or not)
 * while the answer itself arrives. The per-dialect mapping is unit-tested in the providers module
 * ({@code ReasoningMappingTest}).
 */
class ReasoningControlsTest {

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass(b -> b.deadline("first_byte", Duration.ofSeconds(30))
            .deadline("idle", Duration.ofSeconds(30)).deadline("total", Duration.ofSeconds(60))); // a busy machine

    private static final String THOUGHT = "pondering the question carefully";
    private static final String ANSWER = "forty two is the answer";

    @BeforeEach
    void script() {
        gw.simulator.clearScripts();
        Script thinks = Script.builder().thinking(THOUGHT).text(ANSWER).build();
        gw.simulator.script("sim-echo", thinks);
        gw.simulator.script("sim-claude", thinks);
        gw.simulator.script("sim-gem", thinks);
    }

    private static JsonNode upstream() {
        return TestGateway.json(gw.simulator.lastRequestBody());
    }

    @Test
    void openRouterReasoningOnChatIsMappedNotPassedRaw() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", """
                {"model": "test/echo", "max_tokens": 1000, "reasoning": {"effort": "high"},
                 "messages": [{"role": "user", "content": "think"}]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = upstream();
        assertThat(sent.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(sent.has("reasoning")).isFalse();
        JsonNode message = TestGateway.json(r.body()).path("choices").path(0).path("message");
        assertThat(message.path("content").asText()).isEqualTo(ANSWER);
        assertThat(message.path("reasoning").asText() + message.path("reasoning_content").asText()).contains("pondering");
    }

    @Test
    void excludeHidesTheReasoningTextOnChatWholeAndStreamed() {
        String body = """
                {"model": "test/echo", "stream": %s, "reasoning": {"effort": "low", "exclude": true},
                 "messages": [{"role": "user", "content": "think"}]}""";
        HttpResponse<String> whole = gw.post("/v1/chat/completions", body.formatted("false"));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(whole.body()).contains(ANSWER).doesNotContain("pondering");
        assertThat(upstream().path("reasoning_effort").asText()).isEqualTo("low");

        HttpResponse<String> streamed = gw.post("/v1/chat/completions", body.formatted("true"));
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("forty").contains("[DONE]").doesNotContain("pondering");
    }

    @Test
    void excludeOnTheAnthropicProviderKeepsTheSignatureAndDropsTheText() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", """
                {"model": "test/claude", "stream": true, "max_tokens": 3000,
                 "reasoning": {"max_tokens": 2000, "exclude": true},
                 "messages": [{"role": "user", "content": "think"}]}""");
        assertThat(r.statusCode()).as(r.body() + r.headers() + gw.simulator.lastRequestBody()).isEqualTo(200);
        JsonNode thinking = upstream().path("thinking");
        assertThat(thinking.path("type").asText()).isEqualTo("enabled");
        assertThat(thinking.path("budget_tokens").asLong()).isEqualTo(2000);
        assertThat(thinking.path("display").asText()).isEqualTo("omitted");
        assertThat(r.body()).contains("forty").doesNotContain("pondering").contains("reasoning_details");
    }

    @Test
    void anthropicThinkingBudgetReachesGeminiAsThinkingBudget() {
        HttpResponse<String> r = gw.post("/v1/messages", """
                {"model": "test/gem", "max_tokens": 3000, "stream": true,
                 "thinking": {"type": "enabled", "budget_tokens": 2048},
                 "messages": [{"role": "user", "content": "think"}]}""", "anthropic-version", "2023-06-01");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode config = upstream().path("generationConfig").path("thinkingConfig");
        assertThat(config.path("thinkingBudget").asLong()).isEqualTo(2048);
        assertThat(config.path("includeThoughts").asBoolean()).isTrue();
        assertThat(r.body()).contains("thinking_delta").contains("pondering").contains("forty");
    }

    @Test
    void geminiThinkingLevelReachesAnthropicAsAdaptiveEffort() {
        HttpResponse<String> r = gw.post("/v1beta/models/test/claude:generateContent", """
                {"contents": [{"role": "user", "parts": [{"text": "think"}]}],
                 "generationConfig": {"thinkingConfig": {"thinkingLevel": "HIGH", "includeThoughts": true}}}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode sent = upstream();
        assertThat(sent.path("thinking").path("type").asText()).isEqualTo("adaptive");
        assertThat(sent.path("output_config").path("effort").asText()).isEqualTo("high");
        assertThat(r.body()).contains("pondering").contains("forty");
    }

    @Test
    void responsesReasoningReachesTheOpenAiCompatibleProviderAsReasoningEffort() {
        HttpResponse<String> r = gw.post("/v1/responses", """
                {"model": "test/echo", "input": "think", "reasoning": {"effort": "medium", "exclude": true}}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(upstream().path("reasoning_effort").asText()).isEqualTo("medium");
        assertThat(r.body()).contains(ANSWER).doesNotContain("pondering");
    }
}
