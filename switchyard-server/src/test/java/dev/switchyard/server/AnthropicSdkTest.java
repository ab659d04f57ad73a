package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.simulator.Script;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official {@code anthropic-java} SDK against {@code /v1/messages}, as Claude Code would use it, with the model
 * served by an OpenAI-compatible provider and by a Gemini provider: streamed text, a streamed tool call, and a
 * thinking round trip on a second turn, each with exact usage.
 */
class AnthropicSdkTest {

    static final String THINKING = "Paris is in France so I look up its weather";

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();
    private static AnthropicClient client;

    @BeforeAll
    static void start() {
        client = AnthropicOkHttpClient.builder().apiKey("client-key").baseUrl(gw.baseUrl()).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static Message stream(MessageCreateParams params) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(params)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("Current weather")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city")).build())
                .build();
    }

    private static void assertUsage(Usage usage, long reasoning) {
        assertThat(usage.inputTokens()).isEqualTo(30);
        assertThat(usage.cacheReadInputTokens()).contains(10L);
        assertThat(usage.cacheCreationInputTokens()).contains(0L);
        assertThat(usage.outputTokens()).isEqualTo(16 + reasoning);
    }

    @ParameterizedTest(name = "served by {0}")
    @CsvSource({"test/echo, sim-echo", "test/gem, sim-gem"})
    void streamedText(String model, String upstream) {
        gw.simulator.script(upstream, Script.builder().promptTokens(40).cachedTokens(10).completionTokens(16).build());
        Message message = stream(MessageCreateParams.builder().model(model).maxTokens(256)
                .addUserMessage("Say something").build());
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).asText().text())
                .isEqualTo("The switchyard routes every train to its track while signals change and freight keeps "
                        + "moving on");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.model().asString()).isEqualTo(model);
        assertUsage(message.usage(), 0);
    }

    @ParameterizedTest(name = "served by {0}")
    @CsvSource({"test/echo, sim-echo", "test/gem, sim-gem"})
    void streamedToolCall(String model, String upstream) {
        gw.simulator.script(upstream, Script.builder().toolCall("get_weather", "{\"city\":\"Paris\"}")
                .promptTokens(40).cachedTokens(10).completionTokens(16).build());
        Message message = stream(MessageCreateParams.builder().model(model).maxTokens(256)
                .addUserMessage("Weather in Paris?").addTool(weatherTool()).build());
        ToolUseBlock call = message.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow()
                .asToolUse();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().toString()).isEqualTo("{city=Paris}");
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertUsage(message.usage(), 0);
    }

    @ParameterizedTest(name = "served by {0}")
    @CsvSource({"test/echo, sim-echo", "test/gem, sim-gem"})
    void thinkingRoundTripOnTheSecondTurn(String model, String upstream) {
        gw.simulator.script(upstream, Script.builder().thinking(THINKING).toolCall("get_weather", "{\"city\":\"Paris\"}")
                .promptTokens(40).cachedTokens(10).completionTokens(16).reasoningTokens(9).build());
        MessageCreateParams first = MessageCreateParams.builder().model(model).maxTokens(3000).enabledThinking(2048)
                .addUserMessage("Weather in Paris?").addTool(weatherTool()).build();
        Message turn1 = stream(first);
        ThinkingBlock thinking = turn1.content().stream().filter(ContentBlock::isThinking).findFirst().orElseThrow()
                .asThinking();
        assertThat(thinking.thinking()).isEqualTo(THINKING);
        assertThat(thinking.signature()).isNotEmpty();
        ToolUseBlock call = turn1.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow()
                .asToolUse();
        assertUsage(turn1.usage(), 9);

        // the provider thinks again, and refuses a history whose reasoning did not come back
        gw.simulator.script(upstream, Script.builder().thinking(THINKING).text("It is 18 degrees")
                .promptTokens(40).cachedTokens(10).build());
        Message turn2 = stream(first.toBuilder().addMessage(turn1)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam
                        .builder().toolUseId(call.id()).content("18 degrees and sunny").build())))
                .build());
        assertThat(turn2.content().stream().filter(ContentBlock::isText).findFirst().orElseThrow().asText().text())
                .isEqualTo("It is 18 degrees");
        JsonNode upstreamBody = TestGateway.json(gw.simulator.lastRequestBody());
        if (upstream.equals("sim-echo")) {
            JsonNode assistant = upstreamBody.path("messages").path(1);
            assertThat(assistant.path("role").asText()).isEqualTo("assistant");
            assertThat(assistant.path("reasoning_content").asText()).isEqualTo(THINKING);
            assertThat(assistant.path("tool_calls").path(0).path("id").asText()).isEqualTo(call.id());
        } else {
            JsonNode model1 = upstreamBody.path("contents").path(1);
            assertThat(model1.path("role").asText()).isEqualTo("model");
            assertThat(model1.toString()).contains("\"thoughtSignature\":\"sim-sig:");
            assertThat(upstreamBody.path("contents").path(2).toString()).contains("18 degrees and sunny");
        }
    }
}
