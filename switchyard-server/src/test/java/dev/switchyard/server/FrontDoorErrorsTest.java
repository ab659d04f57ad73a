package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.simulator.Fault;
import dev.switchyard.simulator.Script;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input and failures on the translated front doors: every error reaches the client in its own protocol's
 * envelope with the right status, before and after the response has begun.
 */
class FrontDoorErrorsTest {

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    private static JsonNode anthropicError(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = TestGateway.json(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        return body;
    }

    private static JsonNode openAiError(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }

    private static JsonNode geminiError(HttpResponse<String> r, int status, String grpcStatus) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("status").asText()).isEqualTo(grpcStatus);
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }

    @Test
    void messagesMalformedJson() {
        anthropicError(gw.post("/v1/messages", "{\"model\": "), 400, "invalid_request_error");
    }

    @Test
    void messagesMissingMaxTokensNamesIt() {
        JsonNode body = anthropicError(gw.post("/v1/messages",
                "{\"model\":\"test/claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400,
                "invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("max_tokens");
    }

    @Test
    void messagesWrongTypeNamesThePath() {
        JsonNode body = anthropicError(gw.post("/v1/messages", "{\"model\":\"test/claude\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":42}]}"), 400, "invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("messages[0].content");
    }

    @Test
    void messagesBadRole() {
        // a system role is accepted (Claude Code sends one; AgentRequestsTest), any other is not
        JsonNode body = anthropicError(gw.post("/v1/messages", "{\"model\":\"test/claude\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"), 400, "invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("messages[0].role");
    }

    @Test
    void messagesMustNotBeEmpty() {
        JsonNode body = anthropicError(gw.post("/v1/messages", "{\"model\":\"test/claude\",\"max_tokens\":10,"
                + "\"messages\":[]}"), 400, "invalid_request_error");
        assertThat(body.path("error").path("message").asText()).startsWith("messages");
    }

    @Test
    void messagesSystemMessageHoldsOnlyText() {
        JsonNode body = anthropicError(gw.post("/v1/messages", "{\"model\":\"test/claude\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"x\",\"input\":{}}]}]}"), 400,
                "invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("messages[1].content");
    }

    @Test
    void messagesUnknownModelIs404InAnthropicShape() {
        anthropicError(gw.post("/v1/messages", "{\"model\":\"nobody/nothing\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 404, "not_found_error");
    }

    @Test
    void messagesTooLargeIs413() {
        String big = "x".repeat(300 * 1024);
        anthropicError(gw.post("/v1/messages", "{\"model\":\"test/claude\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}"), 413, "request_too_large");
    }

    @Test
    void messagesUpstreamRateLimitKeepsRetryAfter() {
        gw.simulator.script("sim-echo", Script.builder().error(429, "slow down").retryAfterSeconds(7).build());
        try {
            HttpResponse<String> r = gw.post("/v1/messages", "{\"model\":\"test/echo\",\"max_tokens\":10,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            anthropicError(r, 429, "rate_limit_error");
            assertThat(r.headers().firstValue("retry-after")).contains("7");
        } finally {
            gw.simulator.clearScripts();
        }
    }

    @Test
    void messagesStreamCutAfterCommitEndsWithAnErrorEvent() {
        gw.simulator.script("sim-echo", Script.builder().fault(Fault.CUT).cutAfterChunks(3).build());
        try {
            HttpResponse<String> r = gw.post("/v1/messages", "{\"model\":\"test/echo\",\"max_tokens\":10,"
                    + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("event: content_block_delta");
            assertThat(r.body()).doesNotContain("event: message_stop");
            String last = r.body().trim().substring(r.body().trim().lastIndexOf("event:"));
            assertThat(last).startsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"");
        } finally {
            gw.simulator.clearScripts();
        }
    }

    @Test
    void countTokensEstimatesAndSaysSo() {
        HttpResponse<String> r = gw.post("/v1/messages/count_tokens", "{\"model\":\"test/claude\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(100) + "\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-switchyard-token-count")).contains("estimated");
        assertThat(TestGateway.json(r.body()).path("input_tokens").asLong()).isBetween(100L, 200L);
        anthropicError(gw.post("/v1/messages/count_tokens", "{\"model\":\"test/claude\"}"), 400,
                "invalid_request_error");
    }

    @Test
    void responsesMissingInput() {
        JsonNode error = openAiError(gw.post("/v1/responses", "{\"model\":\"test/claude\"}"), 400,
                "invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("input");
    }

    @Test
    void responsesIsStatelessAndSaysSo() {
        JsonNode error = openAiError(gw.post("/v1/responses", "{\"model\":\"test/claude\",\"input\":\"hi\","
                + "\"previous_response_id\":\"resp_1\"}"), 400, "invalid_request_error");
        assertThat(error.path("message").asText()).contains("stateless");
    }

    @Test
    void responsesToolWithoutType() {
        // built-in tools such as web_search are dropped, not refused (AgentRequestsTest); a tool needs a type
        JsonNode error = openAiError(gw.post("/v1/responses", "{\"model\":\"test/claude\",\"input\":\"hi\","
                + "\"tools\":[{\"name\":\"x\"}]}"), 400, "invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("tools[0].type");
    }

    @Test
    void responsesUnknownModel() {
        openAiError(gw.post("/v1/responses", "{\"model\":\"nobody/nothing\",\"input\":\"hi\"}"), 404,
                "not_found_error");
    }

    @Test
    void geminiMalformedJson() {
        geminiError(gw.post("/v1beta/models/test/gem:generateContent", "{nope"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void geminiMissingContents() {
        JsonNode error = geminiError(gw.post("/v1beta/models/test/gem:generateContent", "{}"), 400,
                "INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains("contents");
    }

    @Test
    void geminiContentsMustBeContentObjects() {
        JsonNode error = geminiError(gw.post("/v1beta/models/test/gem:generateContent",
                "{\"contents\":[1,\"a\"]}"), 400, "INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains("contents[0]");
        error = geminiError(gw.post("/v1beta/models/test/gem:generateContent", "{\"contents\":[]}"), 400,
                "INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains("contents");
        error = geminiError(gw.post("/v1beta/models/test/gem:generateContent",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}"), 400, "INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains("contents[0].parts");
        error = geminiError(gw.post("/v1beta/models/test/gem:generateContent",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[\"hi\"]}]}"), 400, "INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains("contents[0].parts[0]");
    }

    @Test
    void geminiUnknownModel() {
        geminiError(gw.post("/v1beta/models/nobody/nothing:generateContent",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"), 404, "NOT_FOUND");
    }

    @Test
    void geminiModelMayBeUrlEncoded() {
        gw.simulator.script("sim-gem", Script.builder().text("Encoded path works").build());
        HttpResponse<String> r = gw.post("/v1beta/models/test%2Fgem:generateContent",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("Encoded path works");
    }

    @Test
    void embeddingsAreRoutedAndMetered() {
        HttpResponse<String> r = gw.post("/v1/embeddings", "{\"model\":\"test/embed\",\"input\":[\"abcdefgh\","
                + "\"ijkl\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = TestGateway.json(r.body());
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(3);
        assertThat(TestGateway.json(gw.simulator.lastRequestBody()).path("model").asText()).isEqualTo("sim-embed");
        JsonNode ledger = gw.generation(r.headers().firstValue("x-switchyard-generation-id").orElseThrow());
        assertThat(ledger.path("native_tokens_prompt").asLong()).isEqualTo(3);
        assertThat(ledger.path("api_type").asText()).isEqualTo("embeddings");
    }

    @Test
    void embeddingsNeedInput() {
        openAiError(gw.post("/v1/embeddings", "{\"model\":\"test/embed\"}"), 400, "invalid_request_error");
    }
}
