package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cross-site protection on a loopback gateway with one configured origin: other sites' pages cannot call it (Origin,
 * Sec-Fetch-Site, preflight), non-JSON bodies get 415, and a Host that is not a loopback or configured name is
 * refused (DNS rebinding).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSiteTest {

    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example";
    private static final String CHAT = "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"test/echo\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.edge(b.edge().withAllowedOrigins(List.of(APP))
                .withAllowedHosts(List.of("gateway.internal"))));
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(env.baseUrl() + path));
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode openAiError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }

    @Test
    void crossSiteTextPlainPostIsRefused() throws Exception {
        JsonNode error = openAiError(send("POST", "/v1/chat/completions", "text/plain;charset=UTF-8", CHAT,
                "origin", EVIL, "sec-fetch-site", "cross-site", "sec-fetch-mode", "no-cors"), 403);
        assertThat(error.path("message").asText()).contains(EVIL).contains("server.cors.allowed_origins");
    }

    @Test
    void crossSitePostWithoutOriginIsRefusedBySecFetchSite() throws Exception {
        JsonNode error = openAiError(send("POST", "/v1/chat/completions", "application/json", CHAT,
                "sec-fetch-site", "cross-site"), 403);
        assertThat(error.path("message").asText()).contains("Sec-Fetch-Site");
    }

    @Test
    void textPlainBodyIsRefusedWith415() throws Exception {
        JsonNode error = openAiError(send("POST", "/v1/chat/completions", "text/plain", CHAT), 415);
        assertThat(error.path("message").asText()).contains("text/plain").contains("application/json");
        openAiError(send("POST", "/v1/embeddings", "application/x-www-form-urlencoded",
                "{\"model\":\"test/embed\",\"input\":\"x\"}"), 415);
    }

    @Test
    void jsonWithParametersIsAccepted() throws Exception {
        assertThat(send("POST", "/v1/chat/completions", "application/json; charset=utf-8", CHAT).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/v1/chat/completions", "Application/JSON", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void refusalsUseTheDoorsFormat() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/messages", "text/plain", MESSAGES, "origin", EVIL);
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode body = TestGateway.json(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("permission_error");
        HttpResponse<String> g = send("POST", "/v1beta/models/test/gem:generateContent", "text/plain",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
        assertThat(g.statusCode()).isEqualTo(415);
        assertThat(TestGateway.json(g.body()).path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void preflightFromAnUnconfiguredOriginIsRefused() throws Exception {
        HttpResponse<String> r = send("OPTIONS", "/v1/chat/completions", null, null, "origin", EVIL,
                "access-control-request-method", "POST", "access-control-request-headers", "authorization,content-type");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void preflightFromTheConfiguredOriginIsAnswered() throws Exception {
        HttpResponse<String> r = send("OPTIONS", "/v1/chat/completions", null, null, "origin", APP,
                "access-control-request-method", "POST", "access-control-request-headers", "authorization,content-type");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("access-control-allow-origin")).contains(APP);
        assertThat(r.headers().firstValue("access-control-allow-methods").orElseThrow()).contains("POST");
        assertThat(r.headers().firstValue("access-control-allow-headers").orElseThrow()).contains("authorization");
    }

    @Test
    void theConfiguredOriginIsServedWithCorsHeaders() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/chat/completions", "application/json", CHAT, "origin", APP,
                "sec-fetch-site", "cross-site");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("access-control-allow-origin")).contains(APP);
        assertThat(r.headers().firstValue("access-control-expose-headers").orElseThrow())
                .contains("x-switchyard-generation-id");
    }

    @Test
    void hostRebindingIsRefusedOnLoopback() throws Exception {
        try (RawConnection c = new RawConnection(env.gateway.port())) {
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: evil.example:" + env.gateway.port()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + CHAT.length() + "\r\n\r\n" + CHAT);
            String response = c.readResponse();
            assertThat(response).startsWith("HTTP/1.1 403");
            assertThat(response).contains("evil.example").contains("server.allowed_hosts");
        }
        for (String host : List.of("localhost:1234", "127.0.0.1", "[::1]:8080", "LOCALHOST", "gateway.internal:443")) {
            try (RawConnection c = new RawConnection(env.gateway.port())) {
                c.send("GET /health HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertThat(c.readResponse()).as(host).startsWith("HTTP/1.1 200");
            }
        }
    }
}
