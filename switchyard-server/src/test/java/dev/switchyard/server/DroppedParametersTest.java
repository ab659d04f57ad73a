package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.simulator.Script;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A parameter the provider cannot honour is dropped and named in {@code x-switchyard-dropped-params}, or, when the
 * request sets {@code provider.require_parameters}, refused with a 400. It is never silently wrong.
 */
class DroppedParametersTest {

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    @BeforeAll
    static void start() {
        gw.simulator.script("sim-claude", Script.builder().text("ok").build());
    }

    @Test
    void droppedParametersAreNamedInAHeader() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":\"test/claude\",\"seed\":7,"
                + "\"frequency_penalty\":0.5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-switchyard-dropped-params")).contains("frequency_penalty, seed");
        String upstream = gw.simulator.lastRequestBody();
        assertThat(upstream).doesNotContain("seed").doesNotContain("frequency_penalty");
    }

    @Test
    void nothingDroppedMeansNoHeader() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":\"test/claude\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-switchyard-dropped-params")).isEmpty();
    }

    @Test
    void requireParametersRefusesWhatTheProviderCannotHonour() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":\"test/claude\","
                + "\"response_format\":{\"type\":\"json_object\"},\"provider\":{\"require_parameters\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(TestGateway.json(r.body()).path("error").path("message").asText())
                .contains("cannot honour response_format").contains("require_parameters");
    }

    @Test
    void withoutRequireParametersTheSameRequestIsServedAndWarned() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":\"test/claude\","
                + "\"response_format\":{\"type\":\"json_object\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-switchyard-dropped-params")).contains("response_format");
    }

    @Test
    void anthropicRequireParametersRefusalIsInAnthropicShape() {
        HttpResponse<String> r = gw.post("/v1/messages", "{\"model\":\"test/gem\",\"max_tokens\":50,"
                + "\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":true},"
                + "\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"}}],"
                + "\"provider\":{\"require_parameters\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(TestGateway.json(r.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        // the model does not list parallel_tool_calls, so the planner refuses it before any provider is tried
        assertThat(r.body()).contains("require_parameters");
    }
}
