package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.redis.RedisServerExtension;
import dev.switchyard.server.CrashLoad.Seen;
import dev.switchyard.simulator.Simulator;
import dev.switchyard.store.jdbc.EmbeddedPostgresExtension;
import dev.switchyard.store.jdbc.JdbcAccountStore;
import dev.switchyard.store.jdbc.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas as they run in production: two gateway processes ({@link GatewayProcess}) sharing nothing but one
 * PostgreSQL (keys, the ledger, rollups) and one Redis (limits, budgets, endpoint health), used at once through both,
 * over sockets. They behave as one gateway:
 * <ul>
 *   <li>one rate limit, one concurrency limit and one budget for a key hammered through both;</li>
 *   <li>one ledger: a record per request, the accepted ones exactly, whichever replica served;</li>
 *   <li>a provider failing through one replica is avoided through the other once the health exchange ran;</li>
 *   <li>a replica killed with SIGKILL under load and started again loses no record and counts none twice (the last
 *       test: it kills replica {@code a}).</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReplicaProcessesTest {

    @RegisterExtension
    @Order(1)
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @RegisterExtension
    @Order(2)
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    private static final long HEALTH_SYNC_MS = 200;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    private static Simulator simulator;
    private static PostgresDatabase database;
    private static Replica replicaA;
    private static GatewayProcess a;
    private static GatewayProcess b;
    private static final Map<String, AccountsHarness.Key> KEYS = new HashMap<>();

    /** The keys, made in PostgreSQL before the replicas start (as the CLI would, against the shared store). */
    private static final Map<String, Limits> LIMITS = Map.of(
            "rate", new Limits(40, 0, 0, Set.of(), Set.of()),
            "concurrent", new Limits(0, 0, 2, Set.of(), Set.of()),
            "budget", Limits.NONE, "health", Limits.NONE, "crash", Limits.NONE);

    @BeforeAll
    static void replicas() throws Exception {
        simulator = Simulator.builder().build().startAndWait();
        database = PG.freshDatabase();
        try (JdbcAccountStore store = JdbcAccountStore.postgres(database, WallClock.system())) {
            for (Map.Entry<String, Limits> e : LIMITS.entrySet()) {
                KEYS.put(e.getKey(), createKey(store, e.getValue(), e.getKey().equals("budget") ? BUDGET : -1));
            }
        }
        replicaA = config("a");
        Replica replicaB = config("b");
        // both at once, as a deployment starts them
        CompletableFuture<GatewayProcess> startA = CompletableFuture.supplyAsync(replicaA::start);
        CompletableFuture<GatewayProcess> startB = CompletableFuture.supplyAsync(replicaB::start);
        a = startA.get(3, TimeUnit.MINUTES);
        b = startB.get(3, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, simulator}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what is left; the tests' verdicts are already in
            }
        }
    }

    /** One replica's configuration file (its own port and data directory, the stores of all). */
    record Replica(Path config, int port) {
        GatewayProcess start() {
            return GatewayProcess.start(config, port, config.resolveSibling("gateway.log"));
        }
    }

    private static Replica config(String name) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path config = home.resolve("switchyard.yaml");
        int port = TestGateway.freePort();
        Files.writeString(config, """
                server: {host: 127.0.0.1, port: %d, data_dir: %s}
                log: {access: false}
                # two gateways, PostgreSQL, Redis and the simulator share the machine: generous deadlines
                timeouts: {first_byte_ms: 20000, idle_ms: 20000, total_ms: 60000}
                store: postgres
                postgres: {url: "%s", user: %s, pool_size: 8}
                redis: {url: "%s", call_timeout_ms: 15000, lease_ms: 15000, backoff_ms: 500, health_sync_ms: %d}
                routing:
                  health: {failure_threshold: 2, open_ms: 60000}
                providers:
                  sim: {name: Simulator, base_url: "%s", api_key: sim-key, country: US}
                  dead: {name: Dead, base_url: "http://127.0.0.1:%d/v1", api_key: dead-key}
                models:
                  test/echo:
                    vendor: test
                    origin: US
                    context_length: 32000
                    max_output_tokens: 4000
                    supported_parameters: [max_tokens, stream]
                    endpoints:
                      - provider: sim
                        upstream_model: sim-echo
                        pricing: {prompt: "1.00", completion: "2.00"}
                  test/pair:
                    vendor: test
                    origin: US
                    endpoints:
                      - {provider: dead, upstream_model: x, pricing: {prompt: "0.10", completion: "0.10"}}
                      - {provider: sim, upstream_model: sim-echo, pricing: {prompt: "1.00", completion: "2.00"}}
                """.formatted(port, home.resolve("data"), database.jdbcUrl(), database.user(),
                REDIS.url(), HEALTH_SYNC_MS, simulator.baseUrl(), TestGateway.freePort()));
        return new Replica(config, port);
    }

    private static AccountsHarness.Key createKey(JdbcAccountStore store, Limits limits, long budgetPicos) {
        ApiKeys.Minted m = new ApiKeys(new SecureRandom()).mint();
        long now = System.currentTimeMillis();
        store.createKey(new ApiKey(m.hash(), m.label(), Workspace.DEFAULT_ID, "replicas", KeyRole.INFERENCE, false,
                OptionalLong.empty(), limits, budgetPicos < 0 ? Optional.empty()
                        : Optional.of(new Budget(budgetPicos, Period.NONE)), ProviderPreferences.NONE, Map.of(), now,
                now));
        return new AccountsHarness.Key(m.secret(), m.hash(), budgetPicos);
    }

    private static GatewayProcess replica(int i) {
        return i % 2 == 0 ? a : b;
    }

    private static HttpResponse<String> call(GatewayProcess g, String key, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/v1/chat/completions"))
                    .header("content-type", "application/json").header("authorization", "Bearer "
                            + KEYS.get(key).secret()).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode getJson(GatewayProcess g, String key, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + path))
                    .header("authorization", "Bearer " + KEYS.get(key).secret()).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void aRateLimitHoldsAcrossReplicasAndTheLedgerHasEveryRequestOnce() throws Exception {
        List<HttpResponse<String>> responses = AccountsHarness.parallel(160, 16, i -> call(replica(i), "rate",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"r" + i + "\"}],"
                        + "\"simulator\":{\"completion_tokens\":2}}"));
        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
        assertThat(statuses).as("only admissions and refusals").allMatch(s -> s == 200 || s == 429);
        assertThat(statuses.stream().filter(s -> s == 200).count()).as("accepted, through both replicas")
                .isEqualTo(40);
        Map<String, Row> rows = awaitRows("rate", responses.size());
        Set<String> ids = new HashSet<>();
        for (HttpResponse<String> r : responses) {
            String id = AccountsHarness.generationId(r);
            assertThat(ids.add(id)).as("generation ids are unique across replicas").isTrue();
            assertThat(rows).containsKey(id);
            assertThat(rows.get(id).status()).as("one ledger, whichever replica served").isEqualTo(r.statusCode());
        }
        assertThat(rows.values().stream().filter(r -> r.status() == 200).count())
                .as("ledger records of accepted requests = accepted requests").isEqualTo(40);
        assertThat(rollupRequests("rate")).as("rollups count each record once").isEqualTo(160);
    }

    @Test
    @Order(2)
    void aConcurrencyLimitHoldsAcrossReplicas() throws Exception {
        List<Integer> statuses = AccountsHarness.parallel(24, 12, i -> call(replica(i), "concurrent",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"c" + i + "\"}],"
                        + "\"simulator\":{\"completion_tokens\":2,\"ttft_ms\":150}}").statusCode());
        long served = statuses.stream().filter(s -> s == 200).count();
        assertThat(statuses).allMatch(s -> s == 200 || s == 429);
        assertThat(served).as("some served, some refused while two ran").isBetween(2L, 23L);
        // settles are sent as answers end; once they land, both slots are free again, seen through either replica
        TestGateway.await("every slot given back", () -> {
            HttpResponse<String> next = call(b, "concurrent",
                    "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            return next.statusCode() == 200
                    && next.headers().firstValue("x-ratelimit-remaining-concurrent").orElse("").equals("1");
        });
    }

    private static final int MAX_TOKENS = 20;
    private static final String BUDGET_BODY = "{\"model\":\"test/echo\",\"stream\":true,\"max_tokens\":" + MAX_TOKENS
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"s%03d\"}],\"simulator\":{\"completion_tokens\":"
            + MAX_TOKENS + ",\"tokens_per_second\":400,\"honour_max_tokens\":true}}";
    /** What the budget reserves for one call: the prompt's bytes as tokens and the whole max_tokens. */
    private static final long CEILING = BUDGET_BODY.formatted(0).getBytes(StandardCharsets.UTF_8).length
            * AccountsHarness.PROMPT + MAX_TOKENS * AccountsHarness.COMPLETION;
    private static final long BUDGET = 4 * CEILING + CEILING / 2;

    @Test
    @Order(3)
    void aBudgetIsSpentOnceAcrossReplicas() throws Exception {
        List<HttpResponse<String>> responses = AccountsHarness.parallel(48, 16, i -> call(replica(i), "budget",
                BUDGET_BODY.formatted(i)));
        int served = 0;
        for (HttpResponse<String> r : responses) {
            assertThat(r.statusCode()).as(r.body()).isIn(200, 402);
            if (r.statusCode() == 200) {
                served++;
                assertThat(r.body()).contains("[DONE]");
            }
        }
        Map<String, Row> rows = awaitRows("budget", responses.size());
        long spent = rows.values().stream().mapToLong(Row::costPicos).sum();
        assertThat(served).isGreaterThanOrEqualTo(4);
        // no settle was lost (Redis answered throughout), so the documented overspend bound is 0 here
        assertThat(spent).as("one budget across both replicas (the ledger's sum)").isLessThanOrEqualTo(BUDGET);
        BigDecimal remaining = BigDecimal.valueOf(BUDGET - spent, 12);
        for (GatewayProcess g : List.of(a, b)) {
            TestGateway.await("the budget's standing in Redis is the ledger's spend, seen through either replica",
                    () -> getJson(g, "budget", "/api/v1/key").path("data").path("limit_remaining").decimalValue()
                            .compareTo(remaining) == 0);
        }
    }

    @Test
    @Order(4)
    void anEndpointFailingThroughOneReplicaIsAvoidedThroughTheOther() throws Exception {
        String body = "{\"model\":\"test/pair\",\"provider\":{\"sort\":\"price\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"h\"}]}";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = call(a, "health", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-switchyard-attempts").orElse("")).as("a tries the dead one first")
                    .contains("dead");
        }
        long opened = System.nanoTime(); // a's breaker opened with that second failure
        TestGateway.await("b lists the endpoint that failed through a as unavailable", () -> {
            for (JsonNode e : getJson(b, "health", "/v1/models/test/pair/endpoints").path("data")
                    .path("endpoints")) {
                if (e.path("switchyard").path("provider").asText().equals("dead")) {
                    return e.path("status").asInt() == -2;
                }
            }
            throw new AssertionError("no dead endpoint listed");
        });
        long learnedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
        HttpResponse<String> throughB = call(b, "health", body);
        assertThat(throughB.statusCode()).as(throughB.body()).isEqualTo(200);
        assertThat(throughB.headers().firstValue("x-switchyard-attempts")).as("no failed attempt through b").isEmpty();
        String id = AccountsHarness.generationId(throughB);
        Map<String, Row> rows = awaitRows("health", 3);
        assertThat(rows.get(id).provider()).as("b served it from the live endpoint").isEqualTo("sim");
        System.out.printf("ReplicaProcessesTest: b avoided the endpoint %d ms after a's breaker opened"
                + " (health_sync_ms %d)%n", learnedMillis, HEALTH_SYNC_MS);
    }

    @Test
    @Order(5)
    void aReplicaKilledUnderLoadAndRestartedLosesNoRecordAndCountsNoneTwice() throws Exception {
        long reachedBefore = simulator.stats().requests();
        CrashLoad load = new CrashLoad(a.baseUrl(), Optional.of(KEYS.get("crash").secret()));
        load.warmUp(3);
        load.runUntilAnswered(50, 100, 200, Duration.ofSeconds(1), Duration.ofSeconds(20));
        a.kill();
        Map<Integer, Seen> seen = load.outcomes();
        long reachedProvider = simulator.stats().requests() - reachedBefore; // b took none of these

        a = replicaA.start(); // the same data directory, so the same journal
        a.awaitJournalReplayed();
        Map<String, Row> rows = rows("crash");

        List<String> answered = seen.values().stream().filter(Seen::answered).map(Seen::generationId).toList();
        assertThat(answered).as("some requests were answered before the kill").isNotEmpty();
        assertThat(answered.size()).as("and some were not").isLessThan(seen.size());
        assertThat(Set.copyOf(answered)).as("generation ids are unique").hasSize(answered.size());
        for (String id : answered) {
            assertThat(rows).as("answered request %s has its record", id).containsKey(id);
            assertThat(rows.get(id).status()).as("record of answered %s: %s", id, rows.get(id)).isEqualTo(200);
            assertThat(rows.get(id).interrupted()).as("answered %s is not interrupted", id).isFalse();
        }
        assertThat(rollupRequests("crash")).as("rollups count each record exactly once").isEqualTo(rows.size());
        long dispatched = rows.values().stream().filter(r -> !r.provider().isEmpty()).count();
        assertThat(dispatched).as("every request that reached the provider (%d) has a record", reachedProvider)
                .isGreaterThanOrEqualTo(reachedProvider);
        assertThat(rows.size()).as("no more records than requests sent").isLessThanOrEqualTo(seen.size());
        List<Row> interrupted = rows.values().stream().filter(Row::interrupted).toList();
        assertThat(interrupted).as("the requests in flight at the kill are recorded as interrupted").isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(500);
                    assertThat(r.errorClass()).isEqualTo("interrupted");
                    assertThat(r.provider()).as("dispatched").isNotEmpty();
                    assertThat(answered).doesNotContain(r.id());
                });
        assertThat(call(a, "crash", "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .statusCode()).as("the restarted replica serves").isEqualTo(200);
        System.out.printf("ReplicaProcessesTest: kill -9 on PostgreSQL: %d requests sent, %d answered, %d reached the"
                + " provider, %d records (%d dispatched, %d interrupted)%n", seen.size(), answered.size(),
                reachedProvider, rows.size(), dispatched, interrupted.size());
    }

    /** One ledger row in PostgreSQL, as these tests need it. */
    record Row(String id, int status, boolean interrupted, String provider, String errorClass, long costPicos) {
    }

    /** The rows of a key once there are {@code count} (records are written behind the answers), up to 10 s. */
    private static Map<String, Row> awaitRows(String key, int count) {
        TestGateway.await(count + " records of key " + key, () -> rows(key).size() >= count);
        return rows(key);
    }

    private static Map<String, Row> rows(String key) {
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT id, status, interrupted,"
                + " provider, error_class, cost_total_picos FROM generations WHERE key_id = ?")) {
            s.setString(1, KEYS.get(key).hash());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Row row = new Row(rs.getString(1), rs.getInt(2), rs.getInt(3) == 1, rs.getString(4),
                            rs.getString(5), rs.getLong(6));
                    assertThat(rows.put(row.id(), row)).as("id %s once", row.id()).isNull();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static long rollupRequests(String key) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT COALESCE(SUM(requests), 0) FROM usage_hourly WHERE key_id = ?")) {
            s.setString(1, KEYS.get(key).hash());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
