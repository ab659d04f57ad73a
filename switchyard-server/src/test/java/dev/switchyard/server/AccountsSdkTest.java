package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.PaymentRequiredException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official {@code openai-java} and {@code anthropic-java} SDKs against a gateway that requires keys: a valid key
 * is served, and 401, 429 and 402 reach each SDK as its own typed errors with the gateway's message.
 */
class AccountsSdkTest {

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();
    private static String valid;
    private static String rpmOne;
    private static String broke;
    private static final List<AutoCloseable> CLIENTS = new ArrayList<>();

    @BeforeAll
    static void start() {
        valid = gw.createKey("{\"name\":\"sdk\"}").secret();
        rpmOne = gw.createKey("{\"name\":\"sdk-rpm\",\"rate_limits\":{\"requests_per_minute\":1}}").secret();
        broke = gw.createKey("{\"name\":\"sdk-broke\",\"limit\":0.000001}").secret();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : CLIENTS) {
            c.close();
        }
    }

    private static OpenAIClient openAi(String key) {
        OpenAIClient c = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(gw.baseUrl() + "/v1").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
        CLIENTS.add(c::close);
        return c;
    }

    private static AnthropicClient anthropic(String key) {
        AnthropicClient c = AnthropicOkHttpClient.builder().apiKey(key).baseUrl(gw.baseUrl()).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
        CLIENTS.add(c::close);
        return c;
    }

    private static ChatCompletion chat(OpenAIClient client) {
        return client.chat().completions().create(ChatCompletionCreateParams.builder().model("test/echo")
                .addUserMessage("Hello").maxCompletionTokens(32).build());
    }

    private static Message message(AnthropicClient client, String model) {
        return client.messages().create(MessageCreateParams.builder().model(model).maxTokens(32)
                .addUserMessage("Hello").build());
    }

    @Test
    void openAiSdkIsServedWithAValidKey() {
        OpenAIClient client = openAi(valid);
        assertThat(chat(client).choices().get(0).message().content()).hasValueSatisfying(
                t -> assertThat(t).isNotBlank());
        Response r = client.responses().create(ResponseCreateParams.builder().model("test/claude").input("Hello")
                .maxOutputTokens(32).store(false).build());
        assertThat(r.output()).isNotEmpty();
    }

    @Test
    void anthropicSdkIsServedWithAValidKey() {
        Message m = message(anthropic(valid), "test/claude");
        assertThat(m.content().get(0).asText().text()).isNotBlank();
        assertThat(m.usage().outputTokens()).isPositive();
    }

    @Test
    void openAiSdkSeesUnauthorizedException() {
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> chat(openAi("sk-swy-" + "x".repeat(48))));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.type()).contains("authentication_error");
        assertThat(e.getMessage()).contains("invalid API key");
        UnauthorizedException placeholder = catchThrowableOfType(UnauthorizedException.class,
                () -> chat(openAi("client-key")));
        assertThat(placeholder.statusCode()).isEqualTo(401);
    }

    @Test
    void anthropicSdkSeesUnauthorizedException() {
        com.anthropic.errors.UnauthorizedException e = catchThrowableOfType(
                com.anthropic.errors.UnauthorizedException.class,
                () -> message(anthropic("sk-swy-" + "y".repeat(48)), "test/claude"));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.apiMessage()).hasValueSatisfying(m -> assertThat(m).contains("invalid API key"));
        assertThat(e.body().toString()).contains("authentication_error");
    }

    @Test
    void bothSdksSeeRateLimitException() {
        assertThat(chat(openAi(rpmOne)).choices()).isNotEmpty();
        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> chat(openAi(rpmOne)));
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.type()).contains("rate_limit_error");
        assertThat(e.code()).contains("rate_limit_requests");
        assertThat(e.headers().values("retry-after")).hasSize(1);
        assertThat(e.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");

        com.anthropic.errors.RateLimitException a = catchThrowableOfType(
                com.anthropic.errors.RateLimitException.class, () -> message(anthropic(rpmOne), "test/claude"));
        assertThat(a.statusCode()).isEqualTo(429);
        assertThat(a.apiMessage()).hasValueSatisfying(m -> assertThat(m).contains("1 requests per minute"));
        assertThat(a.body().toString()).contains("rate_limit_error");
        assertThat(a.headers().values("retry-after")).hasSize(1);
    }

    @Test
    void bothSdksSee402() {
        OpenAIServiceException e = catchThrowableOfType(OpenAIServiceException.class, () -> chat(openAi(broke)));
        assertThat(e.statusCode()).isEqualTo(402);
        assertThat(e.type()).contains("insufficient_quota");
        assertThat(e.code()).contains("insufficient_credits");
        assertThat(e.getMessage()).contains("insufficient credit: this key has $0.000001 left");

        PaymentRequiredException a = catchThrowableOfType(PaymentRequiredException.class,
                () -> message(anthropic(broke), "test/claude"));
        assertThat(a).isInstanceOf(AnthropicServiceException.class);
        assertThat(a.statusCode()).isEqualTo(402);
        assertThat(a.apiMessage()).hasValueSatisfying(m -> assertThat(m)
                .contains("insufficient credit: this key has $0.000001 left"));
        assertThat(a.body().toString()).contains("billing_error");
    }
}
