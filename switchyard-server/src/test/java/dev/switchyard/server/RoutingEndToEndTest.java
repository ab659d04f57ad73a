package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.Ticker;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.simulator.Fault;
import dev.switchyard.simulator.Script;
import dev.switchyard.simulator.Simulator;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing engine end to end over real sockets, on a {@link RoutingRig}.
 */
class RoutingEndToEndTest {

    private final RoutingRig rig = new RoutingRig();
    private final Simulator a = rig.a;
    private final Simulator b = rig.b;
    private final Simulator c = rig.c;

    private void start(Ticker ticker, Consumer<GatewayConfig.Builder> customise) throws IOException {
        rig.start(ticker, customise);
    }

    private void start() throws IOException {
        rig.start();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private HttpResponse<String> chat(String model, String extra, String... headers) {
        return rig.chat(model, extra, headers);
    }

    private JsonNode generation(HttpResponse<String> r) {
        return rig.generation(r);
    }

    private static String provider(HttpResponse<String> r) {
        return RoutingRig.provider(r);
    }

    private JsonNode endpoint(String model, String tag) {
        return rig.endpoint(model, tag);
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
        RoutingRig.ManualTicker ticker = new RoutingRig.ManualTicker();
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
        RoutingRig.ManualTicker ticker = new RoutingRig.ManualTicker();
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
