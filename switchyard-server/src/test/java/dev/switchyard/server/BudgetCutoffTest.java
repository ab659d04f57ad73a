package dev.switchyard.server;

import static dev.switchyard.server.AccountsHarness.CACHE_READ;
import static dev.switchyard.server.AccountsHarness.CLAUDE_CACHE_WRITE;
import static dev.switchyard.server.AccountsHarness.COMPLETION;
import static dev.switchyard.server.AccountsHarness.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.usage.TokenEstimate;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.server.AccountsHarness.Key;
import dev.switchyard.simulator.Script;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream that outgrows its budget is cut: the simulator ignores {@code max_tokens} and streams 300 tokens, the
 * key's budget covers the reservation and about 20 tokens more. The client gets fewer content events than were sent
 * and an in-band error in its own format; the ledger says 402 budget_exhausted; spend is the prompt and what was
 * delivered, within the limit; nothing stays reserved; the provider saw the call cancelled.
 */
class BudgetCutoffTest {

    private static final int SENT = 300;
    private static final int MAX_TOKENS = 5;
    private static final int HEADROOM = 20;
    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();

    private static long aborted() {
        return env.simulator.stats().aborted();
    }

    @Test
    void chatDoorFastPath() {
        String body = "{\"model\":\"test/echo\",\"stream\":true,\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"talk\"}],\"simulator\":{\"completion_tokens\":" + SENT
                + ",\"tokens_per_second\":400}}";
        // the ceiling: one token per body byte at the dearest input price (no cache_write price: the prompt's),
        // max_tokens at the output price; then room for HEADROOM more output tokens
        long limit = body.getBytes(StandardCharsets.UTF_8).length * PROMPT + (MAX_TOKENS + HEADROOM) * COMPLETION;
        Key key = AccountsHarness.key(env, limit);
        long abortedBefore = aborted();

        HttpResponse<String> r = AccountsHarness.call(env, key, "/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        String text = r.body();
        int content = AccountsHarness.count(text, "\"delta\":\\{\"content\":\"[^\"]+\"");
        assertThat(content).as("content events the client got").isPositive().isLessThan(SENT);
        assertThat(text).doesNotContain("[DONE]");
        String last = text.strip().substring(text.strip().lastIndexOf("data: "));
        JsonAssert error = new JsonAssert(TestGateway.json(last.substring("data: ".length())));
        assertThat(error.at("/error/code").asInt()).isEqualTo(402);
        assertThat(error.at("/error/message").asText()).contains("budget exhausted");
        assertThat(error.at("/choices/0/finish_reason").asText()).isEqualTo("error");

        UsageRecord rec = AccountsHarness.record(env, AccountsHarness.generationId(r));
        assertThat(rec.status()).isEqualTo(402);
        assertThat(rec.errorClass()).isEqualTo("budget_exhausted");
        // billed: the prompt estimate and the output delivered, estimated from the content the client got
        long delivered = TokenEstimate.tokens(AccountsHarness.matches(text, "\"delta\":\\{\"content\":\"([^\"]+)\"")
                .stream().collect(java.util.stream.Collectors.joining()));
        assertThat(rec.usage().completionTokens()).isEqualTo(delivered);
        assertThat(rec.usage().estimated()).isTrue();
        assertThat(rec.usage().promptTokens()).isPositive();
        assertThat(rec.cost().totalPicos()).isEqualTo(rec.usage().promptTokens() * PROMPT + delivered * COMPLETION);
        assertSettled(key, rec.cost().totalPicos());
        AccountsHarness.await("the simulator sees the call cancelled", () -> aborted() > abortedBefore);
    }

    @Test
    void anthropicDoor() {
        // an honest prompt count (at most one token per body byte), 30 of its 40 tokens read from the cache
        env.simulator.script("sim-claude", Script.builder().completionTokens(SENT).tokensPerSecond(400)
                .promptTokens(40).cachedTokens(30).build());
        String body = "{\"model\":\"test/claude\",\"stream\":true,\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"talk to me for a good while, please, about trains\"}]}";
        assertThat(body.length()).isGreaterThan(40);
        // test/claude's dearest input price is its cache write price
        long limit = body.getBytes(StandardCharsets.UTF_8).length * CLAUDE_CACHE_WRITE
                + (MAX_TOKENS + HEADROOM) * COMPLETION;
        Key key = AccountsHarness.key(env, limit);
        long abortedBefore = aborted();

        HttpResponse<String> r = AccountsHarness.call(env, key, "/v1/messages", body);
        assertThat(r.statusCode()).isEqualTo(200);
        String text = r.body();
        int content = AccountsHarness.count(text, "\"text_delta\"");
        assertThat(content).as("text deltas the client got").isPositive().isLessThan(SENT);
        assertThat(text).doesNotContain("message_stop");
        assertThat(text).contains("event: error");
        String last = text.strip().substring(text.strip().lastIndexOf("data: "));
        JsonAssert error = new JsonAssert(TestGateway.json(last.substring("data: ".length())));
        assertThat(error.at("/type").asText()).isEqualTo("error");
        assertThat(error.at("/error/message").asText()).contains("budget exhausted");

        UsageRecord rec = AccountsHarness.record(env, AccountsHarness.generationId(r));
        assertThat(rec.status()).isEqualTo(402);
        assertThat(rec.errorClass()).isEqualTo("budget_exhausted");
        long delivered = rec.usage().completionTokens();
        assertThat(delivered).as("output billed: the text the client got, estimated").isEqualTo(TokenEstimate.tokens(
                String.join("", AccountsHarness.matches(text, "\"text_delta\",\"text\":\"([^\"]+)\""))));
        assertThat(rec.usage().estimated()).isTrue();
        // the provider counted the prompt (message_start): it is priced as the provider prices it, cache reads at
        // the cache price, plus what was delivered
        assertThat(rec.cost().totalPicos()).isEqualTo(10 * PROMPT + 30 * CACHE_READ + delivered * COMPLETION);
        assertSettled(key, rec.cost().totalPicos());
        AccountsHarness.await("the simulator sees the call cancelled", () -> aborted() > abortedBefore);
    }

    @Test
    void anHonestStreamThatFitsItsReservationExactlyIsNotCut() {
        // a budget of exactly the ceiling, and a provider that stops at max_tokens: the whole answer fits
        String body = "{\"model\":\"test/echo\",\"stream\":true,\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"talk\"}],\"simulator\":{\"completion_tokens\":" + SENT
                + ",\"honour_max_tokens\":true,\"prompt_tokens\":7}}";
        long limit = body.getBytes(StandardCharsets.UTF_8).length * PROMPT + MAX_TOKENS * COMPLETION;
        Key key = AccountsHarness.key(env, limit);
        HttpResponse<String> r = AccountsHarness.call(env, key, "/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as(r.body()).doesNotContain("budget exhausted").contains("[DONE]");
        UsageRecord rec = AccountsHarness.record(env, AccountsHarness.generationId(r));
        assertThat(rec.status()).isEqualTo(200);
        assertThat(rec.cost().totalPicos()).isEqualTo(7 * PROMPT + MAX_TOKENS * COMPLETION);
        assertSettled(key, rec.cost().totalPicos());
    }

    @Test
    void theNextCallOfAnExhaustedKeyIsRefusedUpFront() {
        String body = "{\"model\":\"test/echo\",\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"talk\"}]}";
        Key key = AccountsHarness.key(env, body.length() * PROMPT + MAX_TOKENS * COMPLETION - 1);
        HttpResponse<String> r = AccountsHarness.call(env, key, "/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(402);
        assertThat(r.body()).contains("insufficient_credits");
        assertSettled(key, 0);
    }

    private static void assertSettled(Key key, long spent) {
        BudgetStanding s = AccountsHarness.standing(env, key);
        assertThat(s.spentPicos()).as("spent").isEqualTo(spent).isLessThanOrEqualTo(key.limitPicos());
        assertThat(s.reservedPicos()).as("reserved").isZero();
    }

    /** JSON pointer access with a readable failure. */
    record JsonAssert(com.fasterxml.jackson.databind.JsonNode node) {
        com.fasterxml.jackson.databind.JsonNode at(String pointer) {
            com.fasterxml.jackson.databind.JsonNode n = node.at(pointer);
            assertThat(n.isMissingNode()).as(pointer + " in " + node).isFalse();
            return n;
        }
    }
}
