package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of idle connections past {@code server.max_connections}: the extra connections are closed by the server at
 * once (long before any timeout), and {@code /health} and chat still answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionHygieneFloodTest {

    private static final int MAX = 12;
    private static final int FLOOD = 40;

    // timeouts far longer than the test: every closing seen here is the connection limit's doing
    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.edge(b.edge().withConnections(MAX, 4)
            .withHeaderTimeout(Duration.ofSeconds(30)).withIdleTimeout(Duration.ofSeconds(30))));

    @Test
    void floodBeyondTheLimitIsClosedAndHealthStillAnswers() throws Exception {
        List<RawConnection> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                flood.add(new RawConnection(env.gateway.port()));
            }
            int closed = 0;
            for (RawConnection c : flood) {
                if (c.closedWithin(Duration.ofMillis(150))) {
                    closed++;
                }
            }
            assertThat(closed).as("flood connections closed by the server").isGreaterThanOrEqualTo(FLOOD - MAX);
            var health = env.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            var chat = env.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"hi\"}]}");
            assertThat(chat.statusCode()).isEqualTo(200);
        } finally {
            for (RawConnection c : flood) {
                c.close();
            }
        }
    }
}
