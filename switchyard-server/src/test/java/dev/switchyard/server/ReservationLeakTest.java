package dev.switchyard.server;

import static dev.switchyard.server.AccountsHarness.COMPLETION;
import static dev.switchyard.server.AccountsHarness.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.server.AccountsHarness.Key;
import dev.switchyard.server.AccountsHarness.RawStream;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing leaks: after an upstream 500, an unreachable provider, a fallback, a client that leaves mid-stream and a
 * first-byte timeout, the key's budget holds no reservation, its spend is exactly what was served (failures cost 0,
 * an abandoned stream its prompt estimate and delivered output), and its one concurrency slot is free again.
 */
class ReservationLeakTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();
    private Key key;
    private long expectedSpend;

    @BeforeEach
    void freshKey() {
        key = AccountsHarness.key(env, new Limits(0, 0, 1, Set.of(), Set.of()), 1_000_000_000_000L); // $1, 1 at once
        expectedSpend = 0;
    }

    private HttpResponse<String> chat(String extra) {
        return AccountsHarness.call(env, key, "/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}");
    }

    /** No reservation held, spend as expected, and the single concurrency slot free: a new call is served. */
    private void assertNothingLeaked() {
        AccountsHarness.await("the reservation is released", () -> AccountsHarness.standing(env, key)
                .reservedPicos() == 0);
        BudgetStanding s = AccountsHarness.standing(env, key);
        assertThat(s.spentPicos()).as("spent").isEqualTo(expectedSpend);
        HttpResponse<String> next = chat(",\"simulator\":{\"prompt_tokens\":3,\"completion_tokens\":4}");
        assertThat(next.statusCode()).as("a call after: the concurrency slot is free; " + next.body())
                .isEqualTo(200);
        expectedSpend += 3 * PROMPT + 4 * COMPLETION;
        assertThat(AccountsHarness.record(env, AccountsHarness.generationId(next)).cost().totalPicos())
                .isEqualTo(3 * PROMPT + 4 * COMPLETION);
        BudgetStanding after = AccountsHarness.standing(env, key);
        assertThat(after.spentPicos()).isEqualTo(expectedSpend);
        assertThat(after.reservedPicos()).isZero();
    }

    private static UsageRecord failed(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        UsageRecord rec = AccountsHarness.record(env, AccountsHarness.generationId(r));
        assertThat(rec.cost().totalPicos()).isZero();
        return rec;
    }

    @Test
    void upstreamServerError() {
        failed(chat(",\"simulator\":{\"error\":{\"status\":500,\"message\":\"boom\"}}"), 502);
        assertNothingLeaked();
    }

    @Test
    void unreachableProvider() {
        HttpResponse<String> r = AccountsHarness.call(env, key, "/v1/chat/completions", "{\"model\":\"test/dead\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isBetween(502, 503);
        assertThat(AccountsHarness.record(env, AccountsHarness.generationId(r)).cost().totalPicos()).isZero();
        assertNothingLeaked();
    }

    @Test
    void fallbackChargesOnlyTheEndpointThatServed() {
        HttpResponse<String> r = AccountsHarness.call(env, key, "/v1/chat/completions", "{\"model\":\"test/dead\",\"models\":[\"test/dead\","
                + "\"test/echo\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"simulator\":{\"prompt_tokens\":11,\"completion_tokens\":6}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        UsageRecord rec = AccountsHarness.record(env, AccountsHarness.generationId(r));
        assertThat(rec.modelServed()).isEqualTo("test/echo");
        assertThat(rec.attempts()).hasSize(2);
        assertThat(rec.cost().totalPicos()).isEqualTo(11 * PROMPT + 6 * COMPLETION);
        expectedSpend += 11 * PROMPT + 6 * COMPLETION;
        assertNothingLeaked();
    }

    @Test
    void clientLeavesMidStream() throws Exception {
        long abortedBefore = env.simulator.stats().aborted();
        String id;
        try (RawStream s = new RawStream(env, key, "/v1/chat/completions", "{\"model\":\"test/echo\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"simulator\":{\"completion_tokens\":5000,\"tokens_per_second\":200}}")) {
            id = s.generationId();
            s.readUntil("\"content\":\"The\"");
            // while it streams, the key's one slot is taken
            HttpResponse<String> busy = chat("");
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(429);
            assertThat(AccountsHarness.standing(env, key).reservedPicos()).isPositive();
        }
        UsageRecord rec = AccountsHarness.record(env, id);
        assertThat(rec.status()).isEqualTo(499);
        assertThat(rec.errorClass()).isEqualTo("client_closed");
        // documented rule: an answer that broke off before the provider counted is billed what was delivered,
        // the prompt estimate and the output tokens counted
        assertThat(rec.usage().completionTokens()).isPositive().isLessThan(5000);
        assertThat(rec.cost().totalPicos()).isEqualTo(rec.usage().promptTokens() * PROMPT
                + rec.usage().completionTokens() * COMPLETION);
        expectedSpend += rec.cost().totalPicos();
        AccountsHarness.await("the simulator sees the call cancelled",
                () -> env.simulator.stats().aborted() > abortedBefore);
        assertNothingLeaked();
    }

    @Test
    void clientLeavesBeforeTheAnswerBegins() throws Exception {
        try (RawStream s = new RawStream(env, key, "/v1/chat/completions", "{\"model\":\"test/echo\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"simulator\":{\"latency_ms\":700}}")) {
            AccountsHarness.await("the call holds its reservation",
                    () -> AccountsHarness.standing(env, key).reservedPicos() > 0);
        }
        assertNothingLeaked();
    }

    @Test
    void firstByteTimeout() {
        // the head arrives, the first token does not within the 1 s first-byte deadline
        UsageRecord rec = failed(chat(",\"stream\":true,\"simulator\":{\"ttft_ms\":1500}"), 504);
        assertThat(rec.errorClass()).isEqualTo("timeout_first_byte");
        assertNothingLeaked();
    }
}
