package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

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
 * PostgreSQL stopped while a gateway keeps serving: its ledger records wait in the write-ahead journal (the spool)
 * and reach PostgreSQL once it is back, every one exactly once, with the rollups agreeing.
 */
class PostgresOutageTest {

    @RegisterExtension
    @Order(1)
    static final EmbeddedPostgresExtension PG = new EmbeddedPostgresExtension();

    private static PostgresDatabase database;

    @RegisterExtension
    @Order(2)
    static final TestGateway gw = TestGateway.perClass(b -> {
        database = PG.freshDatabase();
        b.store(new StoreConfig(Optional.of(database)));
        b.deadline("first_byte", Duration.ofSeconds(20));
    });

    private static final String BODY = "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"o%d\"}],"
            + "\"simulator\":{\"completion_tokens\":3}}";

    @Test
    void recordsMadeWhilePostgresIsDownArriveOnceItIsBack() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(served(i));
        }
        TestGateway.await("the first records are in PostgreSQL", () -> rowsOrNone(ids) == ids.size());

        PG.stop();
        for (int i = 20; i < 80; i++) {
            ids.add(served(i)); // answered while the ledger's store is down
        }
        TestGateway.await("the journal reports the store unreachable", () -> TestGateway.json(
                gw.get("/health").body()).path("journal").path("status").asText().equals("store_unreachable"));

        PG.start();
        TestGateway.await("every record reaches PostgreSQL", () -> rowsOrNone(ids) == ids.size());
        assertThat(new HashSet<>(ids)).hasSize(80);
        assertThat(rows(ids)).as("each record once").isEqualTo(80);
        assertThat(rolledUpRequests()).as("rollups count each record once").isEqualTo(80);
    }

    private static String served(int i) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", BODY.formatted(i));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return AccountsHarness.generationId(r);
    }

    /** The rows of these ids, or -1 while PostgreSQL does not answer. */
    private static long rowsOrNone(List<String> ids) {
        try {
            return rows(ids);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static long rows(List<String> ids) throws SQLException {
        Set<String> want = new HashSet<>(ids);
        long n = 0;
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT id FROM generations");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                n += want.contains(rs.getString(1)) ? 1 : 0;
            }
        }
        return n;
    }

    private static long rolledUpRequests() throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT COALESCE(SUM(requests), 0) FROM usage_hourly"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
