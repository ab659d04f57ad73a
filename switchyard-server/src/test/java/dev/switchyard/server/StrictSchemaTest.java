package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchyard.server.ConformanceTest.Provider;
import dev.switchyard.simulator.Script;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every answer of the OpenAI and Anthropic front doors, streamed and not, from each provider protocol, read with the
 * official SDKs' own models and checked with their strict {@code validate()}: openai-java's {@code ChatCompletion},
 * {@code ChatCompletionChunk}, {@code Response} and {@code ResponseStreamEvent}, and anthropic-java's
 * {@code Message} and {@code RawMessageStreamEvent}. Strict clients (Codex is one) refuse an answer that lacks a field
 * their schema requires, even one they do not use. The Gemini door has no official Java SDK among the test
 * dependencies and is not covered here.
 */
class StrictSchemaTest {

    private static final JsonMapper OPENAI = com.openai.core.ObjectMappers.jsonMapper();
    private static final JsonMapper ANTHROPIC = com.anthropic.core.ObjectMappers.jsonMapper();

    /** What the provider answers: text after reasoning with cache usage, or a tool call. */
    enum Scenario {
        TEXT(Script.builder().thinking("Check the sky first").text("Clear skies over the yard").promptTokens(40)
                .cachedTokens(10).cacheWriteTokens(5).reasoningTokens(4).build()),
        TOOL(Script.builder().toolCall("get_weather", ConformanceTest.TOOL_ARGS).promptTokens(30).build());

        final Script script;

        Scenario(Script script) {
            this.script = script;
        }
    }

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    @TestFactory
    Stream<DynamicTest> everyAnswerPassesTheSdksStrictValidation() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Door door : List.of(Door.CHAT, Door.RESPONSES, Door.MESSAGES)) {
            for (Provider provider : Provider.values()) {
                for (Scenario scenario : Scenario.values()) {
                    for (boolean stream : new boolean[] {false, true}) {
                        tests.add(DynamicTest.dynamicTest(door + " x " + provider + ", " + scenario + ", "
                                + (stream ? "streamed" : "whole"), () -> check(door, provider, scenario, stream)));
                    }
                }
            }
        }
        return tests.stream();
    }

    /**
     * Answers whose reasoning text the client excluded (OpenRouter's {@code reasoning.exclude}, Anthropic's
     * {@code display: "omitted"}): reasoning items and thinking blocks then carry a signature and no text, and must
     * still pass.
     */
    @TestFactory
    Stream<DynamicTest> answersWithTheReasoningTextExcludedPassToo() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Door door : List.of(Door.CHAT, Door.RESPONSES, Door.MESSAGES)) {
            for (Provider provider : Provider.values()) {
                for (boolean stream : new boolean[] {false, true}) {
                    tests.add(DynamicTest.dynamicTest(door + " x " + provider + ", reasoning excluded, "
                            + (stream ? "streamed" : "whole"), () -> checkExcluded(door, provider, stream)));
                }
            }
        }
        return tests.stream();
    }

    private void checkExcluded(Door door, Provider provider, boolean stream) {
        gw.simulator.script(provider.upstream, Scenario.TEXT.script);
        com.fasterxml.jackson.databind.node.ObjectNode body = door.body(provider.model, Conversation.plain(), stream);
        switch (door) {
            case MESSAGES -> body.put("max_tokens", 2048).putObject("thinking").put("type", "enabled")
                    .put("budget_tokens", 1024).put("display", "omitted");
            default -> body.putObject("reasoning").put("effort", "low").put("exclude", true);
        }
        HttpResponse<String> r = gw.post(door.path(provider.model, stream), body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("Clear").doesNotContain("Check the sky");
        if (!stream) {
            validate(door, false, r.body());
            return;
        }
        for (Door.Sse e : Door.Sse.parse(r.body())) {
            if (!e.data().equals("[DONE]") && !e.event().equals("ping")) {
                validate(door, true, e.data());
            }
        }
    }

    private void check(Door door, Provider provider, Scenario scenario, boolean stream) {
        gw.simulator.script(provider.upstream, scenario.script);
        Conversation c = scenario == Scenario.TOOL ? Conversation.plain().withTool()
                : Conversation.plain().withReasoning();
        HttpResponse<String> r = gw.post(door.path(provider.model, stream),
                door.body(provider.model, c, stream).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        if (!stream) {
            validate(door, false, r.body());
            return;
        }
        int events = 0;
        for (Door.Sse e : Door.Sse.parse(r.body())) {
            if (e.data().equals("[DONE]") || e.event().equals("ping")) {
                continue;
            }
            validate(door, true, e.data());
            events++;
        }
        assertThat(events).as(r.body()).isPositive();
    }

    /** Reads {@code json} with the door's SDK model (a stream event's when {@code event}) and validates it strictly. */
    static void validate(Door door, boolean event, String json) {
        assertThatCode(() -> {
            switch (door) {
                case CHAT -> {
                    if (event) {
                        OPENAI.readValue(json, com.openai.models.chat.completions.ChatCompletionChunk.class)
                                .validate();
                    } else {
                        OPENAI.readValue(json, com.openai.models.chat.completions.ChatCompletion.class).validate();
                    }
                }
                case RESPONSES -> {
                    if (event) {
                        OPENAI.readValue(json, com.openai.models.responses.ResponseStreamEvent.class).validate();
                    } else {
                        OPENAI.readValue(json, com.openai.models.responses.Response.class).validate();
                    }
                }
                case MESSAGES -> {
                    if (event) {
                        ANTHROPIC.readValue(json, com.anthropic.models.messages.RawMessageStreamEvent.class)
                                .validate();
                    } else {
                        ANTHROPIC.readValue(json, com.anthropic.models.messages.Message.class).validate();
                    }
                }
                case GEMINI -> throw new IllegalArgumentException("no SDK for " + door);
            }
        }).as("%s %s: %s", door, event ? "event" : "answer", json).doesNotThrowAnyException();
    }
}
