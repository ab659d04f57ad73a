package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.Ticker;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.simulator.Fault;
import dev.switchyard.simulator.Script;
import dev.switchyard.simulator.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing engine end to end: one gateway, three simulator instances (providers {@code pa}, {@code pb},
 * {@code pc}) and one dead port ({@code pd}), over real sockets.
 */
class RoutingEndToEndTest {

    /** A clock the test moves by hand, for cooldowns and breakers. */
    static final class ManualTicker implements Ticker {
        final AtomicLong now = new AtomicLong(1_000_000_000_000L);

        @Override
        public long nanos() {
            return now.get();
        }

        void advance(Duration d) {
            now.addAndGet(d.toNanos());
        }
    }

    private final Simulator a = Simulator.builder().build().startAndWait();
    private final Simulator b = Simulator.builder().build().startAndWait();
    private final Simulator c = Simulator.builder().build().startAndWait();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Gateway gateway;

    private void start(Ticker ticker, Consumer<GatewayConfig.Builder> customise) throws IOException {
        String yaml = """
                providers:
                  pa: {base_url: "%s", api_key: ka, data_policy: {trains_on_prompts: true, retains_prompts: true}}
                  pb: {base_url: "%s", api_key: kb, data_policy: {retains_prompts: false, zero_data_retention: true}}
                  pc: {base_url: "%s", api_key: kc, data_policy: {retains_prompts: true}}
                  pd: {base_url: "http://127.0.0.1:%d/v1", api_key: kd}
                models:
                  r/m:
                    context_length: 100000
                    supported_parameters: [temperature, tools, max_tokens]
                    endpoints:
                      - {provider: pa, upstream_model: m, quantization: fp8,  pricing: {prompt: "1", completion: "1"}}
                      - {provider: pb, upstream_model: m, quantization: bf16, pricing: {prompt: "2", completion: "2"}}
                      - {provider: pc, upstream_model: m, quantization: bf16, pricing: {prompt: "4", completion: "4"}}
                  r/eq:
                    endpoints:
                      - {provider: pa, upstream_model: eq, pricing: {prompt: "1", completion: "1"}}
                      - {provider: pb, upstream_model: eq, pricing: {prompt: "1", completion: "1"}}
                      - {provider: pc, upstream_model: eq, pricing: {prompt: "1", completion: "1"}}
                  r/solo:
                    endpoints:
                      - {provider: pa, upstream_model: solo, pricing: {prompt: "1", completion: "1"}}
                  r/deadfirst:
                    endpoints:
                      - {provider: pd, upstream_model: df, pricing: {prompt: "1", completion: "1"}}
                      - {provider: pa, upstream_model: df, pricing: {prompt: "2", completion: "2"}}
                """.formatted(a.baseUrl(), b.baseUrl(), c.baseUrl(), TestGateway.freePort());
        GatewayConfig.Builder builder = GatewayConfig.builder().port(0).accessLog(false).env(Map.of())
                .dataDir(Files.createTempDirectory("switchyard-routing")).ticker(ticker)
                .retry(new RetryPolicy(5, 1, Duration.ZERO, Duration.ZERO))
                .health(HealthConfig.builder().failureThreshold(3).openDuration(Duration.ofSeconds(30)).build());
        ConfigLoader.apply(builder, CatalogLoader.parseYaml(yaml), Map.of());
        customise.accept(builder);
        gateway = Gateway.start(builder.build());
    }

    private void start() throws IOException {
        start(Ticker.system(), b -> { });
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        a.close();
        b.close();
        c.close();
    }

