package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/activity} over real sockets: OpenRouter's shape, from the daily rollups. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivityEndpointTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.wallClock(() -> LedgerSeeds.NOW));
    private final List<String> ids = new ArrayList<>();

    @BeforeAll
    void start() {
        env.gateway.store().append(LedgerSeeds.rows());
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = env.post("/v1/chat/completions",
                    "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello " + i + "\"}]}");
            assertThat(r.statusCode()).isEqualTo(200);
            ids.add(r.headers().firstValue("x-generation-id").orElseThrow());
        }
        ids.forEach(env::generation);
    }

    private JsonNode data(String query) {
        HttpResponse<String> r = env.adminGet("/api/v1/activity" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        return TestGateway.json(r.body()).path("data");
    }

    @Test
    void todaysRequestsThroughTheSimulatorAreOneRowWithTheirTokensAndCost() {
        JsonNode rows = data("?date=2026-11-15");
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        long prompt = 0;
        long completion = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (String id : ids) {
            JsonNode g = env.generation(id);
            prompt += g.path("tokens_prompt").asLong();
            completion += g.path("tokens_completion").asLong();
            cost = cost.add(g.path("total_cost").decimalValue());
        }
        assertThat(row.path("date").asText()).isEqualTo("2026-11-15");
        assertThat(row.path("model").asText()).isEqualTo("test/echo");
        assertThat(row.path("model_permaslug").asText()).isEqualTo("test/echo");
        assertThat(row.path("provider_name").asText()).isEqualTo("sim");
        assertThat(row.path("endpoint_id").asText()).isEqualTo("sim:test/echo");
        assertThat(row.path("requests").asLong()).isEqualTo(3);
        assertThat(row.path("prompt_tokens").asLong()).isEqualTo(prompt).isPositive();
        assertThat(row.path("completion_tokens").asLong()).isEqualTo(completion);
        assertThat(row.path("usage").decimalValue()).isEqualByComparingTo(cost);
        assertThat(row.path("byok_usage_inference").asInt()).isZero();
        assertThat(row.has("reasoning_tokens")).isTrue();
    }

    @Test
    void withoutADateTheLastThirtyCompleteDaysByModelAndProvider() {
        JsonNode rows = data("");
        List<String> keys = new ArrayList<>();
        rows.forEach(r -> keys.add(r.path("date").asText() + " " + r.path("model").asText() + " "
                + r.path("provider_name").asText() + " " + r.path("requests").asLong()));
        // today (incomplete) and 2026-10-01 (older than 30 days) are left out
        assertThat(keys).containsExactly("2026-11-13 v/alpha pa 1", "2026-11-13 v/alpha pb 1",
                "2026-11-14 v/beta pa 2", "2026-11-14 v/beta pb 1");
        assertThat(rows.get(0).path("usage").decimalValue()).isEqualByComparingTo("0.0015");
        assertThat(rows.get(3).path("usage").decimalValue()).isEqualByComparingTo("1");
        // exact, and in plain notation on the wire
        assertThat(env.adminGet("/api/v1/activity").body()).contains("\"usage\":0.000000000007,");
    }

    @Test
    void filteredByKey() {
        JsonNode rows = data("?key=k2");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("prompt_tokens").asLong()).isEqualTo(300);
        assertThat(data("?api_key_hash=k1&date=2026-11-14").get(0).path("model").asText()).isEqualTo("v/beta");
        assertThat(data("?key=nobody")).isEmpty();
    }

    @Test
    void aBadDateIsA400NamingIt() {
        HttpResponse<String> r = env.adminGet("/api/v1/activity?date=2026-13-01");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(r.body()).path("error").path("param").asText()).isEqualTo("date");
    }
}
