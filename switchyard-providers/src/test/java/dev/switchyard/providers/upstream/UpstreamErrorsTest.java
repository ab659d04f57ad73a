package dev.switchyard.providers.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.Credential;
import dev.switchyard.core.catalog.DataPolicy;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {

    private static final ProviderSpec PROVIDER = new ProviderSpec("acme", "Acme", WireProtocol.OPENAI_CHAT,
            "http://x/v1", AuthScheme.BEARER, "ACME_KEY", List.of(new Credential("sk-live-123456", 1)), true, Map.of(), "US", DataPolicy.UNKNOWN);

    private static UpstreamFailure map(int status, String body, String retryAfter) {
        return UpstreamErrors.fromResponse(PROVIDER, status, Buffer.buffer(body), Optional.ofNullable(retryAfter));
    }

    @Test
    void statusMapping() {
        assertThat(map(500, "{}", null).error().status()).isEqualTo(502);
        assertThat(map(500, "{}", null).retryable()).isTrue();
        assertThat(map(401, "{}", null).error().status()).isEqualTo(502);
        assertThat(map(402, "{}", null).retryable()).isTrue();
        assertThat(map(400, "{}", null).error().status()).isEqualTo(400);
        assertThat(map(400, "{}", null).retryable()).isFalse();
        assertThat(map(422, "{}", null).error().status()).isEqualTo(422);
        UpstreamFailure limited = map(429, "{}", "2.5");
        assertThat(limited.error().status()).isEqualTo(429);
        assertThat(limited.error().retryAfterSeconds()).contains(3L);
        assertThat(limited.errorClass()).isEqualTo("http_429");
        assertThat(limited.upstreamStatus()).isEqualTo(429);
    }

    @Test
    void messagesFromEachVendorShapeAndNoKeyLeaks() {
        assertThat(map(500, "{\"error\":{\"message\":\"boom\"}}", null).error().getMessage())
                .isEqualTo("provider acme answered HTTP 500: boom");
        assertThat(map(403, "{\"code\":30014,\"message\":\"verify identity\"}", null).error().getMessage())
                .contains("verify identity");
        assertThat(map(200, "{\"base_resp\":{\"status_code\":1002,\"status_msg\":\"rate limit\"}}", null)
                .error().getMessage()).contains("rate limit");
        assertThat(map(502, "<html>bad gateway</html>", null).error().getMessage()).contains("bad gateway");
        UpstreamFailure leaky = map(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-live-123456\"}}",
                null);
        assertThat(leaky.error().getMessage()).doesNotContain("sk-live-123456").contains("[redacted]");
        assertThat(leaky.error().metadata().get("raw").toString()).doesNotContain("sk-live-123456");
    }
}
