package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.redis.OutagePolicy;
import dev.switchyard.redis.RedisServerExtension;
import dev.switchyard.server.AccountsHarness.Key;
import dev.switchyard.store.jdbc.EmbeddedPostgresExtension;
import dev.switchyard.store.jdbc.PostgresDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateways (replicas) sharing one Redis and one PostgreSQL behave as one gateway for a key used through both at
 * once: one rate limit, one concurrency limit, one budget, one ledger with exactly one record per request.
 */
class ReplicasShareLimitsTest {

    @RegisterExtension
    @Order(1)
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @RegisterExtension
    @Order(2)
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    private static final long HEALTH_SYNC_MS = 200;
    private static PostgresDatabase database;

    @RegisterExtension
    @Order(3)
    static final TestGateway a = TestGateway.perClass(ReplicasShareLimitsTest::shared);

    @RegisterExtension
    @Order(4)
    static final TestGateway b = TestGateway.perClass(ReplicasShareLimitsTest::shared);

    private static void shared(GatewayConfig.Builder builder) {
        // two gateways, two simulators and Redis share the machine: generous deadlines, the limits are what is tested
        builder.deadline("first_byte", Duration.ofSeconds(20)).deadline("idle", Duration.ofSeconds(20))
                .deadline("total", Duration.ofSeconds(60));
        synchronized (ReplicasShareLimitsTest.class) {
            if (database == null) {
                database = PG.freshDatabase();
            }
        }
        builder.store(new StoreConfig(Optional.of(database)));
        builder.redis(new RedisConfig(Optional.of(REDIS.url()), 8, 15_000, 60_000, 500, OutagePolicy.FAIL_CLOSED,
                true, HEALTH_SYNC_MS));
        // breakers that open after two failures, and a model whose cheaper endpoint is dead
        builder.health(HealthConfig.builder().failureThreshold(2).openDuration(Duration.ofSeconds(60)).build());
        ObjectNode overlay = builder.catalogOverlay().deepCopy();
        ObjectNode pair = overlay.with("models").putObject("test/pair");
        pair.put("name", "Pair").put("vendor", "test").put("origin", "US").put("context_length", 32_000);
        ArrayNode endpoints = pair.putArray("endpoints");
        endpoints.addObject().put("provider", "dead").put("upstream_model", "x").putObject("pricing")
                .put("prompt", "0.10").put("completion", "0.10").put("as_of", "2026-11-28").put("source", "test");
        endpoints.addObject().put("provider", "sim").put("upstream_model", "sim-echo").putObject("pricing")
                .put("prompt", "1.00").put("completion", "2.00").put("as_of", "2026-11-28").put("source", "test");
        // a model served equally well by three simulated providers: without stickiness, a random pick each time
        ObjectNode triple = overlay.with("models").putObject("test/triple");
        triple.put("name", "Triple").put("vendor", "test").put("origin", "US").put("context_length", 32_000);
        ArrayNode three = triple.putArray("endpoints");
        for (String[] e : new String[][] {{"sim", "sim-echo"}, {"sim-anthropic", "sim-claude"},
                {"sim-gemini", "sim-gem"}}) {
            three.addObject().put("provider", e[0]).put("upstream_model", e[1]).putObject("pricing")
                    .put("prompt", "1.00").put("completion", "2.00").put("as_of", "2026-11-28").put("source", "test");
        }
        builder.catalogOverlay(overlay);
    }

    /** One key, created through one replica, in the store both share. */
    private static Key key(Limits limits, long limitPicos) {
        ApiKeys.Minted m = new ApiKeys(new SecureRandom()).mint();
        long now = System.currentTimeMillis();
        ApiKey key = new ApiKey(m.hash(), m.label(), Workspace.DEFAULT_ID, "replicas", KeyRole.INFERENCE, false,
                OptionalLong.empty(), limits, limitPicos < 0 ? Optional.empty()
                        : Optional.of(new Budget(limitPicos, Period.NONE)), ProviderPreferences.NONE, Map.of(), now, now);
        a.gateway.accounts().createKey(key);
        for (TestGateway env : List.of(a, b)) {
            env.gateway.keyDirectory().invalidate(m.label());
            env.gateway.keyDirectory().recount();
        }
        return new Key(m.secret(), m.hash(), limitPicos);
    }

