package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.Ticker;
import dev.switchyard.core.routing.HedgePolicy;
import dev.switchyard.simulator.Script;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hedged requests over real sockets: an attempt with no first byte by the threshold gets the next candidate started
 * beside it; the first to commit serves, the other is cancelled and both are in the ledger.
 */
class HedgingEndToEndTest {

    private static final String PA_THEN_PB = "\"stream\":true,\"provider\":{\"order\":[\"pa\",\"pb\"]}";

    private final RoutingRig rig = new RoutingRig();

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aSlowFirstEndpointIsHedgedTheFastSecondAnswersAndTheLoserIsCancelled() throws IOException {
        rig.start(Ticker.system(), b -> b.hedge(new HedgePolicy(1, Duration.ofMillis(200), 0, 20))
                .deadline("first_byte", Duration.ofSeconds(20)));
        rig.a.script("m", Script.builder().ttftMs(5000).build());
        HttpResponse<String> r = rig.chat("r/m", PA_THEN_PB);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RoutingRig.provider(r)).isEqualTo("pb");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        TestGateway.await("the losing attempt's upstream request to be cancelled", () -> rig.a.stats().aborted() == 1);
        JsonNode attempts = rig.generation(r).path("provider_responses");
        assertThat(attempts).hasSize(2);
        JsonNode loser = attempts.get(0).path("provider_name").asText().equals("pa") ? attempts.get(0)
                : attempts.get(1);
        JsonNode winner = loser == attempts.get(0) ? attempts.get(1) : attempts.get(0);
        assertThat(loser.path("error_class").asText()).isEqualTo("hedge_lost");
        assertThat(winner.path("provider_name").asText()).isEqualTo("pb");
        assertThat(winner.path("status").asInt()).isEqualTo(200);
        assertThat(rig.breaker("r/m", "pa/m")).as("losing a race is no failure").isEqualTo("closed");
    }

    @Test
    void aFastFirstEndpointIsNotHedged() throws IOException {
        rig.start(Ticker.system(), b -> b.hedge(new HedgePolicy(1, Duration.ofMillis(2000), 0, 20)));
        HttpResponse<String> r = rig.chat("r/m", PA_THEN_PB);
        assertThat(RoutingRig.provider(r)).isEqualTo("pa");
        assertThat(rig.generation(r).path("provider_responses")).hasSize(1);
        assertThat(rig.b.stats().requests()).isZero();
    }

    @Test
    void withoutHedgingTheSlowEndpointIsWaitedFor() throws IOException {
        rig.start(Ticker.system(), b -> { });
        rig.a.script("m", Script.builder().ttftMs(600).build());
        HttpResponse<String> r = rig.chat("r/m", PA_THEN_PB);
        assertThat(RoutingRig.provider(r)).isEqualTo("pa");
        assertThat(rig.b.stats().requests()).isZero();
    }

    @Test
    void aHedgeThatFailsLeavesTheFirstAttemptToFinish() throws IOException {
        rig.start(Ticker.system(), b -> b.hedge(new HedgePolicy(1, Duration.ofMillis(100), 0, 20)));
        rig.a.script("m", Script.builder().ttftMs(800).build());
        rig.b.script("m", Script.builder().error(503, "down").build());
        HttpResponse<String> r = rig.chat("r/m", "\"stream\":true,\"provider\":{\"order\":[\"pa\",\"pb\"],"
                + "\"allow_fallbacks\":false}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RoutingRig.provider(r)).isEqualTo("pa");
        JsonNode attempts = rig.generation(r).path("provider_responses");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).path("status").asInt()).isEqualTo(503);
        assertThat(attempts.get(1).path("provider_name").asText()).isEqualTo("pa");
    }
}
