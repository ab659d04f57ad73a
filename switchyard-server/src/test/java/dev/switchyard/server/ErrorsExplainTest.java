package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.server.observe.AccessLogFormat;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Errors that explain themselves, over sockets: a connection failure names its cause (refused, DNS, TLS); the
 * {@code x-switchyard-attempts} header, the ledger and the access log count the same attempts after a fallback; a
 * 400 on a request that named a model keeps that model in the access log and the ledger; a JSON syntax error says
 * the line and column.
 */
class ErrorsExplainTest {

    /** Access log lines, as the listener's writer thread hands them over. */
    static final class Lines extends Writer {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public synchronized void write(char[] cbuf, int off, int len) {
            buffer.append(cbuf, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized List<String> all() {
            return List.of(buffer.toString().split("\n"));
        }
    }

    static final Lines LOG = new Lines();

    /** A port that answers anything with plain text at once, as a misconfigured {@code https} base URL would meet. */
    static final int NOT_TLS = notTls();

    private static int notTls() {
        try {
            java.net.ServerSocket server = new java.net.ServerSocket(0, 50,
                    java.net.InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon(true).name("not-tls").start(() -> {
                while (true) {
                    try (java.net.Socket s = server.accept()) {
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            return server.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> {
        int deadPort = TestGateway.freePort();
        String yaml = """
                providers:
                  sim: {base_url: "%1$s", api_key_env: SIM_API_KEY}
                  dead: {base_url: "http://127.0.0.1:%2$d/v1", api_key: dead-key}
                  nodns: {base_url: "http://no-such-host.invalid/v1", api_key: k}
                  plain: {base_url: "https://127.0.0.1:%3$d/v1", api_key: k}
                models:
                  test/echo:
                    supported_parameters: [max_tokens, stream]
                    endpoints:
                      - {provider: sim, upstream_model: sim-echo, pricing: {prompt: "1", completion: "2"}}
                  ops/deadfirst:
                    endpoints:
                      - {provider: dead, upstream_model: df, pricing: {prompt: "1", completion: "1"}}
                      - {provider: sim, upstream_model: df, pricing: {prompt: "2", completion: "2"}}
                  ops/dead:
                    endpoints:
                      - {provider: dead, upstream_model: d, pricing: {prompt: "1", completion: "1"}}
                  ops/nodns:
                    endpoints:
                      - {provider: nodns, upstream_model: n, pricing: {prompt: "1", completion: "1"}}
                  ops/plain:
                    endpoints:
                      - {provider: plain, upstream_model: p, pricing: {prompt: "1", completion: "1"}}
                """.formatted(ErrorsExplainTest.env.simulator.baseUrl(), deadPort, NOT_TLS);
        ConfigLoader.apply(b, CatalogLoader.parseYaml(yaml), Map.of("SIM_API_KEY", TestGateway.SIM_KEY));
        b.accessLog(true).accessLogFormat(AccessLogFormat.JSON).accessLogWriter(LOG)
                .deadline("first_byte", java.time.Duration.ofSeconds(30)); // a loaded machine must not turn 502s into 504s
    });

    private static String message(HttpResponse<String> r) {
        return TestGateway.json(r.body()).path("error").path("message").asText();
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void aRefusedConnectionSaysRefused() {
        var r = env.post("/v1/chat/completions", chat("ops/dead"));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(message(r)).contains("could not connect to provider dead").contains("connection refused");
    }

    @Test
    void anUnknownHostSaysDns() {
        var r = env.post("/v1/chat/completions", chat("ops/nodns"));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(message(r)).contains("could not connect to provider nodns")
                .contains("DNS lookup failed for no-such-host.invalid");
    }

    @Test
    void aTlsFailureSaysTls() {
        var r = env.post("/v1/chat/completions", chat("ops/plain")); // TLS to a port that answers in plain text
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(message(r)).contains("could not connect to provider plain").contains("TLS handshake failed");
    }

    @Test
    void headerLedgerAndAccessLogAgreeOnTheAttempts() {
        var r = env.post("/v1/chat/completions", "{\"model\":\"ops/deadfirst\",\"provider\":{\"order\":[\"dead\","
                + "\"sim\"]},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();
        List<String> header = List.of(r.headers().firstValue("x-switchyard-attempts").orElseThrow().split(", "));
        assertThat(header).hasSize(2);
        assertThat(header.get(0)).startsWith("dead/df 0 connect");
        assertThat(header.get(1)).isEqualTo("sim/df 200");

        UsageRecord ledger = ledger(id);
        assertThat(ledger.attempts()).extracting(a -> a.providerId() + " " + a.status())
                .containsExactly("dead 0", "sim 200");

        JsonNode line = accessLine(id);
        List<String> logged = new ArrayList<>();
        line.path("attempts").forEach(a -> logged.add(a.path("provider").asText() + " " + a.path("status").asInt()));
        assertThat(logged).containsExactly("dead 0", "sim 200");
    }

    @Test
    void aRejectedRequestKeepsTheModelItNamed() {
        var r = env.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":\"not a list\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();
        assertThat(accessLine(id).path("model").asText()).isEqualTo("test/echo");
        assertThat(ledger(id).modelRequested()).isEqualTo("test/echo");
    }

    @Test
    void aSyntaxErrorSaysLineAndColumn() {
        var r = env.post("/v1/chat/completions", "{\"model\": \"test/echo\",\n \"messages\": [}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(message(r)).startsWith("malformed JSON in request body: line 2, column 15: ")
                .doesNotContain("Source").doesNotContain("code 125");
    }

    @Test
    void contentAfterTheObjectSaysLineAndColumn() {
        var r = env.post("/v1/chat/completions", chat("test/echo") + "\n  {}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(message(r)).contains("line 2, column 3: found '{'");
    }

    private static UsageRecord ledger(String id) {
        Optional<UsageRecord>[] found = new Optional[] {Optional.empty()};
        TestGateway.await("the ledger record of " + id, () -> {
            found[0] = env.gateway.store().find(id);
            return found[0].isPresent();
        });
        return found[0].orElseThrow();
    }

    private static JsonNode accessLine(String id) {
        JsonNode[] found = new JsonNode[1];
        TestGateway.await("the access log line of " + id, () -> {
            for (String l : LOG.all()) {
                if (l.contains("\"gen\":\"" + id + "\"")) {
                    found[0] = TestGateway.json(l);
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
