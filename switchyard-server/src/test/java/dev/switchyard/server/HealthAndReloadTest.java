package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kubernetes probes and the admin reload call, over HTTP: liveness is a plain 200; readiness is 200 with one
 * entry per dependency; {@code POST /api/v1/admin/reload} needs an admin key and answers what is now served.
 */
class HealthAndReloadTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(
            b -> b.deadline("first_byte", java.time.Duration.ofSeconds(30))); // no 504s on a loaded machine

    @Test
    void livenessAndReadinessFollowKubernetesConventions() {
        var live = env.request("GET", "/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(TestGateway.json(live.body()).path("status").asText()).isEqualTo("live");

        var ready = env.request("GET", "/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = TestGateway.json(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("ready");
        assertThat(body.path("checks").path("ledger").path("status").asText()).isEqualTo("up");

        assertThat(env.request("GET", "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void reloadNeedsAnAdminKeyAndSaysWhatIsServed() {
        assertThat(env.request("POST", "/api/v1/admin/reload", null).statusCode()).isEqualTo(401);
        var r = env.adminCall("POST", "/api/v1/admin/reload", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = TestGateway.json(r.body());
        assertThat(body.path("status").asText()).isEqualTo("reloaded");
        assertThat(body.path("models").asInt()).isEqualTo(env.gateway.catalog().models().size());
        // the gateway still serves after swapping its routes
        var chat = env.post("/v1/chat/completions",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.statusCode()).isEqualTo(200);
    }

    @Test
    void withoutOtelVariablesNoTracingHappens() {
        var r = env.post("/v1/chat/completions",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(env.simulator.lastTraceparent()).as("tracing is off: nothing is added upstream").isEmpty();
    }
}
