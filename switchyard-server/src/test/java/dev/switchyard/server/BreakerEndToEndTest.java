package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.simulator.Fault;
import dev.switchyard.simulator.Script;
import dev.switchyard.simulator.Simulator;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Breakers never cause an outage on their own (decision 0009), over real sockets: what a client provokes leaves them
 * closed, and when they have removed every candidate the request still reaches one. Breakers open after 3 failures
 * here, and the health clock never moves unless a test moves it, so nothing recovers by waiting.
 */
class BreakerEndToEndTest {

    private final RoutingRig rig = new RoutingRig();
    private final RoutingRig.ManualTicker ticker = new RoutingRig.ManualTicker();

    @AfterEach
    void stop() {
        rig.close();
    }

    private void assertAllClosed(String model, String upstream) {
        for (String p : new String[] {"pa", "pb", "pc"}) {
            assertThat(rig.breaker(model, p + "/" + upstream)).as("breaker of " + p).isEqualTo("closed");
        }
    }

    @Test
    void aClientsOwnFirstTokenDeadlineNeverOpensTheBreaker() throws IOException {
        rig.start(ticker, b -> { });
        for (Simulator s : new Simulator[] {rig.a, rig.b, rig.c}) {
            s.script("eq", Script.builder().ttftMs(300).build());
        }
        // the attack from issue 12: each request tries every endpoint, so 3 requests were enough to open them all
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = rig.chat("r/eq", "\"stream\":true", "x-switchyard-first-token-timeout-ms", "1");
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(rig.generation(r).path("provider_responses").get(0).path("error_class").asText())
                    .isEqualTo("timeout_first_byte");
        }
        assertAllClosed("r/eq", "eq");
        assertThat(rig.chat("r/eq", "\"stream\":true").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientsOwnTotalDeadlineNeverOpensTheBreaker() throws IOException {
        rig.start(ticker, b -> { });
        for (Simulator s : new Simulator[] {rig.a, rig.b, rig.c}) {
            s.script("eq", Script.builder().latencyMs(300).build());
        }
        for (int i = 0; i < 6; i++) {
            assertThat(rig.chat("r/eq", "", "x-switchyard-total-timeout-ms", "1").statusCode()).isEqualTo(504);
        }
        assertAllClosed("r/eq", "eq");
        assertThat(rig.chat("r/eq", "").statusCode()).isEqualTo(200);
    }

    @Test
    void answersToTheClientsOwnInvalidRequestNeverOpenTheBreaker() throws IOException {
        rig.start(ticker, b -> { });
        for (int status : new int[] {400, 404, 422}) {
            for (int i = 0; i < 4; i++) {
                // the simulator object travels to the provider: the client scripts the provider's answer itself
                HttpResponse<String> r = rig.chat("r/eq", "\"simulator\":{\"error\":{\"status\":" + status
                        + ",\"message\":\"your request is wrong\"}}");
                assertThat(r.statusCode()).isBetween(400, 502);
            }
        }
        assertAllClosed("r/eq", "eq");
        assertThat(rig.chat("r/eq", "").statusCode()).isEqualTo(200);
    }

    @Test
    void serverErrorsTheClientsOwnRequestProvokesEverywhereNeverOpenTheBreaker() throws IOException {
        rig.start(ticker, b -> { });
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = rig.chat("r/eq", "\"simulator\":{\"error\":{\"status\":500,"
                    + "\"message\":\"this prompt crashes us\"}}");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(rig.generation(r).path("provider_responses")).hasSize(3);
        }
        assertAllClosed("r/eq", "eq");
        assertThat(rig.chat("r/eq", "").statusCode()).isEqualTo(200);
    }

