package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat completions front door end to end: the official OpenAI Java SDK talks to a real gateway, which talks to a
 * real simulator, over loopback sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatCompletionsEndToEndTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();
    private OpenAIClient client;

    @BeforeAll
    void start() {
        client = env.openAi();
    }

    private static ChatCompletionCreateParams.Builder params(String model, Map<String, Object> script) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("Say something about trains.");
        if (!script.isEmpty()) {
            b.putAdditionalBodyProperty("simulator", JsonValue.from(script));
        }
        return b;
    }

    @Test
    void nonStreamedCompletionComesBackWithGenerationIdAndProvider() {
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(params("test/echo", Map.of("text", "All aboard the night train")).build());
        ChatCompletion completion = raw.parse();

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(completion.choices().get(0).message().content()).contains("All aboard the night train");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(raw.headers().values("x-switchyard-generation-id")).singleElement().asString().startsWith("gen-");
        assertThat(raw.headers().values("x-switchyard-provider")).containsExactly("sim");
        assertThat(raw.headers().values("x-switchyard-model")).containsExactly("test/echo");
        // the fast path rewrote the model name for the provider and forwarded unknown fields untouched
        JsonNode upstream = TestGateway.json(env.simulator.lastRequestBody());
        assertThat(upstream.path("model").asText()).isEqualTo("sim-echo");
        assertThat(upstream.path("simulator").path("text").asText()).isEqualTo("All aboard the night train");
    }

    @Test
    void aliasesAndBareNamesResolve() {
        assertThat(client.chat().completions().create(params("echo", Map.of()).build()).choices()).hasSize(1);
        assertThat(client.chat().completions().create(params("sim-echo", Map.of()).build()).choices()).hasSize(1);
    }

    @Test
    void streamedChunksArriveAsTheSimulatorPacesThem() {
        // 10 tokens at 20 tokens/s: one every 50 ms after a 100 ms first token
        ChatCompletionCreateParams p = params("test/echo",
                Map.of("ttft_ms", 100, "tokens_per_second", 20, "completion_tokens", 10)).build();
        List<Long> arrivals = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(p)) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(t -> {
                if (!t.isEmpty()) {
                    arrivals.add(System.nanoTime());
                    text.append(t);
                }
            })));
        }
        assertThat(arrivals).hasSize(10);
        assertThat(text.toString()).isEqualTo("The switchyard routes every train to its track while signals");
        long spreadMillis = (arrivals.get(9) - arrivals.get(0)) / 1_000_000;
        assertThat(spreadMillis).as("first to last chunk").isGreaterThanOrEqualTo(300);
        long spacedGaps = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            if ((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000 >= 20) {
                spacedGaps++;
            }
        }
        assertThat(spacedGaps).as("gaps of at least 20 ms between consecutive chunks").isGreaterThanOrEqualTo(6);
    }

    @Test
    void toolCallsPassThroughStreamedAndNot() {
        FunctionDefinition weather = FunctionDefinition.builder().name("get_weather")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                .build();
        Map<String, Object> script = Map.of("tool_call", Map.of("name", "get_weather",
                "arguments", "{\"city\":\"Hangzhou\",\"unit\":\"celsius\"}"));

        ChatCompletion done = client.chat().completions()
                .create(params("test/echo", script).addFunctionTool(weather).build());
        var call = done.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Hangzhou\",\"unit\":\"celsius\"}");
        assertThat(done.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);

        StringBuilder args = new StringBuilder();
        List<String> names = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(params("test/echo", script).addFunctionTool(weather).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().toolCalls().ifPresent(calls ->
                    calls.forEach(tc -> {
                        tc.function().flatMap(f -> f.name()).ifPresent(names::add);
                        tc.function().flatMap(f -> f.arguments()).ifPresent(args::append);
                    }))));
        }
        assertThat(names).containsExactly("get_weather");
        assertThat(args.toString()).isEqualTo("{\"city\":\"Hangzhou\",\"unit\":\"celsius\"}");
    }

    @Test
    void usageIsRecordedWithExactTokensAndCost() {
        // 1,000 prompt tokens of which 200 cached, 7 completion tokens of which 3 reasoning.
        // price: prompt $1/M, cached $0.10/M, completion $2/M  =>  800 + 20 + 14 = 834 micro-dollars... exactly:
        // 800 * 1e-6 + 200 * 1e-7 + 7 * 2e-6 = 0.0008 + 0.00002 + 0.000014 = 0.000834
        Map<String, Object> script = Map.of("prompt_tokens", 1000, "cached_tokens", 200, "reasoning_tokens", 3,
                "text", "one two three four");
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(params("test/echo", script).build());
        String id = raw.headers().values("x-switchyard-generation-id").get(0);
        JsonNode g = env.generation(id);
        assertThat(g.path("tokens_prompt").asLong()).isEqualTo(1000);
        assertThat(g.path("native_tokens_cached").asLong()).isEqualTo(200);
        assertThat(g.path("tokens_completion").asLong()).isEqualTo(7);
        assertThat(g.path("native_tokens_reasoning").asLong()).isEqualTo(3);
        assertThat(g.path("total_cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.000834"));
        assertThat(g.path("switchyard").path("cost_picos").asLong()).isEqualTo(834_000_000L);
        assertThat(g.path("model").asText()).isEqualTo("test/echo");
        assertThat(g.path("provider_name").asText()).isEqualTo("sim");
        assertThat(g.path("streamed").asBoolean()).isFalse();
        assertThat(g.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(g.path("switchyard").path("status").asInt()).isEqualTo(200);
        assertThat(g.path("provider_responses")).hasSize(1);
    }

    @Test
    void streamUsageIsAlwaysRecordedButOnlySentWhenAsked() {
        Map<String, Object> script = Map.of("prompt_tokens", 50, "text", "a b c");
        List<ChatCompletionChunk> withoutUsage = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions()
                .createStreaming(params("test/echo", script).build())) {
            s.stream().forEach(withoutUsage::add);
        }
        assertThat(withoutUsage).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        // the gateway asked upstream for usage anyway
        assertThat(TestGateway.json(env.simulator.lastRequestBody()).path("stream_options").path("include_usage")
                .asBoolean()).isTrue();

        List<ChatCompletionChunk> withUsage = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                params("test/echo", script).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true)
                        .build()).build())) {
            s.stream().forEach(withUsage::add);
        }
        assertThat(withUsage).anySatisfy(c -> assertThat(c.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(50);
            assertThat(u.completionTokens()).isEqualTo(3);
        }));

        var raw = env.post("/v1/chat/completions", """
                {"model":"test/echo","stream":true,"messages":[{"role":"user","content":"hi"}],
                 "simulator":{"prompt_tokens":50,"text":"a b c"}}""");
        JsonNode g = env.generation(raw.headers().firstValue("x-switchyard-generation-id").orElseThrow());
        assertThat(g.path("streamed").asBoolean()).isTrue();
        assertThat(g.path("tokens_prompt").asLong()).isEqualTo(50);
        assertThat(g.path("tokens_completion").asLong()).isEqualTo(3);
        assertThat(g.path("total_cost").decimalValue()).isEqualByComparingTo(new BigDecimal("0.000056"));
        assertThat(g.path("switchyard").path("ttft_ms").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void keepAliveCommentsFromUpstreamAreTolerated() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                params("test/echo", Map.of("keep_alives", 3, "ttft_ms", 30, "text", "still here")).build())) {
            s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isEqualTo("still here");
    }

    @Test
    void unknownModelIs404WithCloseMatches() {
        assertThatThrownBy(() -> client.chat().completions().create(params("test/ecoh", Map.of()).build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("test/echo");
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                });
    }

    @Test
    void providerWithoutCredentialsIs503NamingTheVariable() {
        assertThatThrownBy(() -> client.chat().completions().create(params("test/nokey", Map.of()).build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("NOKEY_API_KEY");
                });
    }

    @Test
    void upstreamServerErrorIs502CarryingTheProviderStatusAndMessage() {
        var r = env.post("/v1/chat/completions", """
                {"model":"test/echo","messages":[{"role":"user","content":"hi"}],
                 "simulator":{"error":{"status":500,"message":"the GPU caught fire"}}}""");
        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("message").asText()).contains("HTTP 500").contains("the GPU caught fire");
        assertThat(error.path("metadata").path("provider_status").asInt()).isEqualTo(500);
        assertThat(error.path("metadata").path("provider_name").asText()).isEqualTo("sim");
        assertThat(r.body()).doesNotContain(TestGateway.SIM_KEY);

        assertThatThrownBy(() -> client.chat().completions().create(params("test/echo",
                Map.of("error", Map.of("status", 503, "message", "overloaded"))).build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
    }

    @Test
    void upstreamRateLimitStays429WithRetryAfter() {
        var r = env.post("/v1/chat/completions", """
                {"model":"test/echo","messages":[{"role":"user","content":"hi"}],
                 "simulator":{"error":{"status":429,"message":"slow down","retry_after":7}}}""");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).contains("7");
        assertThat(TestGateway.json(r.body()).path("error").path("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void upstreamTimeoutIs504() {
        var r = env.post("/v1/chat/completions", """
                {"model":"test/echo","messages":[{"role":"user","content":"hi"}],
                 "simulator":{"latency_ms":3000}}""");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(TestGateway.json(r.body()).path("error").path("metadata").path("deadline").asText())
                .isEqualTo("first_byte");
    }

    @Test
    void unreachableProviderIs502() {
        var r = env.post("/v1/chat/completions", """
                {"model":"test/dead","messages":[{"role":"user","content":"hi"}]}""");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(TestGateway.json(r.body()).path("error").path("message").asText()).contains("could not connect");
    }

    @Test
    void connectionResetByTheProviderIs502() {
        var r = env.post("/v1/chat/completions", """
                {"model":"test/echo","messages":[{"role":"user","content":"hi"}],"simulator":{"fault":"reset"}}""");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(TestGateway.json(r.body()).path("error").path("message").asText()).contains("closed the connection");
    }

    @Test
    void malformedJsonIs400() {
        var r = env.post("/v1/chat/completions", "{\"model\": \"test/echo\", \"messages\": [");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("malformed JSON");
        assertThat(r.headers().firstValue("x-switchyard-generation-id")).isPresent();
    }

    @Test
    void missingFieldsAre400NamingTheField() {
        var noModel = env.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(noModel.body()).path("error").path("param").asText()).isEqualTo("model");
        assertThat(TestGateway.json(noModel.body()).path("error").path("message").asText()).contains("'model'");

        var noMessages = env.post("/v1/chat/completions", "{\"model\":\"test/echo\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(noMessages.body()).path("error").path("param").asText()).isEqualTo("messages");
    }

    @Test
    void tooDeeplyNestedBodyIs400() {
        String deep = "[".repeat(200) + "]".repeat(200);
        var r = env.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\","
                + "\"content\":" + deep + "}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(r.body()).path("error").path("message").asText()).contains("nesting");
    }

    @Test
    void streamCutAfterFirstByteEndsWithAnInBandErrorAndIsRecorded() {
        var r = env.post("/v1/chat/completions", """
                {"model":"test/echo","stream":true,"messages":[{"role":"user","content":"hi"}],
                 "simulator":{"fault":"cut","cut_after_chunks":3}}""");
        assertThat(r.statusCode()).isEqualTo(200);
        String[] events = r.body().split("\n\n");
        String last = events[events.length - 1];
        assertThat(last).startsWith("data: ").contains("\"finish_reason\":\"error\"").contains("\"error\"");
        assertThat(r.body()).doesNotContain("[DONE]");
        JsonNode g = env.generation(r.headers().firstValue("x-switchyard-generation-id").orElseThrow());
        assertThat(g.path("switchyard").path("status").asInt()).isEqualTo(502);
        assertThat(g.path("switchyard").path("error_class").asText()).isEqualTo("connection_lost");
    }

    @Test
    void malformedUpstreamEventEndsTheStreamInAnErrorAndAFailedRecord() {
        // issue 12, defect 3: the event `data: {"choices": [oops` used to reach the client, then [DONE], and the
        // ledger said 200 stop
        var r = env.post("/v1/chat/completions", """
                {"model":"test/echo","stream":true,"messages":[{"role":"user","content":"hi"}],
                 "simulator":{"fault":"malformed_sse","text":"x y"}}""");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"content\":\"x\"").doesNotContain("oops").doesNotContain("[DONE]")
                .doesNotContain("\"content\":\" y\"");
        String[] events = r.body().strip().split("\n\n");
        String last = events[events.length - 1];
        assertThat(last).startsWith("data: ").contains("\"finish_reason\":\"error\"")
                .contains("malformed stream event");
        JsonNode g = env.generation(r.headers().firstValue("x-switchyard-generation-id").orElseThrow());
        assertThat(g.path("switchyard").path("status").asInt()).isEqualTo(502);
        assertThat(g.path("switchyard").path("error_class").asText())
                .as("the endpoint's fault (decision 0009), not the provider's verdict on the request")
                .isEqualTo("stream_malformed");
        assertThat(g.path("finish_reason").asText()).isNotEqualTo("stop");
        assertThat(g.path("tokens_completion").asLong()).as("the token delivered is billed").isEqualTo(1);
        assertThat(g.path("switchyard").path("usage_estimated").asBoolean()).isTrue();
    }

    @Test
    void trickledEventsAreReassembledWhole() {
        var r = env.post("/v1/chat/completions", """
                {"model":"test/echo","stream":true,"messages":[{"role":"user","content":"hi"}],
                 "simulator":{"fault":"trickle","trickle_bytes":7,"trickle_delay_ms":0,"text":"slow but whole"}}""");
        assertThat(r.statusCode()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (String event : r.body().split("\n\n")) {
            if (event.startsWith("data: {")) {
                TestGateway.json(event.substring(6)).path("choices").forEach(c ->
                        text.append(c.path("delta").path("content").asText("")));
            }
        }
        assertThat(text.toString()).isEqualTo("slow but whole");
    }
}
