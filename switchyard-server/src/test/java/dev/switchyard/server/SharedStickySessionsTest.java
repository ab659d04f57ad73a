package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.redis.OutagePolicy;
import dev.switchyard.redis.RedisServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas on one Redis share sticky sessions: a session started through one stays on its endpoint through the
 * other (decision 0020; the rest of what replicas share is proven with two processes in ReplicaProcessesTest).
 */
class SharedStickySessionsTest {

    @RegisterExtension
    @Order(1)
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @RegisterExtension
    @Order(2)
    static final TestGateway a = TestGateway.perClass(SharedStickySessionsTest::shared);

    @RegisterExtension
    @Order(3)
    static final TestGateway b = TestGateway.perClass(SharedStickySessionsTest::shared);

    private static void shared(GatewayConfig.Builder builder) {
        builder.deadline("first_byte", Duration.ofSeconds(20)).deadline("idle", Duration.ofSeconds(20))
                .deadline("total", Duration.ofSeconds(60));
        builder.redis(new RedisConfig(Optional.of(REDIS.url()), 8, 15_000, 60_000, 500, OutagePolicy.FAIL_CLOSED,
                true, 200));
        // a model served equally well by three simulated providers: without stickiness, a random pick each time
        ObjectNode overlay = builder.catalogOverlay().deepCopy();
        ObjectNode triple = overlay.with("models").putObject("test/triple");
        triple.put("name", "Triple").put("vendor", "test").put("origin", "US").put("context_length", 32_000);
        ArrayNode three = triple.putArray("endpoints");
        for (String[] e : new String[][] {{"sim", "sim-echo"}, {"sim-anthropic", "sim-claude"},
                {"sim-gemini", "sim-gem"}}) {
            three.addObject().put("provider", e[0]).put("upstream_model", e[1]).putObject("pricing")
                    .put("prompt", "1.00").put("completion", "2.00").put("as_of", "2026-11-28").put("source", "test");
        }
        builder.catalogOverlay(overlay);
    }

    @Test
    void aSessionStartedOnOneReplicaSticksOnTheOther() {
        // six sessions, each started on one replica and continued on the other: were the replicas' tables separate,
        // each would match its start only by chance (one in three), all six one time in 729
        for (int s = 0; s < 6; s++) {
            TestGateway start = s % 2 == 0 ? a : b;
            TestGateway other = s % 2 == 0 ? b : a;
            String body = "{\"model\":\"test/triple\",\"session_id\":\"session-" + s + "-" + System.nanoTime()
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
            long before = stickyEntries();
            HttpResponse<String> first = start.post("/v1/chat/completions", body);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            String provider = first.headers().firstValue("x-switchyard-provider").orElseThrow();
            TestGateway.await("the session is remembered in Redis", () -> stickyEntries() > before);
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> next = other.post("/v1/chat/completions", body);
                assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
                assertThat(next.headers().firstValue("x-switchyard-provider"))
                        .as("session %d, request %d through the other replica", s, i).contains(provider);
            }
        }
    }

    private static long stickyEntries() {
        return REDIS.api().keys("sy:st:*").await().size();
    }
}
