package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import dev.switchyard.simulator.Script;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official {@code openai-java} SDK against {@code /v1/chat/completions} and {@code /v1/responses} with the model
 * served by an Anthropic Messages provider, streamed and not, with exact usage.
 */
class OpenAiSdkToAnthropicTest {

    static final String TEXT = "Claude says hello through the switchyard";

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        client = gw.openAi();
    }

    @BeforeEach
    void script() {
        gw.simulator.script("sim-claude", Script.builder().text(TEXT).promptTokens(40).cachedTokens(10)
                .reasoningTokens(4).build());
    }

    @Test
    void chatCompletion() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("test/claude").addUserMessage("Hello").maxCompletionTokens(200).build());
        assertThat(c.choices().get(0).message().content()).contains(TEXT);
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        var usage = c.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(40);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(10L);
        assertThat(usage.completionTokens()).isEqualTo(6 + 4);
        assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).contains(4L);
        assertThat(TestGateway.json(gw.simulator.lastRequestBody()).path("max_tokens").asInt()).isEqualTo(200);
    }

    @Test
    void streamedChatCompletion() {
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("test/claude").addUserMessage("Hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
            });
        }
        assertThat(text.toString()).isEqualTo(TEXT);
        var usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(40);
        assertThat(usage.completionTokens()).isEqualTo(10);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(10L);
    }

    @Test
    void response() {
        Response r = client.responses().create(ResponseCreateParams.builder().model("test/claude")
                .input("Hello").maxOutputTokens(300).store(false).build());
        assertThat(outputText(r)).isEqualTo(TEXT);
        assertUsage(r.usage().orElseThrow());
        assertThat(TestGateway.json(gw.simulator.lastRequestBody()).path("max_tokens").asInt()).isEqualTo(300);
    }

    @Test
    void streamedResponse() {
        StringBuilder deltas = new StringBuilder();
        Response[] completed = new Response[1];
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model("test/claude").input("Hello").store(false).build())) {
            stream.stream().forEach(e -> {
                e.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
                e.completed().ifPresent(c -> completed[0] = c.response());
            });
        }
        assertThat(deltas.toString()).isEqualTo(TEXT);
        assertThat(completed[0]).isNotNull();
        assertThat(outputText(completed[0])).isEqualTo(TEXT);
        assertUsage(completed[0].usage().orElseThrow());
    }

    private static String outputText(Response r) {
        StringBuilder sb = new StringBuilder();
        r.output().forEach(item -> item.message().ifPresent(m -> m.content().forEach(
                c -> c.outputText().ifPresent(t -> sb.append(t.text())))));
        return sb.toString();
    }

    private static void assertUsage(ResponseUsage usage) {
        assertThat(usage.inputTokens()).isEqualTo(40);
        assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(10);
        assertThat(usage.outputTokens()).isEqualTo(10);
        assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(4);
        assertThat(usage.totalTokens()).isEqualTo(50);
    }
}
