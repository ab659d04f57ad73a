package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.ir.Capability;
import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.gemini.GeminiCodec;
import dev.switchyard.providers.openai.OpenAiChatCodec;
import dev.switchyard.simulator.Script;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider conformance suite: every front door against every provider protocol, streamed and not, over real
 * sockets to the simulator. For each pair it runs one check per capability that both sides declare
 * ({@link dev.switchyard.core.ir.FrontDoorCodec#capabilities()}, {@link ProviderCodec#capabilities()}), so a
 * declaration cannot claim more than the tests show. docs/compatibility.md's matrix is generated from the same
 * declarations ({@link CompatibilityMatrixTest}).
 */
class ConformanceTest {

    /** The provider protocols, each a catalog model on a simulator endpoint speaking that protocol. */
    enum Provider {
        OPENAI("test/echo", "sim-echo", new OpenAiChatCodec(Conversation.JSON)),
        ANTHROPIC("test/claude", "sim-claude", new AnthropicCodec(Conversation.JSON)),
        GEMINI("test/gem", "sim-gem", new GeminiCodec(Conversation.JSON));

        final String model;
        final String upstream;
        final ProviderCodec codec;

        Provider(String model, String upstream, ProviderCodec codec) {
            this.model = model;
            this.upstream = upstream;
            this.codec = codec;
        }
    }

    static final String THINKING = "Paris is in France so I look up its weather";
    static final String TOOL_ARGS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    /** The capabilities a pair is tested for: what both sides declare. */
    static Set<Capability> shared(Door door, Provider provider) {
        Set<Capability> s = EnumSet.copyOf(door.codec().capabilities());
        s.retainAll(provider.codec.capabilities());
        return s;
    }

    @TestFactory
    Stream<DynamicNode> everyFrontDoorAgainstEveryProviderProtocol() {
        List<DynamicNode> pairs = new ArrayList<>();
        for (Door door : Door.values()) {
            for (Provider provider : Provider.values()) {
                for (boolean stream : new boolean[] {false, true}) {
                    List<DynamicTest> checks = new ArrayList<>();
                    for (Capability c : shared(door, provider)) {
                        if (c == Capability.STREAMED_TOOLS && !stream) {
                            continue;
                        }
                        checks.add(DynamicTest.dynamicTest(c.label(), () -> check(c, door, provider, stream)));
                    }
                    pairs.add(DynamicContainer.dynamicContainer(door + " door x " + provider + " provider, "
                            + (stream ? "streamed" : "not streamed"), checks));
                }
            }
        }
        return pairs.stream();
    }

    private void check(Capability c, Door door, Provider provider, boolean stream) {
        switch (c) {
            case TEXT -> text(door, provider, stream);
            case TOOLS -> tools(door, provider, stream, false);
            case STREAMED_TOOLS -> tools(door, provider, stream, true);
            case REASONING_ROUND_TRIP -> reasoning(door, provider, stream);
            case JSON_SCHEMA -> jsonSchema(door, provider, stream);
            case IMAGES -> images(door, provider, stream);
            case USAGE -> usage(door, provider, stream);
        }
    }

    record Sent(HttpResponse<String> http, Reply reply) {
        String generationId() {
            return http.headers().firstValue("x-switchyard-generation-id").orElseThrow();
        }
    }

    static Sent send(Door door, Provider provider, Conversation c, boolean stream) {
        HttpResponse<String> r = gw.post(door.path(provider.model, stream),
                door.body(provider.model, c, stream).toString());
        assertThat(r.statusCode()).as("status of %s, body %s", door, r.body()).isEqualTo(200);
        if (stream) {
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        }
        return new Sent(r, door.read(r.statusCode(), r.body(), stream));
    }

    private static JsonNode upstreamBody() {
        return TestGateway.json(gw.simulator.lastRequestBody());
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    private void text(Door door, Provider provider, boolean stream) {
        gw.simulator.script(provider.upstream, Script.builder().text("Sunny skies over the river").build());
        Reply reply = send(door, provider, Conversation.plain(), stream).reply();
        assertThat(reply.text()).isEqualTo("Sunny skies over the river");
        assertThat(reply.calls()).isEmpty();
        assertThat(reply.finish()).isEqualTo(switch (door) {
            case CHAT -> "stop";
            case MESSAGES -> "end_turn";
            case RESPONSES -> "completed";
            case GEMINI -> "STOP";
        });
        assertThat(gw.simulator.lastRequestBody()).contains(Conversation.USER_TEXT);
    }

    private void tools(Door door, Provider provider, boolean stream, boolean fragmentsMatter) {
        gw.simulator.script(provider.upstream, Script.builder().toolCall("get_weather", TOOL_ARGS).build());
        Reply reply = send(door, provider, Conversation.plain().withTool(), stream).reply();
        assertThat(reply.calls()).hasSize(1);
        Reply.Call call = reply.calls().get(0);
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.id()).isNotBlank();
        assertThat(TestGateway.json(call.arguments())).isEqualTo(TestGateway.json(TOOL_ARGS));
        assertThat(reply.finish()).isEqualTo(switch (door) {
            case CHAT -> "tool_calls";
            case MESSAGES -> "tool_use";
            case RESPONSES -> "completed";
            case GEMINI -> "STOP";
        });
        if (fragmentsMatter) {
            assertThat(call.fragments()).as("argument fragments streamed").isGreaterThan(1);
        }
        JsonNode upstream = upstreamBody();
        JsonNode schema = switch (provider) {
            case OPENAI -> upstream.path("tools").path(0).path("function").path("parameters");
            case ANTHROPIC -> upstream.path("tools").path(0).path("input_schema");
            case GEMINI -> upstream.path("tools").path(0).path("functionDeclarations").path(0)
                    .path("parametersJsonSchema");
        };
        assertThat(schema).as("tool schema in the provider's request").isEqualTo(Conversation.TOOL_PARAMETERS);
    }

    private void reasoning(Door door, Provider provider, boolean stream) {
        gw.simulator.script(provider.upstream, Script.builder().thinking(THINKING).toolCall("get_weather", TOOL_ARGS)
                .build());
        Conversation first = Conversation.plain().withTool().withReasoning();
        Reply turn1 = send(door, provider, first, stream).reply();
        assertThat(turn1.reasoning()).isEqualTo(THINKING);
        assertThat(turn1.calls()).hasSize(1);
        if (provider != Provider.OPENAI) {
            assertThat(turn1.reasoningToken()).as("the provider's signature reaches the client").isNotEmpty();
        }
        // the provider still thinks on the second turn, so it checks that its reasoning came back
        gw.simulator.script(provider.upstream, Script.builder().thinking(THINKING).text("It is 18 degrees").build());
        Reply turn2 = send(door, provider, first.after(turn1), stream).reply();
        assertThat(turn2.text()).isEqualTo("It is 18 degrees");
        JsonNode upstream = upstreamBody();
        switch (provider) {
            case OPENAI -> {
                JsonNode assistant = find(upstream.path("messages"), m -> m.path("role").asText().equals("assistant"));
                assertThat(assistant.path("reasoning_content").asText()).isEqualTo(THINKING);
                assertThat(assistant.path("tool_calls").path(0).path("function").path("name").asText())
                        .isEqualTo("get_weather");
                JsonNode tool = find(upstream.path("messages"), m -> m.path("role").asText().equals("tool"));
                assertThat(tool.path("content").asText()).isEqualTo(Conversation.TOOL_RESULT);
            }
            case ANTHROPIC -> {
                JsonNode assistant = find(upstream.path("messages"), m -> m.path("role").asText().equals("assistant"));
                JsonNode thinking = find(assistant.path("content"), b -> b.path("type").asText().equals("thinking"));
                assertThat(thinking.path("thinking").asText()).isEqualTo(THINKING);
                assertThat(thinking.path("signature").asText()).startsWith("sim-sig:");
                JsonNode result = find(upstream.path("messages").path(2).path("content"),
                        b -> b.path("type").asText().equals("tool_result"));
                assertThat(result.toString()).contains(Conversation.TOOL_RESULT);
            }
            case GEMINI -> {
                JsonNode model = find(upstream.path("contents"), m -> m.path("role").asText().equals("model"));
                JsonNode call = find(model.path("parts"), p -> p.has("functionCall"));
                assertThat(call.path("thoughtSignature").asText()).startsWith("sim-sig:");
                JsonNode response = find(upstream.path("contents").path(2).path("parts"),
                        p -> p.has("functionResponse"));
                assertThat(response.path("functionResponse").path("name").asText()).isEqualTo("get_weather");
                assertThat(response.toString()).contains(Conversation.TOOL_RESULT);
            }
        }
    }

    private void jsonSchema(Door door, Provider provider, boolean stream) {
        gw.simulator.script(provider.upstream, Script.builder().text("{\"city\":\"Paris\"}").build());
        Reply reply = send(door, provider, Conversation.plain().withSchema(), stream).reply();
        assertThat(TestGateway.json(reply.text())).isEqualTo(TestGateway.json("{\"city\":\"Paris\"}"));
        JsonNode upstream = upstreamBody();
        JsonNode schema = switch (provider) {
            case OPENAI -> upstream.path("response_format").path("json_schema").path("schema");
            case ANTHROPIC -> upstream.path("output_format").path("schema");
            case GEMINI -> upstream.path("generationConfig").path("responseJsonSchema");
        };
        assertThat(schema).as("schema in the provider's request").isEqualTo(Conversation.SCHEMA);
    }

    private void images(Door door, Provider provider, boolean stream) {
        gw.simulator.script(provider.upstream, Script.builder().text("A tiny picture").build());
        Reply reply = send(door, provider, Conversation.plain().withImage(), stream).reply();
        assertThat(reply.text()).isEqualTo("A tiny picture");
        String upstream = gw.simulator.lastRequestBody();
        JsonNode body = TestGateway.json(upstream);
        switch (provider) {
            case OPENAI -> assertThat(upstream).contains("\"url\":\"data:image/png;base64," + Conversation.PNG + "\"");
            case ANTHROPIC -> {
                JsonNode image = find(body.path("messages").path(0).path("content"),
                        b -> b.path("type").asText().equals("image"));
                assertThat(image.path("source").path("media_type").asText()).isEqualTo("image/png");
                assertThat(image.path("source").path("data").asText()).isEqualTo(Conversation.PNG);
            }
            case GEMINI -> {
                JsonNode part = find(body.path("contents").path(0).path("parts"), p -> p.has("inlineData"));
                assertThat(part.path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
                assertThat(part.path("inlineData").path("data").asText()).isEqualTo(Conversation.PNG);
            }
        }
    }

    private void usage(Door door, Provider provider, boolean stream) {
        gw.simulator.script(provider.upstream, Script.builder().promptTokens(40).cachedTokens(10).completionTokens(16)
                .reasoningTokens(5).build());
        Sent sent = send(door, provider, Conversation.plain(), stream);
        Reply reply = sent.reply();
        long reasoning = 5;
        assertThat(reply.usage().get("prompt")).isEqualTo(40);
        assertThat(reply.usage().get("cached")).isEqualTo(10);
        assertThat(reply.usage().get("completion")).isEqualTo(21);
        if (reply.usage().containsKey("reasoning")) {
            assertThat(reply.usage().get("reasoning")).isEqualTo(reasoning);
        }
        JsonNode ledger = gw.generation(sent.generationId());
        assertThat(ledger.path("native_tokens_prompt").asLong()).isEqualTo(40);
        assertThat(ledger.path("native_tokens_cached").asLong()).isEqualTo(10);
        assertThat(ledger.path("native_tokens_completion").asLong()).isEqualTo(21);
        assertThat(ledger.path("native_tokens_reasoning").asLong()).isEqualTo(reasoning);
        assertThat(ledger.path("provider_name").asText()).isEqualTo(switch (provider) {
            case OPENAI -> "sim";
            case ANTHROPIC -> "sim-anthropic";
            case GEMINI -> "sim-gemini";
        });
    }

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode n : array) {
            if (test.test(n)) {
                return n;
            }
        }
        throw new AssertionError("nothing matching in " + array);
    }
}
