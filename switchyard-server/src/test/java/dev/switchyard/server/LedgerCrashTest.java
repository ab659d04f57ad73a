package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.server.CrashLoad.Seen;
import dev.switchyard.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the ledger (issue 12, part 6), end to end: a real gateway process serves a few hundred requests a
 * second over sockets (streamed and not, some slow enough to be in flight), is killed with SIGKILL in the middle,
 * and is started again on the same data directory. Then the ledger must match what happened:
 * <ul>
 *   <li>every request the client saw answered (200 and the whole body) has exactly one record, as answered;</li>
 *   <li>no record is counted twice: the rollups' request count equals the number of rows;</li>
 *   <li>every request that reached the provider has a record: at least as many dispatched records as requests the
 *       simulator received, and the ones cut by the kill are marked interrupted.</li>
 * </ul>
 * Bounded: a few seconds of load (until 200 answers came back under it, at most 30 s on a slow machine), and every
 * wait has a deadline.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LedgerCrashTest {

    private static final int PER_SECOND = 300;
    private static final int MAX_IN_FLIGHT = 400;
    private static final int WARM_UP = 5;
    private static final Duration MIN_LOAD = Duration.ofSeconds(2);
    private static final Duration MAX_LOAD = Duration.ofSeconds(30);
    private static final int KILL_AFTER_ANSWERS = 200;

    @TempDir
    Path dir;

    private Simulator simulator;
    private final List<GatewayProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(GatewayProcess::close);
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void afterKillMinus9AndARestartEveryAnsweredRequestHasOneRecordAndEveryDispatchedOneHasARecord()
            throws Exception {
        simulator = Simulator.builder().build().startAndWait();
        int port = TestGateway.freePort();
        Path config = dir.resolve("switchyard.yaml");
        Files.writeString(config, """
                server: {host: 127.0.0.1, port: %d, data_dir: %s}
                log: {access: false}
                timeouts: {first_byte_ms: 60000, idle_ms: 60000, total_ms: 120000}
                providers:
                  sim: {name: Simulator, base_url: "%s", api_key: sim-key, country: US}
                models:
                  test/echo:
                    vendor: test
                    origin: US
                    supported_parameters: [max_tokens, stream]
                    endpoints:
                      - provider: sim
                        upstream_model: sim-echo
                        pricing: {prompt: "1.00", completion: "2.00"}
                """.formatted(port, dir.resolve("data"), simulator.baseUrl()));

        GatewayProcess first = startGateway(config, port);
        CrashLoad load = new CrashLoad(first.baseUrl(), Optional.empty());
        load.warmUp(WARM_UP);
        // load until enough answers came back under it (at least MIN_LOAD, at most MAX_LOAD), then kill mid-stream
        load.runUntilAnswered(KILL_AFTER_ANSWERS, PER_SECOND, MAX_IN_FLIGHT, MIN_LOAD, MAX_LOAD);
        first.kill();
        Map<Integer, Seen> seen = load.outcomes();
        long reachedProvider = simulator.stats().requests();

        GatewayProcess second = startGateway(config, port);
        second.awaitJournalReplayed();
        Map<String, Row> rows = rows(dir.resolve("data").resolve("switchyard.db"));
        second.close();

        List<String> answered = seen.values().stream().filter(Seen::answered).map(Seen::generationId).toList();
        assertThat(answered).as("some requests were answered before the kill").isNotEmpty();
        assertThat(answered.size()).as("and some were not").isLessThan(seen.size());
        for (String id : answered) {
            assertThat(rows).as("answered request %s has its record", id).containsKey(id);
            Row r = rows.get(id);
            assertThat(r.status()).as("record of answered %s: %s", id, r).isEqualTo(200);
            assertThat(r.interrupted()).as("answered %s is not interrupted", id).isFalse();
        }
        assertThat(Set.copyOf(answered)).as("generation ids are unique").hasSize(answered.size());
        assertThat(rollupRequests(dir.resolve("data").resolve("switchyard.db")))
                .as("rollups count each record exactly once").isEqualTo(rows.size());
        long dispatched = rows.values().stream().filter(Row::dispatched).count();
        assertThat(dispatched).as("every request that reached the provider (%d) has a record", reachedProvider)
                .isGreaterThanOrEqualTo(reachedProvider);
        assertThat(rows.size()).as("no more records than requests sent").isLessThanOrEqualTo(seen.size());
        List<Row> interrupted = rows.values().stream().filter(Row::interrupted).toList();
        assertThat(interrupted).as("the requests in flight at the kill are recorded as interrupted").isNotEmpty();
        assertThat(interrupted).allSatisfy(r -> {
            assertThat(r.dispatched()).isTrue();
            assertThat(r.status()).isEqualTo(500);
        });
        assertThat(interrupted.stream().map(Row::id).toList()).doesNotContainAnyElementsOf(answered);
        System.out.printf("LedgerCrashTest: %d requests sent, %d answered, %d reached the provider, %d records"
                + " (%d dispatched, %d interrupted)%n", seen.size(), answered.size(), reachedProvider, rows.size(),
                dispatched, interrupted.size());
    }

    private GatewayProcess startGateway(Path config, int port) {
        GatewayProcess p = GatewayProcess.start(config, port, dir.resolve("gateway-" + processes.size() + ".log"));
        processes.add(p);
        return p;
    }

    /** One ledger row, as the test needs it. */
    record Row(String id, int status, boolean interrupted, boolean dispatched, String errorClass) {
    }

    private static Map<String, Row> rows(Path db) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT id, status, interrupted, provider, error_class FROM generations")) {
            while (rs.next()) {
                Row row = new Row(rs.getString(1), rs.getInt(2), rs.getInt(3) == 1, !rs.getString(4).isEmpty(),
                        rs.getString(5));
                assertThat(rows.put(row.id(), row)).as("id %s once", row.id()).isNull();
            }
        }
        return rows;
    }

    private static long rollupRequests(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT SUM(requests) FROM usage_hourly")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
