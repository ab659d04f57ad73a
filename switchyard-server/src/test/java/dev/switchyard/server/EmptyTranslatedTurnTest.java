package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A turn whose every part is one the provider's protocol has no form for is refused with 400 in the client's
 * format, never sent as an empty turn (the HTTP fuzzer found one that reached the provider as {@code content: []}).
 */
class EmptyTranslatedTurnTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();

    @Test
    void aResponsesTurnWithOnlyUnknownPartsIsRefusedForAnAnthropicModel() {
        int before = env.simulator.recentRequests().size();
        HttpResponse<String> r = env.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + "/v1/responses"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"test/claude\",\"max_output_tokens\":5,"
                        + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"\\u0000?x\",\"text\":\"hi\"}]}],"
                        + "\"reasoning\":{}}")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(TestGateway.json(r.body()).path("error").path("message").asText())
                .contains("no content that the Anthropic Messages protocol can carry");
        assertThat(env.simulator.recentRequests()).as("nothing reached the provider").hasSize(before);
    }
}
