package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.BudgetDecision;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.accounts.CachedKeyDirectory;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.SpendHistory;
import dev.switchyard.server.admin.AccountService;
import dev.switchyard.server.admin.AdminRoutes;
import dev.switchyard.server.admin.DirectoryInvalidation;
import dev.switchyard.store.jdbc.JdbcAccountStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/key} and {@code /v1/key} over a real socket, with a fake budget ledger and a fake spend history
 * (the real ones live on the ledger branch): the calling key's limit, what is left, and its usage per period.
 */
class KeysSelfInfoTest {

    /** Wednesday 2026-11-25 15:00 UTC. */
    private static final long NOW = Instant.parse("2026-11-25T15:00:00Z").toEpochMilli();
    private static final long USD = Money.PICOS_PER_USD;

    private final Vertx vertx = Vertx.vertx();
    private final Map<Long, Long> spentSince = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private AccountStore store;
    private AccountService accounts;
    private HttpServer server;

    /** Spent 1.25 USD this period, 0.25 held by calls in flight. */
    private static final class FakeLedger implements BudgetLedger {
        @Override
        public Future<BudgetDecision> reserve(List<ScopedBudget> scopes, long picos, long nowMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Boolean> extend(BudgetDecision.Reserved reservation, long morePicos, long nowMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> settle(BudgetDecision.Reserved reservation, long actualPicos, long nowMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<BudgetStanding> standing(ScopedBudget scope, long nowMillis) {
            assertThat(scope.scope().kind()).isEqualTo(Scope.Kind.KEY);
            return Future.succeededFuture(new BudgetStanding(scope.budget().limitPicos(), 125 * USD / 100,
                    25 * USD / 100, scope.budget().reset().startOf(nowMillis),
                    scope.budget().reset().nextStart(nowMillis)));
        }
    }

    @BeforeEach
    void start() throws Exception {
        WallClock clock = () -> NOW;
        store = JdbcAccountStore.sqlite(Files.createTempDirectory("switchyard-key").resolve("switchyard.db"), clock);
        CachedKeyDirectory directory = new CachedKeyDirectory(vertx, store);
        accounts = new AccountService(store, new SecureRandom(), clock, new DirectoryInvalidation(directory));
        SpendHistory spend = (scope, since) -> spentSince.getOrDefault(since, 0L);
        AdminRoutes routes = new AdminRoutes(accounts, directory, new FakeLedger(), spend, clock);
        Router router = Router.router(vertx);
        routes.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
        store.close();
    }

    private HttpResponse<String> get(String path, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path));
        if (secret != null) {
            b.header("authorization", "Bearer " + secret);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aKeyReadsItsLimitRemainingAndUsagePerPeriod() throws Exception {
        AccountService.CreatedKey k = accounts.createKey(TestGateway.json(
                "{\"name\":\"mine\",\"limit\":10,\"limit_reset\":\"weekly\"}"));
        spentSince.put(0L, 42 * USD);
        spentSince.put(Period.DAILY.startOf(NOW), USD / 2);
        spentSince.put(Instant.parse("2026-11-23T00:00:00Z").toEpochMilli(), 3 * USD);
        spentSince.put(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli(), 7 * USD);
        for (String path : List.of("/api/v1/key", "/v1/key")) {
            HttpResponse<String> r = get(path, k.secret());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain(k.secret());
            JsonNode d = TestGateway.json(r.body()).path("data");
            assertThat(d.path("label").asText()).isEqualTo(k.secret().substring(0, 19) + "\u2026");
            assertThat(d.path("limit").decimalValue()).isEqualByComparingTo("10");
            assertThat(d.path("limit_remaining").decimalValue()).isEqualByComparingTo("8.5");
            assertThat(d.path("limit_reset").asText()).isEqualTo("weekly");
            assertThat(d.path("usage").decimalValue()).isEqualByComparingTo("42");
            assertThat(d.path("usage_daily").decimalValue()).isEqualByComparingTo(new BigDecimal("0.5"));
            assertThat(d.path("usage_weekly").decimalValue()).isEqualByComparingTo("3");
            assertThat(d.path("usage_monthly").decimalValue()).isEqualByComparingTo("7");
            assertThat(d.path("is_free_tier").asBoolean(true)).isFalse();
            assertThat(d.path("is_management_key").asBoolean(true)).isFalse();
            assertThat(d.path("expires_at").isNull()).isTrue();
        }
    }

    @Test
    void aKeyWithoutALimitHasNullsAndUnknownKeysAreRefused() throws Exception {
        AccountService.CreatedKey k = accounts.createKey(TestGateway.json("{\"name\":\"open\"}"));
        JsonNode d = TestGateway.json(get("/api/v1/key", k.secret()).body()).path("data");
        assertThat(d.path("limit").isNull()).isTrue();
        assertThat(d.path("limit_remaining").isNull()).isTrue();
        assertThat(d.path("limit_reset").isNull()).isTrue();
        assertThat(d.path("usage").decimalValue()).isEqualByComparingTo("0");
        assertThat(get("/api/v1/key", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/key", "sk-swy-nope").statusCode()).isEqualTo(401);
        accounts.updateKey(k.key().hash(), TestGateway.json("{\"expires_at\":\"2026-11-25T14:00:00Z\"}"));
        HttpResponse<String> expired = get("/api/v1/key", k.secret());
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(TestGateway.json(expired.body()).path("error").path("message").asText()).contains("expired");
    }
}