    private HttpResponse<String> chat(String model, String extra, String... headers) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                + "/v1/chat/completions")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String path) {
        try {
            return TestGateway.json(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                    + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode generation(HttpResponse<String> r) {
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode g = get("/v1/generation?id=" + id);
            if (g.has("data")) {
                return g.path("data");
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no ledger record for " + id);
    }

    private static String provider(HttpResponse<String> r) {
        return r.headers().firstValue("x-switchyard-provider").orElse("");
    }

    private JsonNode endpoint(String model, String tag) {
        for (JsonNode e : get("/v1/models/" + model + "/endpoints").path("data").path("endpoints")) {
            if (e.path("tag").asText().equals(tag)) {
                return e;
            }
        }
        throw new AssertionError("no endpoint " + tag);
    }

    @Test
    void failsOverOnA500AndExplainsEveryAttempt() throws IOException {
        start();
        a.script("m", Script.builder().error(500, "boom").build());
        HttpResponse<String> r = chat("r/m", "\"provider\":{\"order\":[\"pa\",\"pb\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(provider(r)).isEqualTo("pb");
        assertThat(r.headers().firstValue("x-switchyard-attempts").orElseThrow()).contains("pa/m 500 http_500");
        JsonNode g = generation(r);
        assertThat(g.path("provider_name").asText()).isEqualTo("pb");
        assertThat(g.path("provider_responses")).hasSize(2);
        assertThat(g.path("provider_responses").get(0).path("provider_name").asText()).isEqualTo("pa");
        assertThat(g.path("provider_responses").get(0).path("status").asInt()).isEqualTo(500);
        assertThat(g.path("provider_responses").get(1).path("status").asInt()).isEqualTo(200);
        // the routing fields never reached the provider
        assertThat(TestGateway.json(b.lastRequestBody()).has("provider")).isFalse();
    }

    @Test
    void a429WithRetryAfterCoolsTheEndpointDownForThatLong() throws IOException {
        ManualTicker ticker = new ManualTicker();
        start(ticker, x -> { });
        a.script("m", Script.builder().error(429, "slow down").retryAfterSeconds(30).build());
        HttpResponse<String> first = chat("r/m", "\"provider\":{\"order\":[\"pa\",\"pb\"]}");
        assertThat(provider(first)).isEqualTo("pb");
        assertThat(endpoint("r/m", "pa/m").path("switchyard").path("seconds_until_available").asLong()).isEqualTo(30);
        assertThat(endpoint("r/m", "pa/m").path("status").asInt()).isEqualTo(-2);

        long aRequests = a.stats().requests();
        HttpResponse<String> during = chat("r/m", "\"provider\":{\"order\":[\"pa\",\"pb\"]}");
        assertThat(provider(during)).isEqualTo("pb");
        assertThat(a.stats().requests()).as("cooled-down endpoint not called").isEqualTo(aRequests);

        a.clearScripts();
        ticker.advance(Duration.ofSeconds(29));
        assertThat(provider(chat("r/m", "\"provider\":{\"order\":[\"pa\",\"pb\"]}"))).isEqualTo("pb");
        ticker.advance(Duration.ofSeconds(1));
        assertThat(provider(chat("r/m", "\"provider\":{\"order\":[\"pa\",\"pb\"]}"))).isEqualTo("pa");
    }

    @Test
    void failsOverOnAConnectionRefusal() throws IOException {
        start();
        HttpResponse<String> r = chat("r/deadfirst", "\"provider\":{\"sort\":\"price\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(provider(r)).isEqualTo("pa");
        JsonNode g = generation(r);
        assertThat(g.path("provider_responses").get(0).path("provider_name").asText()).isEqualTo("pd");
        assertThat(g.path("provider_responses").get(0).path("error_class").asText()).isEqualTo("connect");
    }

    @Test
    void timeToFirstTokenExceededFallsBackAndCancelsTheSlowAttempt() throws IOException {
        start();
        a.script("m", Script.builder().ttftMs(3000).build());
        long abortedBefore = a.stats().aborted();
        HttpResponse<String> r = chat("r/m", "\"stream\":true,\"provider\":{\"order\":[\"pa\",\"pb\"]}",
                "x-switchyard-first-token-timeout-ms", "300");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(provider(r)).isEqualTo("pb");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        TestGateway.await("the slow attempt to be cancelled", () -> a.stats().aborted() > abortedBefore);
        JsonNode g = generation(r);
        assertThat(g.path("provider_responses").get(0).path("error_class").asText()).isEqualTo("timeout_first_byte");
    }

    @Test
    void aStreamCutAfterItsFirstByteEndsWithAnErrorEventAndIsNotRetried() throws IOException {
        start();
        a.script("m", Script.builder().fault(Fault.CUT).cutAfterChunks(2).build());
        long bRequests = b.stats().requests();
        HttpResponse<String> r = chat("r/m", "\"stream\":true,\"provider\":{\"order\":[\"pa\",\"pb\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"finish_reason\":\"error\"").doesNotContain("[DONE]");
        assertThat(b.stats().requests()).as("no retry after the first byte").isEqualTo(bRequests);
        JsonNode g = generation(r);
        assertThat(g.path("provider_responses")).hasSize(1);
        assertThat(g.path("switchyard").path("status").asInt()).isEqualTo(502);
    }

    @Test
    void failFastBreakerOpensAfterNFailuresAndClosesAfterASuccessfulHalfOpenProbe() throws IOException {
        ManualTicker ticker = new ManualTicker();
        // refusing while the breaker is open is the operator's explicit choice (routing.health.fail_fast)
        start(ticker, x -> x.health(HealthConfig.builder().failureThreshold(3).openDuration(Duration.ofSeconds(30))
                .failFast(true).build()));
        a.script("solo", Script.builder().error(503, "down").build());
        for (int i = 0; i < 3; i++) {
            assertThat(chat("r/solo", "").statusCode()).isEqualTo(502);
        }
        assertThat(endpoint("r/solo", "pa/solo").path("switchyard").path("breaker").asText()).isEqualTo("open");
        long aRequests = a.stats().requests();
        HttpResponse<String> refused = chat("r/solo", "");
        assertThat(refused.statusCode()).isEqualTo(503);
        JsonNode availability = TestGateway.json(refused.body()).path("error").path("availability");
        assertThat(availability.path("code").asText()).isEqualTo("temporarily_unavailable");
        assertThat(availability.path("excluded_by").toString()).contains("circuit_open");
        assertThat(refused.headers().firstValue("retry-after")).contains("30");
        assertThat(a.stats().requests()).as("an open breaker sends nothing").isEqualTo(aRequests);

        a.clearScripts();
        ticker.advance(Duration.ofSeconds(30));
        assertThat(endpoint("r/solo", "pa/solo").path("switchyard").path("breaker").asText()).isEqualTo("half_open");
        assertThat(chat("r/solo", "").statusCode()).as("the probe").isEqualTo(200);
        assertThat(endpoint("r/solo", "pa/solo").path("switchyard").path("breaker").asText()).isEqualTo("closed");
        assertThat(chat("r/solo", "").statusCode()).isEqualTo(200);
    }

    @Test
    void sortByPriceAndByLatencyChooseDifferently() throws IOException {
        start();
        a.script("m", Script.builder().ttftMs(150).build());
        for (String p : new String[] {"pa", "pb", "pc", "pa", "pb", "pc"}) {
            assertThat(provider(chat("r/m", "\"provider\":{\"order\":[\"" + p + "\"],\"allow_fallbacks\":false}")))
                    .isEqualTo(p);
        }
        assertThat(provider(chat("r/m", "\"provider\":{\"sort\":\"price\"}"))).isEqualTo("pa");
        assertThat(provider(chat("r/m", "\"provider\":{\"sort\":\"latency\"}"))).isIn("pb", "pc");
        assertThat(provider(chat("r/m:floor", ""))).isEqualTo("pa");
        JsonNode latency = endpoint("r/m", "pa/m").path("latency_last_30m");
        assertThat(latency.path("p50").asDouble()).isGreaterThan(100);
        assertThat(endpoint("r/m", "pa/m").path("uptime_last_5m").asDouble()).isEqualTo(100.0);
    }

    @Test
    void filtersExcludeTheRightEndpointsAndTheEmptyCaseIsExplained() throws IOException {
        start();
        assertThat(provider(chat("r/m", "\"provider\":{\"only\":[\"pc\"]}"))).isEqualTo("pc");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(provider(chat("r/m", "\"provider\":{\"ignore\":[\"pa\"]}")));
        }
        assertThat(seen).doesNotContain("pa");
        assertThat(provider(chat("r/m", "\"provider\":{\"max_price\":{\"prompt\":1.5}}"))).isEqualTo("pa");
        assertThat(provider(chat("r/m", "\"provider\":{\"data_collection\":\"deny\"}"))).isEqualTo("pb");
        assertThat(provider(chat("r/m", "\"provider\":{\"quantizations\":[\"fp8\"]}"))).isEqualTo("pa");

        HttpResponse<String> none = chat("r/m", "\"seed\":1,\"provider\":{\"require_parameters\":true}");
        assertThat(none.statusCode()).isEqualTo(400);
        JsonNode error = TestGateway.json(none.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("constraint_filtered");
        assertThat(error.path("availability").path("excluded_by").toString()).contains("require_parameters");
        assertThat(error.path("availability").path("exclusions")).hasSize(3);

        HttpResponse<String> mixed = chat("r/m", "\"provider\":{\"only\":[\"pa\"],\"data_collection\":\"deny\"}");
        JsonNode exclusions = TestGateway.json(mixed.body()).path("error").path("availability").path("exclusions");
        assertThat(exclusions.toString()).contains("\"endpoint\":\"pa/m\"", "data_policy:training",
                "\"endpoint\":\"pb/m\"", "allowed_providers");
    }

    @Test
    void modelsFallbackMovesToTheNextModel() throws IOException {
        start();
        a.script("solo", Script.builder().error(500, "nope").build());
        HttpResponse<String> r = chat("r/solo", "\"models\":[\"r/eq\"],\"provider\":{\"sort\":\"price\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-switchyard-model")).contains("r/eq");
        assertThat(generation(r).path("model").asText()).isEqualTo("r/eq");
    }

    @Test
    void aSessionSticksToItsEndpoint() throws IOException {
        start();
        String first = provider(chat("r/eq", "\"session_id\":\"conversation-7\""));
        for (int i = 0; i < 20; i++) {
            assertThat(provider(chat("r/eq", "\"session_id\":\"conversation-7\""))).isEqualTo(first);
        }
        assertThat(provider(chat("r/eq", "", "x-session-id", "conversation-7"))).isEqualTo(first);
    }

    @Test
    void badRoutingControlsAre400() throws IOException {
        start();
        HttpResponse<String> r = chat("r/m", "\"provider\":{\"sort\":\"fastest\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(r.body()).path("error").path("param").asText()).isEqualTo("provider.sort");
        assertThat(chat("r/m", "\"models\":[\"r/nope\"]").statusCode()).isEqualTo(404);
        assertThat(chat("r/m", "", "x-switchyard-total-timeout-ms", "soon").statusCode()).isEqualTo(400);
    }
}
