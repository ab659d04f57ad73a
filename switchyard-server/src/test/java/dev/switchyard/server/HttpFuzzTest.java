package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The front doors fuzzed over HTTP (issue 13; docs/reliability.md, "Fuzzing"): mutated bodies, valid JSON with
 * fields of the wrong type, dropped or doubled, and byte noise, sent to a running gateway with a simulator behind it.
 * Whatever the body, the answer is never a gateway-caused 5xx: a 4xx in the door's format, a 200, or a provider's
 * failure (502, 503 or 504 naming the provider: the simulator, like a real provider, may choke on what the chat door's
 * fast path passes through unparsed). Each door runs {@code switchyard.fuzz.seconds} (default 5) from {@code switchyard.fuzz.seed}.
 * The parsers themselves are fuzzed much faster, without HTTP, in switchyard-providers' {@code fuzz} package.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Every request ends within the whole-request deadline (a mutated body can ask for a long answer, and retries
     * would otherwise add up), so a client that waits longer than it and gets nothing has found a hang.
     */
    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.deadline("request", java.time.Duration.ofSeconds(8)));

    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/v1/messages", "/v1/responses",
            "/v1beta/models/test/gem:generateContent", "/v1/messages/count_tokens"})
    void noGatewayCaused5xx(String path) throws Exception {
        String seedBody = switch (path) {
            case "/v1/chat/completions" -> "{\"model\":\"test/echo\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"tools\":[{\"type\":\"function\","
                    + "\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]}";
            case "/v1/messages", "/v1/messages/count_tokens" -> "{\"model\":\"test/claude\",\"max_tokens\":5,"
                    + "\"system\":\"s\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
                    + "\"hi\"}]}],\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}]}";
            case "/v1/responses" -> "{\"model\":\"test/claude\",\"max_output_tokens\":5,\"input\":[{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"reasoning\":{\"effort\":\"low\"}}";
            default -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":"
                    + "{\"maxOutputTokens\":5},\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\"}]}]}";
        };
        JsonNode seed = TestGateway.JSON.readTree(seedBody);
        long seedValue = Long.parseLong(System.getProperty("switchyard.fuzz.seed", "13"));
        SplittableRandom random = new SplittableRandom(seedValue ^ path.hashCode());
        long deadline = System.nanoTime()
                + (long) (Double.parseDouble(System.getProperty("switchyard.fuzz.seconds", "5")) * 1e9);
        int sent = 0;
        int[] byClass = new int[6];
        // bounded by time, and by count when asked (-Dswitchyard.fuzz.max-inputs: the same seeded inputs every run)
        long maxInputs = Long.parseLong(System.getProperty("switchyard.fuzz.max-inputs", String.valueOf(Long.MAX_VALUE)));
        while (sent < 20 || System.nanoTime() < deadline && sent < maxInputs) {
            byte[] body = mutate(seed, random);
            HttpResponse<String> r;
            try {
                r = env.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + path))
                        .header("content-type", "application/json").timeout(java.time.Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            } catch (RuntimeException e) {
                throw new AssertionError("no answer within 30 s (the gateway must always answer) to "
                        + Base64.getEncoder().encodeToString(body), e);
            }
            byClass[r.statusCode() / 100]++;
            if (r.statusCode() >= 500) {
                JsonNode error = TestGateway.json(r.body()).path("error");
                // the provider's: it failed, timed out or refused what the gateway passed on (the gateway names it)
                assertThat(error.path("metadata").path("provider_name").asText())
                        .as("a 5xx must be the provider's, on input %s: %s", Base64.getEncoder().encodeToString(body),
                                r.body())
                        .isNotEmpty();
                assertThat(r.statusCode()).as(r.body()).isIn(502, 503, 504);
            }
            sent++;
        }
        System.out.printf("http fuzz %-42s %,6d requests: %d 2xx, %d 4xx, %d 5xx (provider)%n", path, sent,
                byClass[2], byClass[4], byClass[5]);
        assertThat(byClass[2] + byClass[4] + byClass[5]).isEqualTo(sent);
    }

    private static byte[] mutate(JsonNode seed, SplittableRandom random) {
        JsonNode doc = seed.deepCopy();
        for (int i = random.nextInt(4); i > 0; i--) {
            List<JsonNode> containers = new ArrayList<>();
            collect(doc, containers);
            JsonNode c = containers.get(random.nextInt(containers.size()));
            if (c instanceof ObjectNode o && o.size() > 0) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(4)) {
                    case 0 -> o.remove(name);
                    case 1 -> o.set(name, NODES.arrayNode().add(o.get(name)));
                    case 2 -> o.set("x_" + name, o.get(name).deepCopy());
                    default -> o.set(name, odd(random));
                }
            } else if (c instanceof ArrayNode a) {
                if (a.isEmpty() || random.nextBoolean()) {
                    a.add(odd(random));
                } else {
                    a.set(random.nextInt(a.size()), odd(random));
                }
            }
        }
        byte[] bytes = doc.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(5) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            n.elements().forEachRemaining(e -> collect(e, out));
        }
    }

    private static JsonNode odd(SplittableRandom random) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(true);
            case 2 -> NODES.numberNode(-1);
            case 3 -> NODES.numberNode(1e300);
            case 4 -> NODES.textNode("");
            case 5 -> NODES.textNode("\u0000\uD800x");
            case 6 -> NODES.arrayNode();
            case 7 -> NODES.objectNode().put("type", "image_url").put("text", 7);
            default -> NODES.numberNode(Long.MAX_VALUE);
        };
    }
}
