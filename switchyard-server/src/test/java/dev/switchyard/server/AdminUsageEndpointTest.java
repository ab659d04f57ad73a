package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/admin/usage} over real sockets: grouping, buckets, filters, JSON and CSV, and clear 400s. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUsageEndpointTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.wallClock(() -> LedgerSeeds.NOW));

    @BeforeAll
    void start() {
        env.gateway.store().append(LedgerSeeds.rows());
        HttpResponse<String> r = env.post("/v1/chat/completions",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        env.generation(r.headers().firstValue("x-generation-id").orElseThrow());
    }

    private JsonNode json(String query) {
        HttpResponse<String> r = env.adminGet("/api/v1/admin/usage" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestGateway.json(r.body());
    }

    private static List<String> lines(JsonNode data, String... fields) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : data) {
            StringBuilder b = new StringBuilder();
            for (String f : fields) {
                b.append(b.isEmpty() ? "" : " ").append(row.path(f).asText());
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void thisMonthByModelAndProviderByDefault() {
        JsonNode root = json("?group_by=model,provider");
        assertThat(root.path("from").asText()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(root.path("to").asText()).isEqualTo("2026-11-15T13:00:00Z");
        assertThat(lines(root.path("data"), "model", "provider", "requests", "errors", "cost_usd")).containsExactly(
                "test/echo sim 1 0 " + root.path("data").get(0).path("cost_usd").asText(),
                "v/alpha pa 1 0 0.0015", "v/alpha pb 1 0 0.0025", "v/beta pa 2 1 0.000000000007",
                "v/beta pb 1 0 1");
        JsonNode beta = root.path("data").get(3);
        assertThat(beta.path("error_rate").asDouble()).isEqualTo(0.5);
        assertThat(beta.path("prompt_tokens").asLong()).isEqualTo(300);
        assertThat(beta.path("reasoning_tokens").asLong()).isEqualTo(6);
        assertThat(beta.path("mean_latency_ms").asDouble()).isEqualTo(100.0);
        assertThat(beta.path("cost_picos").asLong()).isEqualTo(7);
    }

    @Test
    void dayBucketsWithFiltersAndEpochMillis() {
        JsonNode root = json("?group_by=workspace&bucket=day&from=2026-11-13&to=1794787200000&key=k1");
        assertThat(lines(root.path("data"), "bucket_start", "workspace", "requests", "prompt_tokens"))
                .containsExactly("2026-11-13T00:00:00Z w1 2 300", "2026-11-14T00:00:00Z w1 1 50");
        assertThat(root.path("filters").path("key").asText()).isEqualTo("k1");
        JsonNode hourly = json("?bucket=hour&from=2026-11-14T09:00:00Z&to=2026-11-14T10:00:00Z&model=v/beta"
                + "&provider=pa&group_by=key,app");
        assertThat(lines(hourly.path("data"), "bucket_start", "key", "app", "requests"))
                .containsExactly("2026-11-14T09:00:00Z k2 app-k2 2");
    }

    @Test
    void csvByFormatOrAcceptHeader() throws Exception {
        HttpResponse<String> r = env.adminGet("/api/v1/admin/usage?group_by=key&from=2026-11-01&to=2026-11-15&format=csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        assertThat(r.body().split("\r\n")).containsExactly(
                "key,requests,errors,error_rate,prompt_tokens,completion_tokens,cached_tokens,cache_write_tokens,"
                        + "reasoning_tokens,cost_usd,cost_picos,mean_latency_ms",
                "k1,3,0,0,350,35,0,0,9,1.004,1004000000000,100",
                "k2,2,1,0.5,300,30,0,0,6,0.000000000007,7,100");
        HttpResponse<String> accepted = env.adminGet("/api/v1/admin/usage?group_by=key&from=2026-11-01&to=2026-11-15",
                "accept", "text/csv");
        assertThat(accepted.body()).isEqualTo(r.body());
        assertThat(json("?group_by=key&from=2026-11-01&to=2026-11-15&format=json").path("data")).hasSize(2);
    }

    @Test
    void onlyAdminKeysMayReadUsage() {
        assertThat(env.get("/api/v1/admin/usage").statusCode()).isEqualTo(401);
        assertThat(env.get("/api/v1/activity").statusCode()).isEqualTo(401);
        String inference = env.createKey(dev.switchyard.core.accounts.KeyRole.INFERENCE);
        HttpResponse<String> r = env.request("GET", "/api/v1/admin/usage", null, "authorization", "Bearer " + inference);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).doesNotContain(inference);
    }

    @Test
    void badParametersAre400sNamingThem() {
        assertBad("?from=yesterday", "from");
        assertBad("?to=2026-11-40", "to");
        assertBad("?from=2026-11-10&to=2026-11-09", "to");
        assertBad("?group_by=model,colour", "group_by");
        assertBad("?bucket=week", "bucket");
        assertBad("?format=xml", "format");
        assertBad("?bucket=hour&from=2025-01-01", "bucket");
    }

    private void assertBad(String query, String param) {
        HttpResponse<String> r = env.adminGet("/api/v1/admin/usage" + query);
        assertThat(r.statusCode()).as(query).isEqualTo(400);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("param").asText()).as(query).isEqualTo(param);
        assertThat(error.path("message").asText()).as(query).contains(param);
    }
}
