package dev.switchyard.server;

import static dev.switchyard.server.AccountsHarness.CACHE_READ;
import static dev.switchyard.server.AccountsHarness.CLAUDE_CACHE_WRITE;
import static dev.switchyard.server.AccountsHarness.COMPLETION;
import static dev.switchyard.server.AccountsHarness.ECHO_CACHE_WRITE;
import static dev.switchyard.server.AccountsHarness.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.server.AccountsHarness.Key;
import dev.switchyard.simulator.Script;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Money is exact end to end: a scripted mix of cache reads, cache writes and reasoning, through the OpenAI-compatible
 * fast path (test/echo), Anthropic (test/claude, through its own door and translated from the chat door) and Gemini
 * (test/gem), streamed and not. The ledger row's cost equals the hand-computed picodollars, the key's budget spend
 * grows by exactly that, and nothing stays reserved.
 */
class BudgetExactnessTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();
    private static Key key;
    private static final long LIMIT = 10 * 1_000_000_000_000L; // $10: never in the way here

    /** The mix: 1000 prompt tokens of which 600 read from the cache and 300 written to it; 5 answer + 7 reasoning. */
    private static final Usage MIX = new Usage(1000, 12, 600, 300, 7);
    private static final String MIX_JSON = "{\"prompt_tokens\":1000,\"cached_tokens\":600,\"cache_write_tokens\":300,"
            + "\"reasoning_tokens\":7,\"completion_tokens\":5}";
    private static final Script MIX_SCRIPT = Script.builder().promptTokens(1000).cachedTokens(600)
            .cacheWriteTokens(300).reasoningTokens(7).completionTokens(5).build();

    @BeforeAll
    static void start() {
        key = AccountsHarness.key(env, LIMIT);
        env.simulator.script("sim-claude", MIX_SCRIPT);
        env.simulator.script("sim-gem", MIX_SCRIPT);
    }

    /** 100 uncached at 1.00, 600 cached at 0.10, 300 written at {@code write}, 12 output at 2.00 (per million). */
    private static long mixCost(long write) {
        return 100 * PROMPT + 600 * CACHE_READ + 300 * write + 12 * COMPLETION;
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void openAiCompatibleFastPath(boolean stream) {
        // 100 * 1_000_000 + 600 * 100_000 + 300 * 1_000_000 (no cache_write price: the prompt's) + 12 * 2_000_000
        assertThat(mixCost(ECHO_CACHE_WRITE)).isEqualTo(484_000_000L);
        assertExact("/v1/chat/completions", "{\"model\":\"test/echo\",\"stream\":" + stream + ",\"messages\":[{"
                + "\"role\":\"user\",\"content\":\"price me\"}],\"simulator\":" + MIX_JSON + "}", MIX,
                mixCost(ECHO_CACHE_WRITE));
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void anthropicThroughItsOwnDoor(boolean stream) {
        assertThat(mixCost(CLAUDE_CACHE_WRITE)).isEqualTo(559_000_000L);
        assertExact("/v1/messages", "{\"model\":\"test/claude\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"price me\"}]}", MIX, mixCost(CLAUDE_CACHE_WRITE));
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void anthropicTranslatedFromTheChatDoor(boolean stream) {
        assertExact("/v1/chat/completions", "{\"model\":\"test/claude\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"price me\"}]}", MIX, mixCost(CLAUDE_CACHE_WRITE));
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void geminiHasNoCacheWrites(boolean stream) {
        // Gemini reports cache reads and thoughts, never cache writes: all 400 uncached tokens at the prompt price
        Usage expected = new Usage(1000, 12, 600, 0, 7);
        assertExact("/v1/chat/completions", "{\"model\":\"test/gem\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"price me\"}]}", expected,
                400 * PROMPT + 600 * CACHE_READ + 12 * COMPLETION);
    }

    @Test
    void everySuccessfulCallAddsUpExactly() {
        BudgetStanding before = AccountsHarness.standing(env, key);
        long sum = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = AccountsHarness.call(env, key, "/v1/chat/completions", "{\"model\":\"test/echo\","
                    + "\"stream\":" + (i % 2 == 0) + ",\"messages\":[{\"role\":\"user\",\"content\":\"n" + i + "\"}],"
                    + "\"simulator\":{\"prompt_tokens\":" + (10 + i) + ",\"completion_tokens\":" + (3 + i) + "}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            UsageRecord rec = AccountsHarness.record(env, AccountsHarness.generationId(r));
            assertThat(rec.cost().totalPicos()).isEqualTo((10 + i) * PROMPT + (3 + i) * COMPLETION);
            sum += rec.cost().totalPicos();
        }
        BudgetStanding after = AccountsHarness.standing(env, key);
        assertThat(after.spentPicos() - before.spentPicos()).isEqualTo(sum);
        assertThat(after.reservedPicos()).isZero();
    }

    private static void assertExact(String path, String body, Usage usage, long picos) {
        BudgetStanding before = AccountsHarness.standing(env, key);
        HttpResponse<String> r = AccountsHarness.call(env, key, path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        UsageRecord rec = AccountsHarness.record(env, AccountsHarness.generationId(r));
        assertThat(rec.status()).isEqualTo(200);
        assertThat(rec.usage()).isEqualTo(usage);
        assertThat(rec.cost().totalPicos()).isEqualTo(picos);
        BudgetStanding after = AccountsHarness.standing(env, key);
        assertThat(after.spentPicos() - before.spentPicos()).as("spend added to the key's budget").isEqualTo(picos);
        assertThat(after.reservedPicos()).as("reserved after the call").isZero();
    }
}
