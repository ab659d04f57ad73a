package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.accounts.local.LocalRateLimiter;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rate limits over real sockets: requests per minute, tokens per minute and concurrent requests refuse with 429 in
 * each door's own format, with {@code Retry-After} and OpenAI's {@code x-ratelimit-*} headers; admitted requests carry
 * the same headers, counting down.
 */
class AccountsLimitsTest {

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header in "
                + r.headers().map()));
    }

    /** OpenAI's duration form ({@code 250ms}, {@code 59.98s}, {@code 1m0s}) in milliseconds. */
    private static long millis(String duration) {
        if (duration.endsWith("ms")) {
            return Long.parseLong(duration.substring(0, duration.length() - 2));
        }
        if (duration.contains("m")) {
            String[] parts = duration.substring(0, duration.length() - 1).split("m");
            return Long.parseLong(parts[0]) * 60_000 + Long.parseLong(parts[1]) * 1000;
        }
        assertThat(duration).matches("\\d+(\\.\\d{1,3})?s");
        return new BigDecimal(duration.substring(0, duration.length() - 1)).movePointRight(3).longValueExact();
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void thirdRequestInAMinuteIs429WithRetryAfterAndRateLimitHeaders(KeyedDoor door) {
        String key = gw.createKey("{\"name\":\"rpm-2\",\"rate_limits\":{\"requests_per_minute\":2}}").secret();
        HttpResponse<String> first = door.call(gw, key);
        door.assertServed(first);
        assertThat(header(first, "x-ratelimit-limit-requests")).isEqualTo("2");
        assertThat(header(first, "x-ratelimit-remaining-requests")).isEqualTo("1");
        assertThat(millis(header(first, "x-ratelimit-reset-requests"))).isBetween(50_000L, 60_000L);
        assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).as("no token limit, no header").isEmpty();
        HttpResponse<String> second = door.call(gw, key);
        door.assertServed(second);
        assertThat(header(second, "x-ratelimit-remaining-requests")).isEqualTo("0");

        HttpResponse<String> third = door.call(gw, key);
        JsonNode error = door.assertError(third, 429);
        assertThat(error.path("message").asText()).contains("this key allows 2 requests per minute");
        if (door.openAiEnvelope()) {
            assertThat(error.path("code").asText()).isEqualTo("rate_limit_requests");
        }
        long retryAfter = Long.parseLong(header(third, "retry-after"));
        assertThat(retryAfter).isBetween(50L, 60L);
        assertThat(header(third, "x-ratelimit-limit-requests")).isEqualTo("2");
        assertThat(header(third, "x-ratelimit-remaining-requests")).isEqualTo("0");
        String reset = header(third, "x-ratelimit-reset-requests");
        assertThat(reset).matches("\\d+(\\.\\d{1,3})?s");
        assertThat(millis(reset)).isBetween(50_000L, 60_000L);
        assertThat(third.body()).doesNotContain(key.substring(19));
        door.assertServed(door.call(gw, gw.createKey("{\"name\":\"other\"}").secret()));
    }

    @Test
    void workspaceRateLimitCountsAllItsKeys() {
        gw.createWorkspace("{\"id\":\"team-rpm\",\"name\":\"RPM team\",\"rate_limits\":{\"requests_per_minute\":3}}");
        String a = gw.createKey("{\"name\":\"a\",\"workspace_id\":\"team-rpm\"}").secret();
        String b = gw.createKey("{\"name\":\"b\",\"workspace_id\":\"team-rpm\","
                + "\"rate_limits\":{\"requests_per_minute\":10}}").secret();
        KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(gw, a));
        KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(gw, b));
        HttpResponse<String> third = KeyedDoor.CHAT.call(gw, b);
        KeyedDoor.CHAT.assertServed(third);
        assertThat(header(third, "x-ratelimit-limit-requests")).as("the tighter of key and workspace")
                .isEqualTo("3");
        assertThat(header(third, "x-ratelimit-remaining-requests")).isEqualTo("0");
        JsonNode error = KeyedDoor.CHAT.assertError(KeyedDoor.CHAT.call(gw, a), 429);
        assertThat(error.path("message").asText()).contains("workspace team-rpm allows 3 requests per minute");
    }

    @Test
    void tokensPerMinuteRefusesWhatWouldNotFit() {
        String key = gw.createKey("{\"name\":\"tpm\",\"rate_limits\":{\"tokens_per_minute\":1000}}").secret();
        // the upstream answers with 900 tokens, far beyond the 16 asked for: the window is charged what was used
        HttpResponse<String> big = gw.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"max_tokens\":100,"
                + "\"simulator\":{\"completion_tokens\":900},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", "Bearer " + key);
        KeyedDoor.CHAT.assertServed(big);
        long used = TestGateway.json(big.body()).path("usage").path("total_tokens").asLong();
        assertThat(used).isGreaterThan(900);
        assertThat(header(big, "x-ratelimit-limit-tokens")).isEqualTo("1000");
        long remainingAtAdmission = Long.parseLong(header(big, "x-ratelimit-remaining-tokens"));
        assertThat(remainingAtAdmission).as("charged the estimate: prompt + max_tokens").isBetween(800L, 899L);

        for (KeyedDoor door : KeyedDoor.values()) {
            HttpResponse<String> refused = door.call(gw, key, door.model, 200);
            JsonNode error = door.assertError(refused, 429);
            assertThat(error.path("message").asText()).contains("this key allows 1000 tokens per minute");
            assertThat(header(refused, "x-ratelimit-limit-tokens")).isEqualTo("1000");
            assertThat(Long.parseLong(header(refused, "x-ratelimit-remaining-tokens"))).isLessThan(200);
            assertThat(millis(header(refused, "x-ratelimit-reset-tokens"))).isBetween(50_000L, 61_000L);
            assertThat(Long.parseLong(header(refused, "retry-after"))).isBetween(50L, 61L);
        }
    }

    @Test
    void secondConcurrentRequestIs429UntilTheFirstEnds() throws Exception {
        String key = gw.createKey("{\"name\":\"one-at-a-time\",\"rate_limits\":{\"max_concurrent\":1}}").secret();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest slow = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"test/echo\",\"stream\":true,"
                        + "\"simulator\":{\"tokens_per_second\":20,\"completion_tokens\":16},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<InputStream> inFlight = http.sendAsync(slow, HttpResponse.BodyHandlers.ofInputStream())
                .get(10, TimeUnit.SECONDS);
        assertThat(inFlight.statusCode()).isEqualTo(200);
        HttpHeaders admitted = inFlight.headers();
        assertThat(admitted.firstValue("x-ratelimit-limit-concurrent")).contains("1");
        assertThat(admitted.firstValue("x-ratelimit-remaining-concurrent")).contains("0");

        for (KeyedDoor door : KeyedDoor.values()) {
            HttpResponse<String> refused = door.call(gw, key);
            JsonNode error = door.assertError(refused, 429);
            assertThat(error.path("message").asText()).contains("this key allows 1 concurrent requests")
                    .contains("when one of its requests in flight ends");
            assertThat(header(refused, "x-ratelimit-limit-concurrent")).isEqualTo("1");
            assertThat(header(refused, "x-ratelimit-remaining-concurrent")).isEqualTo("0");
            assertThat(header(refused, "retry-after")).isEqualTo("1");
        }

        String stream;
        try (InputStream in = inFlight.body()) {
            stream = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(stream).contains("data: [DONE]");
        TestGateway.await("the slot freed when the stream ended",
                () -> KeyedDoor.CHAT.call(gw, key).statusCode() == 200);
        KeyedDoor.GEMINI.assertServed(KeyedDoor.GEMINI.call(gw, key));
    }

    @Test
    void aRefusedRequestDoesNotUseUpTheMinute() {
        String key = gw.createKey("{\"name\":\"rpm-1\",\"rate_limits\":{\"requests_per_minute\":1}}").secret();
        KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(gw, key));
        for (int i = 0; i < 3; i++) {
            KeyedDoor.CHAT.assertError(KeyedDoor.CHAT.call(gw, key), 429);
        }
        assertThat(((LocalRateLimiter) gw.gateway.limiter()).trackedScopes()).isPositive();
        // a request refused for another reason (a model outside the allow-list) never reaches the limiter
        TestGateway.NewKey limited = gw.createKey("{\"name\":\"rpm-1-allow\",\"allowed_models\":[\"test/echo\"],"
                + "\"rate_limits\":{\"requests_per_minute\":1}}");
        KeyedDoor.CHAT.assertError(KeyedDoor.CHAT.call(gw, limited.secret(), "test/claude", 16), 403);
        KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(gw, limited.secret()));
    }
}