    /** Rows in the shared ledger for a key id, counted by SQL. */
    private static long ledgerRows(String keyId) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM generations WHERE key_id = ?")) {
            s.setString(1, keyId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static TestGateway replica(int i) {
        return i % 2 == 0 ? a : b;
    }


    @Test
    void aRateLimitHoldsAcrossReplicas() throws Exception {
        Key key = key(new Limits(40, 0, 0, Set.of(), Set.of()), -1);
        List<HttpResponse<String>> responses = AccountsHarness.parallel(160, 16, i -> AccountsHarness.call(replica(i), key,
                "/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"r"
                        + i + "\"}],\"simulator\":{\"completion_tokens\":2}}"));
        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
        assertThat(statuses).as("only admissions and refusals").allMatch(s -> s == 200 || s == 429);
        assertThat(statuses.stream().filter(s -> s == 200).count()).as("accepted, through both replicas")
                .isEqualTo(40);
        Set<String> ids = new HashSet<>();
        String keyId = "";
        for (HttpResponse<String> r : responses) {
            String id = AccountsHarness.generationId(r);
            assertThat(ids.add(id)).as("generation ids are unique across replicas").isTrue();
            UsageRecord record = AccountsHarness.record(a, id);
            assertThat(record.status()).as("one ledger, whichever replica served").isEqualTo(r.statusCode());
            keyId = record.dimensions().keyId();
        }
        assertThat(ledgerRows(keyId)).as("one record per request, none twice").isEqualTo(responses.size());
    }

    @Test
    void anEndpointFailingThroughOneReplicaIsAvoidedThroughTheOther() throws Exception {
        Key key = key(Limits.NONE, -1);
        String body = "{\"model\":\"test/pair\",\"provider\":{\"sort\":\"price\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"h\"}]}";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = AccountsHarness.call(a, key, "/v1/chat/completions", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-switchyard-attempts").orElse("")).as("a tries the dead one first")
                    .contains("dead");
        }
        Thread.sleep(3 * HEALTH_SYNC_MS); // a publishes its open breaker; b reads it: within one interval each
        HttpResponse<String> throughB = AccountsHarness.call(b, key, "/v1/chat/completions", body);
        assertThat(throughB.statusCode()).as(throughB.body()).isEqualTo(200);
        assertThat(throughB.headers().firstValue("x-switchyard-attempts")).as("no failed attempt through b").isEmpty();
        UsageRecord record = AccountsHarness.record(b, AccountsHarness.generationId(throughB));
        assertThat(record.attempts()).as("b never tried the endpoint that failed through a").hasSize(1);
        assertThat(record.providerId()).isEqualTo("sim");
    }

    @Test
    void aConcurrencyLimitHoldsAcrossReplicas() throws Exception {
        Key key = key(new Limits(0, 0, 2, Set.of(), Set.of()), -1);
        List<Integer> statuses = AccountsHarness.parallel(24, 12, i -> {
            HttpResponse<String> r = AccountsHarness.call(replica(i), key, "/v1/chat/completions",
                    "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"c" + i + "\"}],"
                            + "\"simulator\":{\"completion_tokens\":2,\"ttft_ms\":150}}");
            return r.statusCode();
        });
        long served = statuses.stream().filter(s -> s == 200).count();
        assertThat(statuses).allMatch(s -> s == 200 || s == 429);
        assertThat(served).as("some served, some refused while two ran").isBetween(2L, 23L);
        // settles are sent as answers end; once they land, both slots are free again, seen through either replica
        TestGateway.await("every slot given back", () -> {
            HttpResponse<String> next = AccountsHarness.call(b, key, "/v1/chat/completions",
                    "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            return next.statusCode() == 200
                    && next.headers().firstValue("x-ratelimit-remaining-concurrent").orElse("").equals("1");
        });
    }

    @Test
    void aBudgetIsSpentOnceAcrossReplicas() throws Exception {
        int maxTokens = 20;
        String body = "{\"model\":\"test/echo\",\"stream\":true,\"max_tokens\":" + maxTokens + ",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"s%03d\"}],\"simulator\":{\"completion_tokens\":" + maxTokens
                + ",\"tokens_per_second\":400,\"honour_max_tokens\":true}}";
        long ceiling = body.formatted(0).getBytes(StandardCharsets.UTF_8).length * AccountsHarness.PROMPT
                + maxTokens * AccountsHarness.COMPLETION;
        long limit = 4 * ceiling + ceiling / 2;
        Key key = key(Limits.NONE, limit);
        List<HttpResponse<String>> responses = AccountsHarness.parallel(48, 16, i -> AccountsHarness.call(replica(i), key,
                "/v1/chat/completions", body.formatted(i)));
        long ledgerSum = 0;
        int served = 0;
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> r = responses.get(i);
            assertThat(r.statusCode()).as(r.body()).isIn(200, 402);
            long cost = AccountsHarness.record(replica(i), AccountsHarness.generationId(r)).cost().totalPicos();
            if (r.statusCode() == 200) {
                served++;
                assertThat(r.body()).contains("[DONE]");
            }
            ledgerSum += cost;
        }
        assertThat(served).isGreaterThanOrEqualTo(4);
        BudgetStanding s = AccountsHarness.standing(a, key);
        assertThat(s.reservedPicos()).isZero();
        assertThat(s.spentPicos()).as("one budget, the sum of both replicas' ledgers").isEqualTo(ledgerSum)
                .isLessThanOrEqualTo(limit);
        assertThat(AccountsHarness.standing(b, key)).isEqualTo(s);
    }

    @Test
    void aSessionStartedOnOneReplicaSticksOnTheOther() throws Exception {
        Key key = key(Limits.NONE, -1);
        // six sessions, each started on one replica and continued on the other: were the replicas' tables separate,
        // each would match its start only by chance (one in three), all six one time in 729
        for (int s = 0; s < 6; s++) {
            TestGateway start = replica(s);
            TestGateway other = replica(s + 1);
            String body = "{\"model\":\"test/triple\",\"session_id\":\"session-" + s + "-" + System.nanoTime()
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
            long before = stickyEntries();
            HttpResponse<String> first = AccountsHarness.call(start, key, "/v1/chat/completions", body);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            String provider = AccountsHarness.record(start, AccountsHarness.generationId(first)).providerId();
            TestGateway.await("the session is remembered in Redis", () -> stickyEntries() > before);
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> next = AccountsHarness.call(other, key, "/v1/chat/completions", body);
                assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
                assertThat(AccountsHarness.record(other, AccountsHarness.generationId(next)).providerId())
                        .as("session %d, request %d through the other replica", s, i).isEqualTo(provider);
            }
        }
    }

    private static long stickyEntries() {
        return REDIS.api().keys("sy:st:*").await().size();
    }
}
