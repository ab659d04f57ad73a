package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.simulator.Script;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Periods on an injected wall clock, over real sockets: a daily budget spent at 23:59 UTC refuses until midnight UTC
 * and serves again right after it; a weekly one waits for Monday; and the per-minute request window reopens exactly
 * 60 seconds after the admission that filled it.
 */
class BudgetResetTest {

    /** test/echo: $1 per million prompt tokens, $2 per million output tokens. */
    private static final long PROMPT_PICOS = 1_000_000;
    private static final long OUTPUT_PICOS = 2_000_000;
    /** What the simulator reports for every call: 50 prompt and 20 output tokens. */
    private static final long CALL_PICOS = 50 * PROMPT_PICOS + 20 * OUTPUT_PICOS;
    private static final String BODY = KeyedDoor.CHAT.body("test/echo", 20);

    private TestGateway.MutableClock clock;
    private TestGateway gw;

    @BeforeEach
    void start() {
        clock = new TestGateway.MutableClock(Instant.parse("2026-11-25T23:59:00Z")); // a Wednesday
        gw = new TestGateway(b -> b.wallClock(clock));
        gw.simulator.script("sim-echo", Script.builder().promptTokens(50).completionTokens(20).build());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** The most one call of {@link #BODY} may cost: one prompt token per body byte, and its 20 output tokens. */
    private static long ceiling() {
        return BODY.getBytes(StandardCharsets.UTF_8).length * PROMPT_PICOS + 20 * OUTPUT_PICOS;
    }

    /** A limit that admits one call and, once it has cost {@link #CALL_PICOS}, refuses the next. */
    private static BigDecimal oneCallLimit() {
        long limit = ceiling() + CALL_PICOS / 2;
        assertThat(limit - CALL_PICOS).as("what is left after one call").isLessThan(ceiling());
        return BigDecimal.valueOf(limit, 12);
    }

    private HttpResponse<String> call(String key) {
        return gw.post("/v1/chat/completions", BODY, "authorization", "Bearer " + key);
    }

    @Test
    void dailyBudgetSpentBeforeMidnightServesAgainAfterIt() {
        String key = gw.createKey("{\"name\":\"daily\",\"limit\":" + oneCallLimit().toPlainString()
                + ",\"limit_reset\":\"daily\"}").secret();
        KeyedDoor.CHAT.assertServed(call(key));

        clock.set(Instant.parse("2026-11-25T23:59:59Z"));
        JsonNode error = KeyedDoor.CHAT.assertError(call(key), 402);
        long left = oneCallLimit().movePointRight(12).longValueExact() - CALL_PICOS;
        assertThat(error.path("message").asText())
                .contains("this key has $" + BigDecimal.valueOf(left, 12).stripTrailingZeros().toPlainString()
                        + " left (it resets at 2026-11-26T00:00:00Z)");

        clock.set(Instant.parse("2026-11-26T00:00:01Z"));
        KeyedDoor.CHAT.assertServed(call(key));
        JsonNode info = TestGateway.json(gw.request("GET", "/api/v1/key", null, "authorization", "Bearer " + key)
                .body()).path("data");
        assertThat(info.path("limit_remaining").decimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(left, 12));
        // and the new day is spent in turn
        KeyedDoor.CHAT.assertError(call(key), 402);
    }

    @Test
    void weeklyBudgetWaitsForMondayNotMidnight() {
        String key = gw.createKey("{\"name\":\"weekly\",\"limit\":" + oneCallLimit().toPlainString()
                + ",\"limit_reset\":\"weekly\"}").secret();
        KeyedDoor.CHAT.assertServed(call(key));
        clock.set(Instant.parse("2026-11-26T00:00:01Z")); // Thursday
        assertThat(KeyedDoor.CHAT.assertError(call(key), 402).path("message").asText())
                .contains("it resets at 2026-11-30T00:00:00Z");
        clock.set(Instant.parse("2026-11-29T23:59:59.999Z")); // Sunday, the last millisecond
        KeyedDoor.CHAT.assertError(call(key), 402);
        clock.set(Instant.parse("2026-11-30T00:00:00Z")); // Monday
        KeyedDoor.CHAT.assertServed(call(key));
    }

    @Test
    void lifetimeBudgetNeverResets() {
        String key = gw.createKey("{\"name\":\"lifetime\",\"limit\":" + oneCallLimit().toPlainString() + "}")
                .secret();
        KeyedDoor.CHAT.assertServed(call(key));
        clock.set(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(KeyedDoor.CHAT.assertError(call(key), 402).path("message").asText())
                .contains("it does not reset");
    }

    @Test
    void requestWindowReopensSixtySecondsAfterTheAdmissionThatFilledIt() {
        String key = gw.createKey("{\"name\":\"rpm\",\"rate_limits\":{\"requests_per_minute\":1}}").secret();
        clock.set(Instant.parse("2026-11-25T23:59:30Z"));
        HttpResponse<String> first = call(key);
        KeyedDoor.CHAT.assertServed(first);
        assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).contains("1m0s");

        clock.set(Instant.parse("2026-11-26T00:00:29.999Z"));
        HttpResponse<String> early = call(key);
        KeyedDoor.CHAT.assertError(early, 429);
        assertThat(early.headers().firstValue("retry-after")).contains("1");
        assertThat(early.headers().firstValue("x-ratelimit-reset-requests")).contains("1ms");
        assertThat(early.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");

        clock.set(Instant.parse("2026-11-25T23:59:50Z"));
        HttpResponse<String> tenSecondsIn = call(key);
        KeyedDoor.CHAT.assertError(tenSecondsIn, 429);
        assertThat(tenSecondsIn.headers().firstValue("retry-after")).as("a clock behind still waits").isPresent();

        clock.set(Instant.parse("2026-11-26T00:00:30Z"));
        HttpResponse<String> onTime = call(key);
        KeyedDoor.CHAT.assertServed(onTime);
        assertThat(onTime.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
    }
}
