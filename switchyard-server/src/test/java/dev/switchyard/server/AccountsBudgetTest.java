package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.accounts.local.LocalBudgetLedger;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Budgets over real sockets: a call whose most possible cost exceeds what is left is refused with 402 in each door's
 * own format, saying how much is left and the {@code max_tokens} that fits; and that {@code max_tokens} does fit.
 *
 * <p>The test catalog prices {@code test/echo} and {@code test/gem} at $1 per million prompt tokens and $2 per million
 * output tokens; the ceiling counts one prompt token per request-body byte.
 */
class AccountsBudgetTest {

    private static final long PROMPT_PICOS = 1_000_000;
    private static final long OUTPUT_PICOS = 2_000_000;
    private static final Pattern FITS = Pattern.compile("Set max_tokens to at most (\\d+) to fit");

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    private static long bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void requestBeyondTheBudgetIs402NamingWhatIsLeftAndTheMaxTokensThatFits(KeyedDoor door) {
        long limitPicos = 1_000_000_000L; // $0.001
        String key = gw.createKey("{\"name\":\"tight\",\"limit\":0.001}").secret();
        String body = door.body(door.model, 4000);
        HttpResponse<String> r = gw.post(door.path(door.model), body, door.headers(key));
        JsonNode error = door.assertError(r, 402);
        String message = error.path("message").asText();
        long expectedFits = (limitPicos - bytes(body) * PROMPT_PICOS) / OUTPUT_PICOS;
        assertThat(message).contains("insufficient credit: this key has $0.001 left (it does not reset)")
                .contains("a prompt of at most " + bytes(body) + " tokens and 4000 output tokens")
                .contains("Set max_tokens to at most " + expectedFits + " to fit");
        if (door.openAiEnvelope()) {
            assertThat(error.path("code").asText()).isEqualTo("insufficient_credits");
            assertThat(new BigDecimal(error.path("metadata").path("remaining_usd").asText()))
                    .isEqualByComparingTo(new BigDecimal("0.001"));
            assertThat(error.path("metadata").path("max_tokens_that_fit").asLong()).isEqualTo(expectedFits);
        }
        assertThat(r.body()).doesNotContain(key.substring(19));
        assertThat(heldReservations()).as("a refusal holds nothing").isZero();

        // the advice is true: the same request with that max_tokens is served
        Matcher fits = FITS.matcher(message);
        assertThat(fits.find()).isTrue();
        door.assertServed(door.call(gw, key, door.model, Long.parseLong(fits.group(1))));
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void aTinyBudgetRefusesEvenThePrompt(KeyedDoor door) {
        String key = gw.createKey("{\"name\":\"tiny\",\"limit\":0.000001,\"limit_reset\":\"daily\"}").secret();
        HttpResponse<String> r = door.call(gw, key);
        JsonNode error = door.assertError(r, 402);
        assertThat(error.path("message").asText()).contains("this key has $0.000001 left (it resets at ")
                .contains("Even the prompt does not fit");
        if (door.openAiEnvelope()) {
            assertThat(error.path("metadata").path("max_tokens_that_fit").asLong()).isZero();
        }
    }

    @Test
    void workspaceBudgetIsSharedByItsKeysAndNamed() {
        gw.createWorkspace("{\"id\":\"team-budget\",\"name\":\"Budget team\",\"limit\":0.0005}");
        String a = gw.createKey("{\"name\":\"a\",\"workspace_id\":\"team-budget\",\"limit\":10}").secret();
        HttpResponse<String> r = KeyedDoor.CHAT.call(gw, a, "test/echo", 1000);
        JsonNode error = KeyedDoor.CHAT.assertError(r, 402);
        assertThat(error.path("message").asText()).contains("workspace team-budget has $0.0005 left");
    }

    @Test
    void spendIsTakenOffWhatIsLeft() {
        TestGateway.NewKey key = gw.createKey("{\"name\":\"spender\",\"limit\":0.01}");
        HttpResponse<String> served = KeyedDoor.CHAT.call(gw, key.secret(), "test/echo", 50);
        KeyedDoor.CHAT.assertServed(served);
        JsonNode usage = TestGateway.json(served.body()).path("usage");
        long cost = usage.path("prompt_tokens").asLong() * PROMPT_PICOS
                + usage.path("completion_tokens").asLong() * OUTPUT_PICOS;
        assertThat(cost).isPositive();
        HttpResponse<String> info = gw.request("GET", "/api/v1/keys/" + key.hash(), null,
                "authorization", "Bearer " + gw.adminSecret());
        assertThat(TestGateway.json(info.body()).path("data").path("limit_remaining").decimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(10_000_000_000L - cost, 12));
        String body = KeyedDoor.CHAT.body("test/echo", 100_000);
        HttpResponse<String> refused = gw.post("/v1/chat/completions", body, "authorization", "Bearer "
                + key.secret());
        long left = 10_000_000_000L - cost;
        assertThat(KeyedDoor.CHAT.assertError(refused, 402).path("message").asText())
                .contains("has $" + BigDecimal.valueOf(left, 12).stripTrailingZeros().toPlainString() + " left")
                .contains("at most " + (left - bytes(body) * PROMPT_PICOS) / OUTPUT_PICOS + " to fit");
    }

    @Test
    void aStreamThatOutgrowsItsReservationIsCutAtTheCreditAndNothingStaysHeld() {
        // room for the ceiling of max_tokens 20 and a little more, while the upstream ignores max_tokens
        String body = "{\"model\":\"test/echo\",\"max_tokens\":20,\"stream\":true,"
                + "\"simulator\":{\"completion_tokens\":2000},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        long limit = bytes(body) * PROMPT_PICOS + 60 * OUTPUT_PICOS;
        TestGateway.NewKey key = gw.createKey("{\"name\":\"streamer\",\"limit\":"
                + BigDecimal.valueOf(limit, 12).toPlainString() + "}");
        HttpResponse<String> r = gw.post("/v1/chat/completions", body, "authorization", "Bearer " + key.secret());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("budget exhausted").doesNotContain("data: [DONE]");
        TestGateway.await("the reservation settled", () -> heldReservations() == 0);
        JsonNode info = TestGateway.json(gw.adminGet("/api/v1/keys/" + key.hash()).body()).path("data");
        assertThat(info.path("limit_remaining").decimalValue()).as("never below zero, and spent")
                .isGreaterThanOrEqualTo(BigDecimal.ZERO).isLessThan(BigDecimal.valueOf(limit, 12));
    }

    @Test
    void aBudgetRefusalGivesBackTheConcurrencySlot() {
        TestGateway.NewKey key = gw.createKey("{\"name\":\"slot\",\"limit\":0.000001,"
                + "\"rate_limits\":{\"max_concurrent\":1}}");
        for (int i = 0; i < 3; i++) {
            KeyedDoor.CHAT.assertError(KeyedDoor.CHAT.call(gw, key.secret()), 402);
        }
        assertThat(gw.adminCall("PATCH", "/api/v1/keys/" + key.hash(), "{\"limit\":1}").statusCode())
                .isEqualTo(200);
        KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(gw, key.secret()));
    }

    @Test
    void anAliasIsCheckedAgainstTheAllowListAsTheModelItNames() {
        String key = gw.createKey("{\"name\":\"alias\",\"allowed_models\":[\"test/echo\"]}").secret();
        KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(gw, key, "echo", 16));
        String other = gw.createKey("{\"name\":\"no-echo\",\"allowed_models\":[\"test/claude\"]}").secret();
        KeyedDoor.CHAT.assertError(KeyedDoor.CHAT.call(gw, other, "echo", 16), 403);
    }

    /** Holds in the gateway's in-process ledger (this test runs without Redis). */
    private static int heldReservations() {
        return ((LocalBudgetLedger) gw.gateway.budgets()).heldReservations();
    }
}
