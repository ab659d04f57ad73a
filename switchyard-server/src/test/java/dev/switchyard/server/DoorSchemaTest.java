package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, "one strict parser for every door": on each of the four inference doors a well-known field of the wrong
 * JSON type, and an empty required array, get 400 in the door's own error format, naming the field, and the request
 * never reaches the provider (the simulator counts what it receives).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoorSchemaTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();

    /** A door: its path, a valid body as a prefix to which one field is added, and its error format. */
    private record DoorCase(String name, String path, String base, String format) {
        String with(String field) {
            return base + "," + field + "}";
        }
    }

    private static final DoorCase CHAT = new DoorCase("chat", "/v1/chat/completions",
            "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]", "openai");
    private static final DoorCase MESSAGES = new DoorCase("messages", "/v1/messages",
            "{\"model\":\"test/claude\",\"max_tokens\":10", "anthropic");
    private static final DoorCase RESPONSES = new DoorCase("responses", "/v1/responses",
            "{\"model\":\"test/claude\"", "openai");
    private static final DoorCase GEMINI = new DoorCase("gemini", "/v1beta/models/test/gem:generateContent",
            "{\"generationConfig\":{}", "gemini");

    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String HI_GEMINI = "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]";

    /** Door, the field to add (with what makes the rest valid), the field the error must name. */
    static Stream<Arguments> wrongTypes() {
        List<Arguments> out = new ArrayList<>();
        // chat
        for (String[] c : new String[][] {
                {"\"temperature\":\"str\"", "temperature"}, {"\"tools\":7", "tools"},
                {"\"max_tokens\":\"x\"", "max_tokens"}, {"\"stream\":\"yes\"", "stream"},
                {"\"messages\":{}", "messages"}}) {
            DoorCase door = c[1].equals("messages")
                    ? new DoorCase("chat", CHAT.path(), "{\"model\":\"test/echo\"", "openai") : CHAT;
            out.add(Arguments.of(door, c[0], c[1]));
        }
        // messages
        for (String[] c : new String[][] {
                {HI + ",\"temperature\":\"hot\"", "temperature"}, {HI + ",\"tools\":7", "tools"},
                {HI + ",\"stream\":\"yes\"", "stream"}, {HI + ",\"system\":7", "system"},
                {HI + ",\"top_p\":[1]", "top_p"}, {HI + ",\"stop_sequences\":\"x\"", "stop_sequences"},
                {HI + ",\"metadata\":\"m\"", "metadata"}, {HI + ",\"tool_choice\":3", "tool_choice"},
                {"\"messages\":{}", "messages"}, {"\"messages\":[7]", "messages[0]"},
                {"\"messages\":[{\"role\":\"user\",\"content\":7}]", "messages[0].content"}}) {
            out.add(Arguments.of(MESSAGES, c[0], c[1]));
        }
        DoorCase messagesNoMax = new DoorCase("messages", MESSAGES.path(), "{\"model\":\"test/claude\"", "anthropic");
        out.add(Arguments.of(messagesNoMax, HI + ",\"max_tokens\":\"10\"", "max_tokens"));
        // responses
        for (String[] c : new String[][] {
                {"\"input\":\"hi\",\"temperature\":\"hot\"", "temperature"},
                {"\"input\":\"hi\",\"tools\":7", "tools"}, {"\"input\":\"hi\",\"stream\":\"yes\"", "stream"},
                {"\"input\":\"hi\",\"max_output_tokens\":\"9\"", "max_output_tokens"},
                {"\"input\":\"hi\",\"instructions\":7", "instructions"},
                {"\"input\":\"hi\",\"top_p\":\"1\"", "top_p"},
                {"\"input\":\"hi\",\"reasoning\":\"high\"", "reasoning"},
                {"\"input\":\"hi\",\"text\":7", "text"},
                {"\"input\":\"hi\",\"tool_choice\":3", "tool_choice"},
                {"\"input\":7", "input"}, {"\"input\":[7]", "input[0]"}}) {
            out.add(Arguments.of(RESPONSES, c[0], c[1]));
        }
        // gemini
        for (String[] c : new String[][] {
                {"\"contents\":{}", "contents"}, {"\"contents\":[1,\"a\"]", "contents[0]"},
                {"\"contents\":[{\"role\":\"user\",\"parts\":7}]", "contents[0].parts"},
                {HI_GEMINI + ",\"tools\":7", "tools"},
                {HI_GEMINI + ",\"systemInstruction\":7", "systemInstruction"}}) {
            out.add(Arguments.of(GEMINI, c[0], c[1]));
        }
        out.add(Arguments.of(new DoorCase("gemini", GEMINI.path(), "{" + HI_GEMINI, "gemini"),
                "\"generationConfig\":{\"temperature\":\"hot\"}", "generationConfig.temperature"));
        out.add(Arguments.of(new DoorCase("gemini", GEMINI.path(), "{" + HI_GEMINI, "gemini"),
                "\"generationConfig\":{\"maxOutputTokens\":\"9\"}", "generationConfig.maxOutputTokens"));
        out.add(Arguments.of(new DoorCase("gemini", GEMINI.path(), "{" + HI_GEMINI, "gemini"),
                "\"generationConfig\":7", "generationConfig"));
        return out.stream();
    }

    /** Door, the empty array, the field named. */
    static Stream<Arguments> emptyArrays() {
        return Stream.of(
                Arguments.of(new DoorCase("chat", CHAT.path(), "{\"model\":\"test/echo\"", "openai"),
                        "\"messages\":[]", "messages"),
                Arguments.of(MESSAGES, "\"messages\":[]", "messages"),
                Arguments.of(RESPONSES, "\"input\":[]", "input"),
                Arguments.of(GEMINI, "\"contents\":[]", "contents"),
                Arguments.of(GEMINI, "\"contents\":[{\"role\":\"user\",\"parts\":[]}]", "contents[0].parts"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("wrongTypes")
    void aWrongTypeIsRefusedNamingTheField(DoorCase door, String field, String named) {
        refused(door, field, named);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("emptyArrays")
    void anEmptyRequiredArrayIsRefused(DoorCase door, String field, String named) {
        refused(door, field, named);
    }

    private void refused(DoorCase door, String field, String named) {
        long before = env.simulator.stats().requests();
        HttpResponse<String> r = env.post(door.path(), door.with(field));
        assertThat(r.statusCode()).as(door.with(field) + " -> " + r.body()).isEqualTo(400);
        JsonNode body = TestGateway.json(r.body());
        JsonNode error = body.path("error");
        switch (door.format()) {
            case "anthropic" -> {
                assertThat(body.path("type").asText()).isEqualTo("error");
                assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            }
            case "gemini" -> {
                assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
                assertThat(error.path("code").asInt()).isEqualTo(400);
            }
            default -> {
                assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
                assertThat(error.path("param").asText()).as(r.body()).isEqualTo(named);
            }
        }
        assertThat(error.path("message").asText()).as(r.body()).contains(named);
        assertThat(env.simulator.stats().requests()).as("never forwarded").isEqualTo(before);
    }
}
