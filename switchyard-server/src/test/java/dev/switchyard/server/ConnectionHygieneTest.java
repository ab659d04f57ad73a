package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP edge's timeouts and framing rules over raw sockets, with short timeouts: a slowloris head, a body shorter
 * than its Content-Length and an idle connection are closed by the server, while normal requests and a stream longer
 * than every timeout succeed; {@code Expect: 100-continue} is answered; Transfer-Encoding with Content-Length is
 * refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionHygieneTest {

    private static final Duration HEADER = Duration.ofMillis(500);
    private static final Duration BODY = Duration.ofMillis(500);
    private static final Duration IDLE = Duration.ofMillis(800);
    private static final Duration MARGIN = Duration.ofMillis(1_500);
    private static final String CHAT = "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.edge(b.edge().withHeaderTimeout(HEADER).withBodyTimeout(BODY)
                .withIdleTimeout(IDLE)));

    private static Duration plus(Duration a, Duration b) {
        return a.plus(b);
    }

    @Test
    void slowlorisHeadIsClosedWhileANormalRequestSucceeds() throws Exception {
        try (RawConnection slow = new RawConnection(env.gateway.port())) {
            long started = System.nanoTime();
            slow.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n");
            CompletableFuture<HttpResponse<String>> normal = CompletableFuture.supplyAsync(
                    () -> env.post("/v1/chat/completions", CHAT));
            boolean closed = false;
            long deadline = started + plus(HEADER, MARGIN).toNanos();
            int line = 0;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    slow.send("X-Drip-" + line++ + ": a\r\n"); // one header line every 100 ms, never the blank line
                    closed = slow.closedWithin(Duration.ofMillis(100));
                } catch (IOException e) {
                    closed = true; // the write found the connection closed
                }
            }
            assertThat(closed).as("the server closed the slowloris connection").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(HEADER.minusMillis(50));
            assertThat(normal.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheHeaderTimeout() throws Exception {
        try (RawConnection silent = new RawConnection(env.gateway.port())) {
            assertThat(silent.closedWithin(plus(HEADER, MARGIN))).isTrue();
        }
    }

    @Test
    void bodyShorterThanContentLengthIsClosedAfterTheBodyTimeout() throws Exception {
        try (RawConnection c = new RawConnection(env.gateway.port())) {
            long started = System.nanoTime();
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 500\r\n\r\n{\"model\":\"test/echo\"");
            assertThat(c.closedWithin(plus(BODY, MARGIN))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(BODY.minusMillis(50));
        }
        assertThat(env.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void keptAliveConnectionIsClosedWhenIdle() throws Exception {
        try (RawConnection c = new RawConnection(env.gateway.port())) {
            c.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(c.readResponse()).startsWith("HTTP/1.1 200");
            c.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"); // still usable right after
            assertThat(c.readResponse()).startsWith("HTTP/1.1 200");
            assertThat(c.closedWithin(plus(IDLE, MARGIN))).isTrue();
        }
    }

    @Test
    void aStreamLongerThanEveryTimeoutIsNotCut() {
        // 40 tokens at 20 a second: about 2 s, well past the header, body and idle timeouts
        HttpResponse<String> r = env.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"simulator\":{\"tokens_per_second\":20,\"completion_tokens\":40}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("data: [DONE]");
    }

    @Test
    void expectContinueIsAnswered() throws Exception {
        try (RawConnection c = new RawConnection(env.gateway.port())) {
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + CHAT.length() + "\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 100");
            c.send(CHAT);
            assertThat(c.readResponse()).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void expectContinueOverTheBodyLimitGets413WithoutContinue() throws Exception {
        try (RawConnection c = new RawConnection(env.gateway.port())) {
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000000\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.readResponse()).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void transferEncodingWithContentLengthIsRefusedAndClosed() throws Exception {
        try (RawConnection c = new RawConnection(env.gateway.port())) {
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(CHAT.length()) + "\r\n" + CHAT + "\r\n0\r\n\r\n");
            String response = c.readResponse();
            assertThat(response).startsWith("HTTP/1.1 400");
            JsonNode error = TestGateway.json(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error");
            assertThat(error.path("message").asText()).contains("Transfer-Encoding").contains("Content-Length");
            assertThat(c.closedWithin(MARGIN)).isTrue();
        }
    }

    @Test
    void transferEncodingOtherThanChunkedIsRefused() throws Exception {
        try (RawConnection c = new RawConnection(env.gateway.port())) {
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + CHAT.length() + "\r\nTransfer-Encoding: gzip\r\n\r\n" + CHAT);
            String response = c.readResponse();
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).contains("Transfer-Encoding 'gzip'");
        }
    }
}