    @Test
    void clientsThatLeaveMidStreamNeverOpenTheBreaker() throws Exception {
        rig.start(ticker, b -> { });
        rig.a.script("solo", Script.builder().tokensPerSecond(20).completionTokens(200).build());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 5; i++) {
            HttpResponse<java.io.InputStream> r = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + rig.gateway.port() + "/v1/chat/completions"))
                    .header("content-type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"r/solo\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            r.body().readNBytes(64); // the answer has begun
            r.body().close();        // and the client leaves
        }
        TestGateway.await("the providers to see the clients leave", () -> rig.a.stats().aborted() >= 5);
        assertThat(rig.breaker("r/solo", "pa/solo")).isEqualTo("closed");
    }

    @Test
    void aSingleEndpointModelRecoversOnTheNextRequestOnceHealthy() throws IOException {
        rig.start(ticker, b -> { });
        rig.a.script("solo", Script.builder().error(500, "boom").build());
        for (int i = 0; i < 5; i++) {
            assertThat(rig.chat("r/solo", "").statusCode()).isEqualTo(502);
        }
        assertThat(rig.breaker("r/solo", "pa/solo")).as("real failures still open it").isIn("open", "half_open");
        long before = rig.a.stats().requests();
        rig.a.clearScripts();
        HttpResponse<String> next = rig.chat("r/solo", "");
        assertThat(next.statusCode()).as("the next request, with no time passing").isEqualTo(200);
        assertThat(rig.a.stats().requests()).isGreaterThan(before);
        assertThat(rig.breaker("r/solo", "pa/solo")).isEqualTo("closed");
    }

    @Test
    void whenBreakersHaveRemovedEveryCandidateTheRequestStillReachesOneAsAProbe() throws IOException {
        rig.start(ticker, b -> b.health(HealthConfig.builder().failureThreshold(3).openDuration(Duration.ofSeconds(30))
                .maxEjectionPercent(100).build()));
        for (Simulator s : new Simulator[] {rig.a, rig.b, rig.c}) {
            s.script("eq", Script.builder().fault(Fault.RESET).build()); // connections lost: the providers' fault
        }
        for (int i = 0; i < 4; i++) {
            rig.chat("r/eq", "");
        }
        for (String p : new String[] {"pa", "pb", "pc"}) {
            assertThat(rig.breaker("r/eq", p + "/eq")).isIn("open", "half_open");
        }
        long sent = rig.a.stats().requests() + rig.b.stats().requests() + rig.c.stats().requests();
        HttpResponse<String> stillDown = rig.chat("r/eq", "");
        assertThat(stillDown.statusCode()).as("the provider's own failure, not circuit_open").isEqualTo(502);
        assertThat(rig.a.stats().requests() + rig.b.stats().requests() + rig.c.stats().requests())
                .as("a probe reached a provider").isGreaterThan(sent);

        for (Simulator s : new Simulator[] {rig.a, rig.b, rig.c}) {
            s.clearScripts();
        }
        HttpResponse<String> healed = rig.chat("r/eq", "");
        assertThat(healed.statusCode()).isEqualTo(200);
        JsonNode g = rig.generation(healed);
        assertThat(g.path("provider_responses").get(0).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void withTwoOfThreeOpenTheHealthyOneServesFirst() throws IOException {
        rig.start(ticker, b -> b.health(HealthConfig.builder().failureThreshold(1).openDuration(Duration.ofSeconds(30))
                .maxEjectionPercent(100).build()));
        rig.a.script("eq", Script.builder().error(503, "down").build());
        rig.b.script("eq", Script.builder().error(503, "down").build());
        rig.chat("r/eq", "\"provider\":{\"order\":[\"pa\",\"pb\",\"pc\"]}");
        assertThat(rig.breaker("r/eq", "pa/eq")).isEqualTo("open");
        assertThat(rig.breaker("r/eq", "pb/eq")).isEqualTo("open");
        long aBefore = rig.a.stats().requests();
        HttpResponse<String> r = rig.chat("r/eq", "\"provider\":{\"order\":[\"pa\",\"pb\",\"pc\"]}");
        assertThat(RoutingRig.provider(r)).isEqualTo("pc");
        assertThat(rig.a.stats().requests()).as("open breakers are skipped while a healthy one is left")
                .isEqualTo(aBefore);
    }
}
