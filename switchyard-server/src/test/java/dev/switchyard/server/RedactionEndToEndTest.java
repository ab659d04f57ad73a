package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.CatalogLoader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, defect 5: a provider that echoes its key in an error, escaped ({@code prov\u005cu002d…}), escaped
 * character by character, escaped twice, percent-encoded, split across network reads of a stream, or in a plain-text
 * body, never gets the key to the client, on any door, streamed or not. The provider is a small Vert.x server in the
 * test that writes those bytes exactly; the gateway and the client talk over real sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactionEndToEndTest {

    static final String PROVIDER_KEY = "prov-secret-9f8e7d6c5b4a3210";
    /** Key-shaped, but configured nowhere: the pattern redaction's job. */
    static final String FOREIGN_KEY = "sk-proj-Zq8Wm3Xv6Bn1Kp4Lt7Rs0Yd";

    private static final Vertx VERTX = Vertx.vertx();
    private static final HttpServer FAKE = startFake();

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> ConfigLoader.apply(b, CatalogLoader.parseYaml("""
            providers:
              echoer:
                base_url: http://127.0.0.1:%d/v1
                api_key: %s
            models:
              test/echoer:
                vendor: test
                supported_parameters: [max_tokens, stream]
                endpoints:
                  - provider: echoer
                    upstream_model: echoer-1
                    pricing: {prompt: "1", completion: "1"}
            """.formatted(FAKE.actualPort(), PROVIDER_KEY)), Map.of()));

    @AfterAll
    void stopFake() throws Exception {
        VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The error body the fake provider sends for each mode: the key, in some spelling. */
    private static String errorBody(String mode) {
        return switch (mode) {
            case "ESCAPED" -> "{\"error\":{\"message\":\"Incorrect API key provided: "
                    + PROVIDER_KEY.replace("-", "\\u002d") + "\"}}";
            case "EVERY_CHAR" -> "{\"error\":{\"message\":\"bad key " + everyChar(PROVIDER_KEY) + "\"}}";
            case "TWICE" -> "{\"error\":{\"message\":\"bad key " + PROVIDER_KEY.replace("-", "\\\\u002d") + "\"}}";
            case "PERCENT" -> "{\"error\":{\"message\":\"GET /v1/models?key=" + PROVIDER_KEY.replace("-", "%2D")
                    + " refused\"}}";
            case "FOREIGN" -> "{\"error\":{\"message\":\"key " + FOREIGN_KEY.replace("-", "\\u002d")
                    + " is not valid here\"}}";
            case "TEXT" -> "bad key: " + PROVIDER_KEY + " (plain text)";
            default -> "{\"error\":{\"message\":\"unexpected\"}}";
        };
    }

    private static String everyChar(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(String.format("\\u%04x", c)));
        return b.toString();
    }

    private static HttpServer startFake() {
        try {
            return VERTX.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                String text = body.toString();
                String mode = Stream.of("ESCAPED", "EVERY_CHAR", "TWICE", "PERCENT", "FOREIGN", "TEXT", "STREAM")
                        .filter(m -> text.contains("MODE_" + m + "_")).findFirst().orElse("NONE");
                HttpServerResponse r = req.response();
                if (mode.equals("STREAM")) {
                    stream(r);
                } else {
                    r.setStatusCode(400).putHeader("content-type", mode.equals("TEXT") ? "text/plain"
                            : "application/json").end(errorBody(mode));
                }
            })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stream that starts well, then sends an in-band error whose escaped key is split across two writes. */
    private static void stream(HttpServerResponse r) {
        r.setStatusCode(200).putHeader("content-type", "text/event-stream").setChunked(true);
        r.write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"echoer-1\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n");
        String error = "data: {\"error\":{\"message\":\"quota for " + PROVIDER_KEY.replace("-", "\\u002d")
                + " exceeded\",\"type\":\"server_error\"}}\n\n";
        int cut = error.indexOf("9f8e7d");
        VERTX.setTimer(30, t1 -> {
            r.write(error.substring(0, cut));
            VERTX.setTimer(30, t2 -> {
                r.write(error.substring(cut));
                r.end();
            });
        });
    }

    private static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String mode : List.of("ESCAPED", "EVERY_CHAR", "TWICE", "PERCENT", "FOREIGN", "TEXT", "STREAM")) {
            for (String door : List.of("chat", "messages", "responses", "gemini")) {
                out.add(Arguments.of(mode, door));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} echo through the {1} door")
    @MethodSource("cases")
    void anEchoedKeyNeverReachesTheClient(String mode, String door) {
        boolean stream = mode.equals("STREAM");
        String say = "MODE_" + mode + "_";
        HttpResponse<String> r = switch (door) {
            case "chat" -> env.post("/v1/chat/completions", "{\"model\":\"test/echoer\",\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + say + "\"}]}");
            case "messages" -> env.post("/v1/messages", "{\"model\":\"test/echoer\",\"max_tokens\":50,\"stream\":"
                    + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + say + "\"}]}");
            case "responses" -> env.post("/v1/responses", "{\"model\":\"test/echoer\",\"stream\":" + stream
                    + ",\"input\":\"" + say + "\"}");
            default -> env.post("/v1beta/models/test/echoer:" + (stream ? "streamGenerateContent?alt=sse"
                    : "generateContent"), "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + say + "\"}]}]}");
        };
        assertThat(r.statusCode()).as(r.body()).isLessThan(600);
        assertNoSecret(r.body());
        if (stream) {
            assertThat(r.body()).as("the stream carries the error, redacted").contains("[redacted]");
        } else {
            assertThat(r.statusCode()).as(r.body()).isBetween(400, 599);
            assertThat(r.body()).as("the provider's message survives around the redaction").contains("[redacted]");
        }
    }

    @Test
    void theProvidersWordsAroundTheKeyAreKept() {
        HttpResponse<String> r = env.post("/v1/chat/completions",
                "{\"model\":\"test/echoer\",\"messages\":[{\"role\":\"user\",\"content\":\"MODE_ESCAPED_\"}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(r.body()).path("error").path("message").asText())
                .contains("Incorrect API key provided: [redacted]");
    }

    /** Neither the key nor any spelling of it that a client could decode back: raw, JSON-decoded, re-decoded. */
    static void assertNoSecret(String body) {
        List<String> spellings = new ArrayList<>(List.of(body));
        for (String line : body.split("\n")) {
            String data = line.startsWith("data:") ? line.substring(5).trim() : line;
            try {
                collectStrings(TestGateway.JSON.readTree(data), spellings);
            } catch (Exception notJson) {
                // a non-JSON line: its raw form is checked
            }
        }
        for (String s : List.copyOf(spellings)) {
            String d = s;
            for (int i = 0; i < 4; i++) {
                d = decode(d);
                spellings.add(d);
            }
        }
        for (String s : spellings) {
            assertThat(s).doesNotContain(PROVIDER_KEY).doesNotContain(FOREIGN_KEY)
                    .doesNotContain("9f8e7d6c5b4a3210").doesNotContain("Zq8Wm3Xv6Bn1Kp4Lt7Rs0Yd");
        }
    }

    private static void collectStrings(JsonNode n, List<String> out) {
        if (n == null) {
            return;
        }
        if (n.isTextual()) {
            out.add(n.asText());
        }
        n.forEach(c -> collectStrings(c, out));
        n.fieldNames().forEachRemaining(out::add);
    }

    private static String decode(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 5;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape
                }
            }
            if (c == '%' && i + 2 < s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
