package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.server.AccountsHarness.Key;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many callers at once on one key: requests per minute are never over-admitted, and a budget that covers only some
 * streams is never overspent (the simulator's usage is honest, so the bound is the limit itself).
 */
class AccountsConcurrencyTest {

    private static final long NOW = 1_800_000_000_000L;
    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.wallClock(() -> NOW));


    @Test
    void requestsPerMinuteAdmitExactlyTheLimit() throws Exception {
        Key key = AccountsHarness.key(env, new Limits(50, 0, 0, Set.of(), Set.of()), -1);
        List<Integer> statuses = AccountsHarness.parallel(200, 32, i -> AccountsHarness.call(env, key,
                "/v1/chat/completions",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"r" + i + "\"}],"
                        + "\"simulator\":{\"completion_tokens\":2}}").statusCode());
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(50);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(150);
    }

    @Test
    void aBudgetCoveringSomeStreamsIsNeverOverspent() throws Exception {
        int maxTokens = 20;
        String body = "{\"model\":\"test/echo\",\"stream\":true,\"max_tokens\":" + maxTokens + ",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"s%03d\"}],\"simulator\":{\"completion_tokens\":" + maxTokens
                + ",\"tokens_per_second\":400,\"honour_max_tokens\":true}}";
        long ceiling = body.formatted(0).getBytes(StandardCharsets.UTF_8).length * AccountsHarness.PROMPT
                + maxTokens * AccountsHarness.COMPLETION;
        long limit = 4 * ceiling + ceiling / 2; // four at once; more one after another (they cost less than held)
        Key key = AccountsHarness.key(env, limit);
        List<HttpResponse<String>> responses = AccountsHarness.parallel(64, 16, i -> AccountsHarness.call(env, key,
                "/v1/chat/completions", body.formatted(i)));
        long ledgerSum = 0;
        int served = 0;
        int refused = 0;
        for (HttpResponse<String> r : responses) {
            assertThat(r.statusCode()).as(r.body()).isIn(200, 402);
            long cost = AccountsHarness.record(env, AccountsHarness.generationId(r)).cost().totalPicos();
            if (r.statusCode() == 200) {
                served++;
                assertThat(r.body()).doesNotContain("budget exhausted").contains("[DONE]");
                assertThat(cost).isPositive();
            } else {
                refused++;
                assertThat(cost).isZero();
            }
            ledgerSum += cost;
        }
        assertThat(served).as("served").isGreaterThanOrEqualTo(4);
        assertThat(refused).as("refused").isPositive();
        BudgetStanding s = AccountsHarness.standing(env, key);
        assertThat(s.reservedPicos()).isZero();
        assertThat(s.spentPicos()).isEqualTo(ledgerSum).isLessThanOrEqualTo(limit);
    }
}
