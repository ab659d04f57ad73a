package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.redis.OutagePolicy;
import dev.switchyard.redis.RedisServerExtension;
import dev.switchyard.server.AccountsHarness.Key;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis stopped and started under serving gateways, seen through HTTP: each outage policy does what
 * docs/scale-out.md says, {@code /health/ready} reports Redis down and then up, and service returns by itself. Two
 * gateways share the Redis: one {@code fail_closed}, one {@code fail_open}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisOutageTest {

    @RegisterExtension
    @Order(1)
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @RegisterExtension
    @Order(2)
    static final TestGateway closed = TestGateway.perClass(b -> redis(b, OutagePolicy.FAIL_CLOSED));

    @RegisterExtension
    @Order(3)
    static final TestGateway open = TestGateway.perClass(b -> redis(b, OutagePolicy.FAIL_OPEN_LOCAL));

    private static final long SYNC_MS = 200;

    private static void redis(GatewayConfig.Builder b, OutagePolicy policy) {
        b.redis(new RedisConfig(Optional.of(REDIS.url()), 4, 1_000, 15_000, 200, policy, false, SYNC_MS));
    }

    @AfterEach
    void redisBack() throws Exception {
        REDIS.start(); // a no-op unless a test failed while it was stopped
    }

    private static String chat(int i) {
        return "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"o" + i + "\"}],"
                + "\"simulator\":{\"completion_tokens\":2}}";
    }

    private static final String MESSAGES = "{\"model\":\"test/claude\",\"max_tokens\":8,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** One key in the stores of the given gateways (each has its own SQLite), so that Redis alone is what they share. */
    private static Key key(Limits limits, long budgetPicos, TestGateway... gateways) {
        ApiKeys.Minted m = new ApiKeys(new SecureRandom()).mint();
        long now = System.currentTimeMillis();
        ApiKey key = new ApiKey(m.hash(), m.label(), Workspace.DEFAULT_ID, "outage", KeyRole.INFERENCE, false,
                OptionalLong.empty(), limits, budgetPicos < 0 ? Optional.empty()
                        : Optional.of(new Budget(budgetPicos, Period.NONE)), ProviderPreferences.NONE, Map.of(), now,
                now);
        for (TestGateway g : gateways) {
            g.gateway.accounts().createKey(key);
            g.gateway.keyDirectory().invalidate(m.label());
            g.gateway.keyDirectory().recount();
        }
        return new Key(m.secret(), m.hash(), budgetPicos);
    }

    /** The readiness probe's answer and its Redis check, once that check says {@code status}. */
    private static JsonNode awaitRedis(TestGateway g, String status) {
        JsonNode[] last = new JsonNode[1];
        TestGateway.await("/health/ready says redis " + status, () -> {
            HttpResponse<String> r = g.get("/health/ready");
            last[0] = TestGateway.json(r.body());
            assertThat(r.statusCode()).as("Redis is reported, not critical: %s", r.body()).isEqualTo(200);
            return last[0].path("checks").path("redis").path("status").asText().equals(status);
        });
        return last[0];
    }

    @Test
    void failClosedRefusesLimitedAndBudgetedRequestsWhileRedisIsDownAndServesThemOnceItIsBack() throws Exception {
        Key limited = key(new Limits(1_000, 0, 0, Set.of(), Set.of()), -1, closed);
        Key budgeted = key(Limits.NONE, 1_000_000_000_000L, closed);
        Key free = key(Limits.NONE, -1, closed);
        for (Key k : List.of(limited, budgeted, free)) {
            assertThat(AccountsHarness.call(closed, k, "/v1/chat/completions", chat(0)).statusCode()).isEqualTo(200);
        }
        assertThat(awaitRedis(closed, "up").path("checks").path("redis").path("detail").asText())
                .isEqualTo(REDIS.url());

        REDIS.stop();
        JsonNode ready = awaitRedis(closed, "down"); // no request needed: the replicas' health exchange notices
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("checks").path("redis").path("detail").asText()).contains("outage policy fail_closed");

        HttpResponse<String> chat = AccountsHarness.call(closed, limited, "/v1/chat/completions", chat(1));
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(503);
        assertThat(chat.headers().firstValue("retry-after")).as("a hint for clients that back off").contains("1");
        JsonNode error = TestGateway.json(chat.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("limits_unavailable");
        assertThat(error.path("message").asText())
                .as("the store's address and the network error are the operator's, in /health/ready")
                .isEqualTo("rate limits cannot be checked right now (their shared store is unreachable); retry shortly");

        HttpResponse<String> messages = AccountsHarness.call(closed, limited, "/v1/messages", MESSAGES);
        assertThat(messages.statusCode()).as(messages.body()).isEqualTo(503);
        JsonNode anthropic = TestGateway.json(messages.body());
        assertThat(anthropic.path("type").asText()).as("the Messages door's own format").isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asText()).isEqualTo("overloaded_error");

        HttpResponse<String> spend = AccountsHarness.call(closed, budgeted, "/v1/chat/completions", chat(2));
        assertThat(spend.statusCode()).as(spend.body()).isEqualTo(503);
        assertThat(TestGateway.json(spend.body()).path("error").path("code").asText())
                .isEqualTo("budgets_unavailable");

        HttpResponse<String> unlimited = AccountsHarness.call(closed, free, "/v1/chat/completions", chat(3));
        assertThat(unlimited.statusCode()).as("a key with no limit or budget needs no Redis: %s", unlimited.body())
                .isEqualTo(200);

        REDIS.start();
        awaitRedis(closed, "up");
        TestGateway.await("limited requests are served again, without a restart", () ->
                AccountsHarness.call(closed, limited, "/v1/chat/completions", chat(4)).statusCode() == 200);
        assertThat(AccountsHarness.call(closed, budgeted, "/v1/chat/completions", chat(5)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void failOpenServesUnderLocalLimitsWhileRedisIsDownAndSharedLimitsResumeOnceItIsBack() throws Exception {
        int perMinute = 10;
        Key key = key(new Limits(perMinute, 0, 0, Set.of(), Set.of()), -1, open, closed);
        for (int i = 0; i < 4; i++) {
            assertThat(AccountsHarness.call(open, key, "/v1/chat/completions", chat(i)).statusCode()).isEqualTo(200);
        }

        REDIS.stop();
        JsonNode ready = awaitRedis(open, "down");
        assertThat(ready.path("checks").path("redis").path("detail").asText()).contains("outage policy fail_open");
        List<Integer> whileDown = statuses(key, open, open, 12);
        assertThat(whileDown).as("this replica's own limit decides: %s", whileDown)
                .containsExactly(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429, 429);

        REDIS.start(); // empty: this Redis keeps nothing across a restart
        awaitRedis(open, "up");
        awaitRedis(closed, "up");
        // the replica's local window is full; only Redis, now back and empty, can admit: and it admits one limit
        // across both replicas, as before the outage
        List<Integer> afterwards = statuses(key, open, closed, 12);
        assertThat(afterwards.stream().filter(s -> s == 200).count()).as("shared again: %s", afterwards)
                .isEqualTo(perMinute);
        assertThat(afterwards).allMatch(s -> s == 200 || s == 429);
    }

    /** {@code n} calls of {@code key}'s chat, one after another, alternating between two gateways. */
    private static List<Integer> statuses(Key key, TestGateway first, TestGateway second, int n) {
        return IntStream.range(0, n).mapToObj(i -> AccountsHarness.call(i % 2 == 0 ? first : second, key,
                "/v1/chat/completions", chat(100 + i)).statusCode()).toList();
    }
}
