package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.LatencyBuckets;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's admin API over real sockets, checked against plain SQL over the raw ledger: overview totals and
 * percentiles, rankings by vendor, country, model and openness (JSON and CSV), the requests explorer and one request;
 * every data route refuses callers without the admin key; the console's files are public and carry a strict CSP; and
 * no route gives back a key's secret after it was created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.wallClock(() -> ConsoleSeeds.NOW)
            .deadline("first_byte", java.time.Duration.ofSeconds(10))); // a loaded machine, not what is tested

    static final List<String> DATA_ROUTES = List.of("/api/v1/admin/overview", "/api/v1/admin/rankings",
            "/api/v1/admin/requests", "/api/v1/admin/requests/gen-seed-0-1", "/api/v1/admin/endpoints",
            "/api/v1/admin/usage", "/api/v1/activity", "/api/v1/keys", "/api/v1/workspaces");

    @BeforeAll
    void seed() {
        env.gateway.store().append(ConsoleSeeds.rows(200));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = env.post("/v1/chat/completions",
                    "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello " + i + "\"}]}",
                    "x-title", "console-api-test");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            env.generation(r.headers().firstValue("x-generation-id").orElseThrow());
        }
    }

    private static JsonNode get(String path) {
        HttpResponse<String> r = env.adminGet(path);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return TestGateway.json(r.body());
    }

    /** group → {requests, prompt, completion} from the raw ledger. */
    private static Map<String, long[]> sqlGroups(String groupExpr, long from, long to) {
        Map<String, long[]> out = new TreeMap<>();
        ConsoleSeeds.sql(env, s -> {
            try (ResultSet rs = s.executeQuery("SELECT " + groupExpr + " AS g, COUNT(*), SUM(prompt_tokens),"
                    + " SUM(completion_tokens) FROM generations WHERE created_at_ms >= " + from
                    + " AND created_at_ms < " + to + " GROUP BY g")) {
                while (rs.next()) {
                    String g = rs.getString(1);
                    out.put(g.isEmpty() ? "(unknown)" : g, new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }

    private static Map<String, long[]> apiGroups(JsonNode root, String period) {
        Map<String, long[]> out = new TreeMap<>();
        for (JsonNode row : root.path("data")) {
            if (row.path("period_start").asText().equals(period)) {
                out.put(row.path("group").asText(), new long[] {row.path("requests").asLong(),
                        row.path("prompt_tokens").asLong(), row.path("completion_tokens").asLong()});
            }
        }
        return out;
    }

    private static void assertSameGroups(Map<String, long[]> api, Map<String, long[]> sql) {
        assertThat(api.keySet()).isEqualTo(sql.keySet());
        for (String g : sql.keySet()) {
            assertThat(api.get(g)).as(g).containsExactly(sql.get(g));
        }
    }

    @Test
    void weeklyRankingsEqualSqlOverTheLedger() {
        long weekEnd = ConsoleSeeds.WEEK2 + ConsoleSeeds.WEEK_MILLIS;
        JsonNode vendor = get("/api/v1/admin/rankings?grain=week&by=vendor&periods=2");
        assertThat(vendor.path("periods").get(0).path("start").asText()).isEqualTo("2026-11-02");
        assertThat(vendor.path("periods").get(1).path("partial").asBoolean()).isTrue();
        assertSameGroups(apiGroups(vendor, "2026-11-09"), sqlGroups("vendor", ConsoleSeeds.WEEK2, weekEnd));
        assertSameGroups(apiGroups(vendor, "2026-11-02"), sqlGroups("vendor", ConsoleSeeds.WEEK1, ConsoleSeeds.WEEK2));
        assertSameGroups(apiGroups(get("/api/v1/admin/rankings?by=country&periods=2"), "2026-11-09"),
                sqlGroups("origin", ConsoleSeeds.WEEK2, weekEnd));
        assertSameGroups(apiGroups(get("/api/v1/admin/rankings?by=model&periods=2"), "2026-11-09"),
                sqlGroups("CASE WHEN model_served = '' THEN model_requested ELSE model_served END",
                        ConsoleSeeds.WEEK2, weekEnd));

        // shares are each group's tokens over the period's, and sum to one
        double sum = 0;
        long total = ConsoleSeeds.scalar(env, "SELECT SUM(prompt_tokens + completion_tokens) FROM generations"
                + " WHERE created_at_ms >= " + ConsoleSeeds.WEEK2 + " AND created_at_ms < " + weekEnd);
        for (JsonNode row : vendor.path("data")) {
            if (row.path("period_start").asText().equals("2026-11-09")) {
                assertThat(row.path("share").asDouble())
                        .isCloseTo((double) row.path("tokens").asLong() / total, org.assertj.core.data.Offset.offset(1e-6));
                sum += row.path("share").asDouble();
            }
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(vendor.path("overtakes").toString()).contains(
                "{\"period_start\":\"2026-11-09\",\"group\":\"deepseek\",\"overtook\":\"openai\"}");
    }

    @Test
    void opennessFoldsModelsByTheirCatalogFlag() {
        JsonNode root = get("/api/v1/admin/rankings?by=openness&periods=2");
        Map<String, long[]> expected = new TreeMap<>();
        sqlGroups("CASE WHEN model_served = '' THEN model_requested ELSE model_served END", ConsoleSeeds.WEEK2,
                ConsoleSeeds.WEEK2 + ConsoleSeeds.WEEK_MILLIS).forEach((model, v) -> {
                    String g = env.gateway.catalog().model(model).map(m -> m.openWeights() ? "open" : "proprietary")
                            .orElse("(unknown)");
                    expected.merge(g, v, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
                });
        assertThat(expected).containsKeys("open", "proprietary", "(unknown)");
        assertSameGroups(apiGroups(root, "2026-11-09"), expected);
    }

    @Test
    void dailyRankingsAndCsv() {
        JsonNode day = get("/api/v1/admin/rankings?grain=day&by=vendor&periods=3");
        assertThat(day.path("periods")).hasSize(3);
        long d14 = Instant.parse("2026-11-14T00:00:00Z").toEpochMilli();
        assertSameGroups(apiGroups(day, "2026-11-14"), sqlGroups("vendor", d14, d14 + 86_400_000L));

        HttpResponse<String> csv = env.adminGet("/api/v1/admin/rankings?grain=day&by=vendor&periods=3&format=csv");
        assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("period_start,group,requests,prompt_tokens,completion_tokens,tokens,share,"
                + "share_change_pp,tokens_change");
        assertThat(lines).hasSize(day.path("data").size() + 1);
        JsonNode first = day.path("data").get(0);
        assertThat(lines[1]).startsWith(first.path("period_start").asText() + "," + first.path("group").asText() + ","
                + first.path("requests").asLong() + ",");
        HttpResponse<String> byAccept = env.adminGet("/api/v1/admin/rankings?grain=day&by=vendor&periods=3",
                "accept", "text/csv");
        assertThat(byAccept.body()).isEqualTo(csv.body());

        HttpResponse<String> bad = env.adminGet("/api/v1/admin/rankings?by=planet");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestGateway.json(bad.body()).path("error").path("param").asText()).isEqualTo("by");
    }

    @Test
    void overviewTotalsAndPercentilesEqualTheLedger() {
        JsonNode root = get("/api/v1/admin/overview?window=7d");
        long from = Instant.parse(root.path("from").asText()).toEpochMilli();
        long to = Instant.parse(root.path("to").asText()).toEpochMilli();
        assertThat(to).isEqualTo(Instant.parse("2026-11-15T13:00:00Z").toEpochMilli());
        assertThat(root.path("series")).hasSize(7 * 24);
        String where = " FROM generations WHERE created_at_ms >= " + from + " AND created_at_ms < " + to;
        JsonNode totals = root.path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(ConsoleSeeds.scalar(env, "SELECT COUNT(*)" + where));
        assertThat(totals.path("errors").asLong()).isEqualTo(ConsoleSeeds.scalar(env,
                "SELECT COUNT(*)" + where + " AND status >= 400"));
        assertThat(totals.path("tokens").asLong()).isEqualTo(ConsoleSeeds.scalar(env,
                "SELECT SUM(prompt_tokens + completion_tokens)" + where));
        assertThat(totals.path("cost_picos").asLong()).isEqualTo(ConsoleSeeds.scalar(env,
                "SELECT SUM(cost_total_picos)" + where));
        long seriesRequests = 0;
        for (JsonNode p : root.path("series")) {
            seriesRequests += p.path("requests").asLong();
        }
        assertThat(seriesRequests).isEqualTo(totals.path("requests").asLong());

        List<Long> latencies = column("latency_ms", where);
        List<Long> ttfts = column("ttft_ms", where + " AND ttft_ms >= 0");
        assertThat(totals.path("latency_ms").path("p50").asLong()).isEqualTo(bucketed(latencies, 0.50));
        assertThat(totals.path("latency_ms").path("p95").asLong()).isEqualTo(bucketed(latencies, 0.95));
        assertThat(totals.path("ttft_ms").path("p50").asLong()).isEqualTo(bucketed(ttfts, 0.50));
        assertThat(totals.path("ttft_ms").path("p95").asLong()).isEqualTo(bucketed(ttfts, 0.95));

        JsonNode top = root.path("top_models");
        assertThat(top.get(0).path("tokens").asLong()).isGreaterThanOrEqualTo(top.get(1).path("tokens").asLong());
        assertThat(top.get(0).path("model").asText()).isEqualTo("deepseek/deepseek-chat");
        assertThat(top.get(0).path("tokens").asLong()).isEqualTo(ConsoleSeeds.scalar(env,
                "SELECT SUM(prompt_tokens + completion_tokens)" + where
                        + " AND (model_served = 'deepseek/deepseek-chat' OR (model_served = ''"
                        + " AND model_requested = 'deepseek/deepseek-chat'))"));

        assertThat(get("/api/v1/admin/overview?window=30d").path("series")).hasSize(30);
        assertThat(env.adminGet("/api/v1/admin/overview?window=5y").statusCode()).isEqualTo(400);
    }

    /** The exact percentile of the raw values, rounded up to its latency bucket's bound, as the rollups keep it. */
    private static long bucketed(List<Long> values, double q) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        long v = sorted.get((int) Math.max(0, Math.ceil(q * sorted.size()) - 1));
        return LatencyBuckets.bound(LatencyBuckets.indexOf(v));
    }

    private static List<Long> column(String col, String where) {
        List<Long> out = new ArrayList<>();
        ConsoleSeeds.sql(env, s -> {
            try (ResultSet rs = s.executeQuery("SELECT " + col + where)) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }

    @Test
    void theModelFilterFindsARequestUnderTheModelThatServedIt() {
        // asked for test/claude, served by openai/gpt-5-mini after a fallback: the list and the rollups say gpt-5-mini
        env.gateway.store().append(List.of(new UsageRecord("gen-fallback-1", ConsoleSeeds.NOW - 7_200_000L,
                "chat.completions", "test/claude", "openai/gpt-5-mini", "sim-openai", "gpt-5-mini", false, 200, "",
                "stop", new Usage(10, 5, 0, 0, 0), new Cost(10, 0, 0, 0), 900, 300,
                List.of(new AttemptRecord("sim-anthropic", "claude", 503, "http_503", 100),
                        new AttemptRecord("sim-openai", "gpt-5-mini", 200, "", 800)),
                new Dimensions("k-fallback", "default", "", "", "openai", "US"))));
        JsonNode served = get("/api/v1/admin/requests?key=k-fallback&model=openai/gpt-5-mini").path("data");
        assertThat(served).hasSize(1);
        assertThat(served.get(0).path("id").asText()).isEqualTo("gen-fallback-1");
        assertThat(served.get(0).path("model").asText()).isEqualTo("openai/gpt-5-mini");
        assertThat(served.get(0).path("model_requested").asText()).isEqualTo("test/claude");
        assertThat(get("/api/v1/admin/requests?key=k-fallback&model=test/claude").path("data")).isEmpty();
    }

    @Test
    void requestsExplorerFiltersAndPagesThroughTheLedger() {
        String filter = "key=k-alpha&model=openai/gpt-5-mini&from=2026-11-02&to=2026-11-16";
        long expected = ConsoleSeeds.scalar(env, "SELECT COUNT(*) FROM generations WHERE key_id = 'k-alpha' AND"
                + " CASE WHEN model_served = '' THEN model_requested ELSE model_served END = 'openai/gpt-5-mini'"
                + " AND created_at_ms >= " + Instant.parse("2026-11-02T00:00:00Z").toEpochMilli()
                + " AND created_at_ms < " + Instant.parse("2026-11-16T00:00:00Z").toEpochMilli());
        Set<String> seen = new HashSet<>();
        String next = null;
        long lastAt = Long.MAX_VALUE;
        do {
            JsonNode page = get("/api/v1/admin/requests?" + filter + "&limit=7" + (next == null ? "" : "&before=" + next));
            for (JsonNode r : page.path("data")) {
                assertThat(seen.add(r.path("id").asText())).isTrue();
                assertThat(r.path("key").asText()).isEqualTo("k-alpha");
                long at = Instant.parse(r.path("created_at").asText()).toEpochMilli();
                assertThat(at).isLessThanOrEqualTo(lastAt);
                lastAt = at;
            }
            next = page.path("next").isNull() ? null : page.path("next").asText();
        } while (next != null);
        assertThat((long) seen.size()).isEqualTo(expected).isGreaterThan(7);

        JsonNode errors = get("/api/v1/admin/requests?status=5xx&provider=deepseek&limit=200");
        assertThat(errors.path("data").size()).isEqualTo((int) ConsoleSeeds.scalar(env,
                "SELECT COUNT(*) FROM generations WHERE provider = 'deepseek' AND status BETWEEN 500 AND 599"));
        for (JsonNode r : errors.path("data")) {
            assertThat(r.path("status").asInt()).isEqualTo(502);
        }
        JsonNode one = get("/api/v1/admin/requests/" + errors.path("data").get(0).path("id").asText()).path("data");
        assertThat(one.path("attempt_list")).hasSize(2);
        assertThat(one.path("attempt_list").get(1).path("provider").asText()).isEqualTo("backup");
        assertThat(one.path("bodies").path("logged").asBoolean()).isFalse();
        assertThat(one.path("timings").path("ttft_ms").isNull()).isTrue();

        assertThat(env.adminGet("/api/v1/admin/requests/gen-nope").statusCode()).isEqualTo(404);
        assertThat(env.adminGet("/api/v1/admin/requests?status=teapot").statusCode()).isEqualTo(400);
        assertThat(env.adminGet("/api/v1/admin/requests?before=garbage").statusCode()).isEqualTo(400);
    }

    @Test
    void endpointsListEveryModelWithHealth() {
        JsonNode root = get("/api/v1/admin/endpoints");
        Map<String, JsonNode> byId = new HashMap<>();
        root.path("data").forEach(m -> byId.put(m.path("id").asText(), m));
        assertThat(byId).containsKeys("test/echo", "test/claude", "test/nokey");
        JsonNode echo = byId.get("test/echo");
        assertThat(echo.path("open_weights").asBoolean()).isTrue();
        assertThat(echo.path("context_length").asLong()).isEqualTo(1_000_000);
        JsonNode ep = echo.path("endpoints").get(0);
        assertThat(ep.path("prompt_usd_per_million").asText()).isEqualTo("1");
        assertThat(ep.path("switchyard").path("breaker").asText()).isEqualTo("closed");
        assertThat(ep.path("switchyard").path("last_30m").path("requests").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyDataRouteNeedsTheAdminKeyButTheFilesArePublic() {
        String inference = env.createKey(KeyRole.INFERENCE);
        for (String path : DATA_ROUTES) {
            assertThat(env.request("GET", path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(env.request("GET", path, null, "authorization", "Bearer sk-swy-notakey000000000000000000")
                    .statusCode()).as(path).isEqualTo(401);
            assertThat(env.request("GET", path, null, "authorization", "Bearer " + inference).statusCode())
                    .as(path).isEqualTo(403);
        }
        HttpResponse<String> root = env.get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("location")).hasValue("/console/");
        HttpResponse<String> page = env.get("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\">");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(env.get("/console/vendor/echarts.min.js").body()).contains("echarts");
        assertThat(env.get("/console/pages/overview.js").statusCode()).isEqualTo(200);
        assertThat(env.get("/console/../pom.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void theConsolesOwnOriginMayPostAndNoOtherMay() {
        String own = env.baseUrl();
        String body = "{\"name\":\"from the console page\"}";
        String auth = "Bearer " + env.adminSecret();
        assertThat(env.request("POST", "/api/v1/keys", body, "authorization", auth, "origin", own,
                "sec-fetch-site", "same-origin").statusCode()).isEqualTo(201);
        assertThat(env.request("POST", "/api/v1/keys", body, "authorization", auth, "origin",
                "http://127.0.0.1:" + TestGateway.freePort()).statusCode()).isEqualTo(403);
        assertThat(env.request("POST", "/api/v1/keys", body, "authorization", auth, "origin",
                own.replace("http://", "https://")).statusCode()).isEqualTo(403);
        assertThat(env.request("POST", "/api/v1/keys", body, "authorization", auth, "origin",
                "http://evil.example").statusCode()).isEqualTo(403);
    }

    @Test
    void noRouteGivesBackASecretAfterCreation() {
        TestGateway.NewKey key = env.createKey("{\"name\":\"shown once\",\"limit\":5,\"limit_reset\":\"monthly\"}");
        assertThat(key.secret()).startsWith("sk-swy-");
        HttpResponse<String> call = env.post("/v1/chat/completions",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", "Bearer " + key.secret());
        assertThat(call.statusCode()).isEqualTo(200);
        env.generation(call.headers().firstValue("x-generation-id").orElseThrow());
        String secretPart = key.secret().substring("sk-swy-".length() + 12); // the part the label does not show
        List<String> reads = new ArrayList<>(List.of("/api/v1/keys?include_disabled=true", "/api/v1/keys/" + key.hash(),
                "/api/v1/workspaces", "/api/v1/admin/requests?key=" + key.hash(), "/api/v1/admin/overview",
                "/api/v1/admin/rankings", "/api/v1/admin/usage?group_by=key,app", "/api/v1/admin/endpoints"));
        reads.add("/api/v1/admin/requests/" + call.headers().firstValue("x-generation-id").orElseThrow());
        for (String path : reads) {
            HttpResponse<String> r = env.adminGet(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).doesNotContain(secretPart);
        }
        for (String file : List.of("/console/", "/console/app.js", "/console/pages/keys.js")) {
            assertThat(env.get(file).body()).doesNotContain(secretPart);
        }
    }
}
