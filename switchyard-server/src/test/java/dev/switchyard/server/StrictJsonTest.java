package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One strict parser on every door: a duplicate key and anything after the JSON object get 400 in the door's own
 * error format; on the chat door a well-known field of the wrong type gets 400 naming it, while unknown fields still
 * pass through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictJsonTest {

    /** A door, a valid body for it, and how its errors look. */
    private record DoorCase(String path, String body, String format) {
    }

    private static final List<DoorCase> DOORS = List.of(
            new DoorCase("/v1/chat/completions",
                    "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "openai"),
            new DoorCase("/v1/messages", "{\"model\":\"test/claude\",\"max_tokens\":10,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "anthropic"),
            new DoorCase("/v1/messages/count_tokens", "{\"model\":\"test/claude\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "anthropic"),
            new DoorCase("/v1/responses", "{\"model\":\"test/claude\",\"input\":\"hi\"}", "openai"),
            new DoorCase("/v1beta/models/test/gem:generateContent",
                    "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}", "gemini"),
            new DoorCase("/v1/embeddings", "{\"model\":\"test/embed\",\"input\":\"hi\"}", "openai"));

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();

    private static String message(DoorCase door, HttpResponse<String> r) {
        assertThat(r.statusCode()).as(door.path() + ": " + r.body()).isEqualTo(400);
        JsonNode body = TestGateway.json(r.body());
        switch (door.format()) {
            case "anthropic" -> {
                assertThat(body.path("type").asText()).isEqualTo("error");
                assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            }
            case "gemini" -> assertThat(body.path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
            default -> assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        }
        return body.path("error").path("message").asText();
    }

    @Test
    void everyDoorAcceptsItsValidBody() {
        for (DoorCase door : DOORS) {
            assertThat(env.post(door.path(), door.body()).statusCode()).as(door.path()).isEqualTo(200);
        }
    }

    @Test
    void duplicateKeysAreRefusedOnEveryDoor() {
        for (DoorCase door : DOORS) {
            String doubled = door.body().replaceFirst("\\{", "{\"dup\":1,\"dup\":2,");
            assertThat(message(door, env.post(door.path(), doubled))).as(door.path())
                    .contains("duplicate key 'dup'");
        }
        // the attack of the issue: a second model after the first
        DoorCase messages = DOORS.get(1);
        String twoModels = messages.body().replace("}]}", "}],\"model\":\"test/echo\"}");
        assertThat(message(messages, env.post(messages.path(), twoModels))).contains("duplicate key 'model'");
    }

    @Test
    void trailingContentIsRefusedOnEveryDoor() {
        for (DoorCase door : DOORS) {
            for (String tail : List.of("}garbage", " {}", "\u0000", " []", "x")) {
                assertThat(message(door, env.post(door.path(), door.body() + tail))).as(door.path() + " + " + tail)
                        .contains("after the JSON object");
            }
        }
    }

    @Test
    void chatFieldsOfTheWrongTypeAreRefusedNamingThem() {
        String base = "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],";
        for (String[] c : new String[][] {
                {"\"temperature\":\"str\"}", "temperature"},
                {"\"tools\":7}", "tools"},
                {"\"max_tokens\":\"x\"}", "max_tokens"},
                {"\"stream\":\"yes\"}", "stream"},
                {"\"top_p\":[1]}", "top_p"},
                {"\"tool_choice\":3}", "tool_choice"},
                {"\"response_format\":\"json\"}", "response_format"}}) {
            HttpResponse<String> r = env.post("/v1/chat/completions", base + c[0]);
            JsonNode error = TestGateway.json(r.body()).path("error");
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(error.path("param").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(error.path("message").asText()).as(c[0]).contains("'" + c[1] + "' must be");
        }
        HttpResponse<String> notArray = env.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":{}}");
        assertThat(notArray.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(notArray.body()).path("error").path("param").asText()).isEqualTo("messages");
    }

    @Test
    void chatUnknownFieldsAndNullsStillPass() {
        HttpResponse<String> r = env.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"hi\"}],\"x_vendor_flag\":{\"a\":[1]},\"temperature\":null,\"top_p\":1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestGateway.json(env.simulator.lastRequestBody()).path("x_vendor_flag").path("a").get(0).asInt())
                .isEqualTo(1);
    }
}
