package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.usage.UsageRecord;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a key's traffic leaves behind, over real sockets: {@code GET /api/v1/key} (and {@code /v1/key}) shows usage per
 * period equal to the ledger's cost and what is left of the budget, and every ledger row of a keyed request carries
 * the key's hash, its workspace and the app named by {@code X-Title}. The wall clock is fixed (a Wednesday noon, UTC),
 * so that day, week and month cannot turn during the test.
 */
class AccountsUsageTest {

    private static final TestGateway.MutableClock CLOCK =
            new TestGateway.MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass(b -> b.wallClock(CLOCK));

    private static UsageRecord record(HttpResponse<String> r) {
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();
        gw.generation(id); // waits for the ledger writer
        return gw.gateway.store().find(id).orElseThrow();
    }

    @Test
    void keyInfoShowsUsageEqualToTheLedgersCostAndWhatIsLeft() {
        gw.createWorkspace("{\"id\":\"team-ledger\",\"name\":\"Ledger team\"}");
        TestGateway.NewKey key = gw.createKey("{\"name\":\"metered\",\"workspace_id\":\"team-ledger\","
                + "\"limit\":1,\"limit_reset\":\"daily\"}");
        List<UsageRecord> records = new ArrayList<>();
        for (KeyedDoor door : KeyedDoor.values()) {
            HttpResponse<String> r = door.call(gw, key.secret(), door.model, 64, "X-Title", "ledger-e2e");
            door.assertServed(r);
            records.add(record(r));
        }
        long cost = 0;
        for (UsageRecord rec : records) {
            assertThat(rec.cost().totalPicos()).as("each call costs something").isPositive();
            assertThat(rec.dimensions().keyId()).isEqualTo(key.hash());
            assertThat(rec.dimensions().workspaceId()).isEqualTo("team-ledger");
            assertThat(rec.dimensions().app()).isEqualTo("ledger-e2e");
            assertThat(rec.createdAtMillis()).isEqualTo(CLOCK.epochMillis());
            cost += rec.cost().totalPicos();
        }
        BigDecimal usd = BigDecimal.valueOf(cost, 12);
        for (String path : List.of("/api/v1/key", "/v1/key")) {
            HttpResponse<String> info = gw.request("GET", path, null, "authorization", "Bearer " + key.secret());
            assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
            assertThat(info.body()).doesNotContain(key.secret());
            JsonNode d = TestGateway.json(info.body()).path("data");
            assertThat(d.path("hash").asText()).isEqualTo(key.hash());
            assertThat(d.path("workspace_id").asText()).isEqualTo("team-ledger");
            assertThat(d.path("usage").decimalValue()).isEqualByComparingTo(usd);
            assertThat(d.path("usage_daily").decimalValue()).isEqualByComparingTo(usd);
            assertThat(d.path("usage_weekly").decimalValue()).isEqualByComparingTo(usd);
            assertThat(d.path("usage_monthly").decimalValue()).isEqualByComparingTo(usd);
            assertThat(d.path("limit").decimalValue()).isEqualByComparingTo("1");
            assertThat(d.path("limit_remaining").decimalValue()).isEqualByComparingTo(BigDecimal.ONE.subtract(usd));
            assertThat(d.path("limit_reset").asText()).isEqualTo("daily");
            assertThat(d.path("is_management_key").asBoolean(true)).isFalse();
        }
        // the admin's view of the key agrees
        JsonNode admin = TestGateway.json(gw.adminGet("/api/v1/keys/" + key.hash()).body()).path("data");
        assertThat(admin.path("limit_remaining").decimalValue()).isEqualByComparingTo(BigDecimal.ONE.subtract(usd));
    }

    @Test
    void aKeyWithoutBudgetStillReportsItsUsage() {
        TestGateway.NewKey key = gw.createKey("{\"name\":\"unmetered\"}");
        HttpResponse<String> r = KeyedDoor.CHAT.call(gw, key.secret(), "test/echo", 32, "X-Title", "free-app",
                "HTTP-Referer", "https://example.test/app");
        KeyedDoor.CHAT.assertServed(r);
        UsageRecord rec = record(r);
        assertThat(rec.dimensions().keyId()).isEqualTo(key.hash());
        assertThat(rec.dimensions().workspaceId()).isEqualTo("default");
        assertThat(rec.dimensions().app()).isEqualTo("free-app");
        JsonNode d = TestGateway.json(gw.request("GET", "/api/v1/key", null, "authorization",
                "Bearer " + key.secret()).body()).path("data");
        assertThat(d.path("usage").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(rec.cost().totalPicos(),
                12));
        assertThat(d.path("limit").isNull()).isTrue();
        assertThat(d.path("limit_remaining").isNull()).isTrue();
    }

    @Test
    void aRefusedRequestIsRecordedWithoutCost() {
        TestGateway.NewKey key = gw.createKey("{\"name\":\"refused\",\"allowed_models\":[\"test/claude\"]}");
        HttpResponse<String> r = KeyedDoor.CHAT.call(gw, key.secret(), "test/echo", 16, "X-Title", "refused-app");
        KeyedDoor.CHAT.assertError(r, 403);
        UsageRecord rec = record(r);
        assertThat(rec.status()).isEqualTo(403);
        assertThat(rec.cost().totalPicos()).isZero();
        assertThat(rec.dimensions().keyId()).isEqualTo(key.hash());
        JsonNode d = TestGateway.json(gw.request("GET", "/api/v1/key", null, "authorization",
                "Bearer " + key.secret()).body()).path("data");
        assertThat(d.path("usage").decimalValue()).isEqualByComparingTo("0");
    }
}
