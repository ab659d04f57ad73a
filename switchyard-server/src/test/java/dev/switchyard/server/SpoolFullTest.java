package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.usage.journal.JournalSettings;
import dev.switchyard.core.usage.journal.WhenFull;
import dev.switchyard.store.jdbc.EmbeddedPostgresExtension;
import dev.switchyard.store.jdbc.PostgresDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full spool, over HTTP: two gateways with the smallest journal allowed (two segments of 1 MiB) on one PostgreSQL,
 * which is stopped. The one with {@code when_full: refuse_requests} answers new requests 503 in each door's format,
 * leaves the load balancer (readiness 503), and serves again once PostgreSQL is back and the spool drains, with every
 * request it answered in the ledger once. The one with {@code serve_unrecorded} keeps serving and stays ready.
 */
class SpoolFullTest {

    @RegisterExtension
    @Order(1)
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    private static PostgresDatabase refusing;
    private static PostgresDatabase serving;

    @RegisterExtension
    @Order(2)
    static final TestGateway refuse = TestGateway.perClass(b -> {
        refusing = PG.freshDatabase();
        tiny(b, refusing, WhenFull.REFUSE_REQUESTS);
    });

    @RegisterExtension
    @Order(3)
    static final TestGateway serve = TestGateway.perClass(b -> {
        serving = PG.freshDatabase();
        tiny(b, serving, WhenFull.SERVE_UNRECORDED);
    });

    private static void tiny(GatewayConfig.Builder b, PostgresDatabase database, WhenFull whenFull) {
        b.store(new StoreConfig(Optional.of(database)));
        b.deadline("first_byte", Duration.ofSeconds(20));
        int segment = JournalSettings.MIN_SEGMENT_BYTES;
        b.ledgerJournal(JournalConfig.DEFAULT.withSegmentBytes(segment).withMaxBytes(2L * segment)
                .withWhenFull(whenFull));
    }

    private static final String CHAT = "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"spool %d\"}],\"simulator\":{\"completion_tokens\":3}}";
    /** Far more than the 2 MiB journal holds (a few hundred bytes per request, decision 0026). */
    private static final int MAX_REQUESTS = 20_000;

    @Test
    void aFullSpoolRefusesNewRequestsUntilItDrainsOrServesThemUnrecordedAsConfigured() throws Exception {
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answered.add(AccountsHarness.generationId(served(refuse, i)));
        }
        TestGateway.await("the first records are in PostgreSQL", () -> rowsOrNone(refusing, answered) == 5);
        assertThat(readiness(refuse).path("checks").path("ledger").path("status").asText()).isEqualTo("up");

        PG.stop();
        HttpResponse<String> refused = null;
        for (int i = 5; i < MAX_REQUESTS && refused == null; i++) {
            HttpResponse<String> r = refuse.post("/v1/chat/completions", CHAT.formatted(i));
            if (r.statusCode() == 200) {
                answered.add(AccountsHarness.generationId(r));
            } else {
                refused = r;
            }
        }
        assertThat(refused).as("a full spool refuses within %d requests", MAX_REQUESTS).isNotNull();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        JsonNode error = TestGateway.json(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("ledger_unavailable");
        assertThat(error.path("message").asText()).contains("spool is full").contains("retry");
        HttpResponse<String> messages = refuse.post("/v1/messages", "{\"model\":\"test/claude\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "anthropic-version", "2023-06-01");
        assertThat(messages.statusCode()).as(messages.body()).isEqualTo(503);
        assertThat(TestGateway.json(messages.body()).path("type").asText()).as("Anthropic's own envelope")
                .isEqualTo("error");
        assertThat(TestGateway.json(messages.body()).path("error").path("message").asText())
                .contains("spool is full");

        JsonNode journal = TestGateway.json(refuse.get("/health").body()).path("journal");
        assertThat(journal.path("status").asText()).isEqualTo("full");
        assertThat(journal.path("when_full").asText()).isEqualTo("refuse_requests");
        assertThat(journal.path("refused_requests").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(journal.path("refused").asLong()).as("no answered request lost its record").isZero();
        assertThat(journal.path("bytes").asLong()).isLessThanOrEqualTo(journal.path("max_bytes").asLong());
        HttpResponse<String> ready = refuse.get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(TestGateway.json(ready.body()).path("checks").path("ledger").path("detail").asText())
                .contains("journal full").contains("refused");
        assertThat(refuse.get("/metrics").body()).contains("switchyard_ledger_journal_full 1.0")
                .containsPattern("switchyard_ledger_journal_refused_requests [1-9]");

        // the other policy, on the same outage: served all along, ready, the alarm raised all the same
        int unrecorded = 0;
        for (int i = 0; i < MAX_REQUESTS && unrecorded == 0; i++) {
            HttpResponse<String> r = serve.post("/v1/chat/completions", CHAT.formatted(i));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (i % 50 == 49) { // the journal's count, every 50 requests: a few thousand fill the reserve
                unrecorded = TestGateway.json(serve.get("/health").body()).path("journal").path("refused").asInt();
            }
        }
        assertThat(unrecorded).as("served past the reserve, unrecorded").isPositive();
        HttpResponse<String> stillReady = serve.get("/health/ready");
        assertThat(stillReady.statusCode()).as(stillReady.body()).isEqualTo(200);
        assertThat(TestGateway.json(stillReady.body()).path("checks").path("ledger").path("status").asText())
                .isEqualTo("down");
        assertThat(serve.get("/metrics").body()).contains("switchyard_ledger_journal_full 1.0");

        PG.start();
        TestGateway.await("the refusing gateway is ready again", () -> refuse.get("/health/ready").statusCode() == 200);
        HttpResponse<String> again = served(refuse, MAX_REQUESTS);
        answered.add(AccountsHarness.generationId(again));
        TestGateway.await("every answered request reaches PostgreSQL",
                () -> rowsOrNone(refusing, answered) == answered.size());
        assertThat(new HashSet<>(answered)).hasSize(answered.size());
        assertThat(rows(refusing, answered)).as("each answered request recorded once").isEqualTo(answered.size());
        assertThat(TestGateway.json(refuse.get("/health").body()).path("journal").path("status").asText())
                .isEqualTo("ok");
        assertThat(refuse.get("/metrics").body()).contains("switchyard_ledger_journal_full 0.0");
    }

    private static HttpResponse<String> served(TestGateway gw, int i) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT.formatted(i));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static JsonNode readiness(TestGateway gw) {
        return TestGateway.json(gw.get("/health/ready").body());
    }

    /** The rows of these ids, or -1 while PostgreSQL does not answer. */
    private static long rowsOrNone(PostgresDatabase database, List<String> ids) {
        try {
            return rows(database, ids);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static long rows(PostgresDatabase database, List<String> ids) throws SQLException {
        Set<String> want = new HashSet<>(ids);
        long n = 0;
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             PreparedStatement s = c.prepareStatement("SELECT id FROM generations");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                n += want.contains(rs.getString(1)) ? 1 : 0;
            }
        }
        return n;
    }
}
