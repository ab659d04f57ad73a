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

    /**
     * The dropped names come from the request: one a header cannot carry (a control character, a line break) is
     * escaped, never refused; refusing it once left the answer undelivered (found by the HTTP fuzzer, issue 13).
     */
    @Test
    void droppedNamesAHeaderCannotCarryAreEscapedAndTheAnswerIsDelivered() {
        HttpResponse<String> r = gw.post("/v1/responses", "{\"model\":\"test/claude\",\"max\\u007foutput_tokens\":5,"
                + "\"x\\r\\nset-cookie: a\":1,\"input\":\"hi\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestGateway.json(r.body()).path("status").asText()).isEqualTo("completed");
        assertThat(r.headers().firstValue("x-switchyard-dropped-params").orElseThrow())
                .contains("max%7Foutput_tokens").contains("x%0D%0Aset-cookie: a");
        assertThat(r.headers().firstValue("set-cookie")).isEmpty();
    }

    @Test
    void aRequestThatNamesThousandsOfUnknownParametersGetsABoundedHeader() {
        StringBuilder body = new StringBuilder("{\"model\":\"test/claude\",\"input\":\"hi\"");
        for (int i = 0; i < 2_000; i++) {
            body.append(",\"unknown_parameter_").append(i).append("\":1");
        }
        HttpResponse<String> r = gw.post("/v1/responses", body.append('}').toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String header = r.headers().firstValue("x-switchyard-dropped-params").orElseThrow();
        assertThat(header).hasSizeLessThan(1_100).startsWith("unknown_parameter_").endsWith(" more");
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
