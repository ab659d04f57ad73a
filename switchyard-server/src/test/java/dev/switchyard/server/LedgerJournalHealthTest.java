package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger journal as an operator sees it, over HTTP: it is on by default in the data directory, a request's record
 * reaches the store through it, and {@code /health} and {@code /metrics} report its state and alarms.
 */
class LedgerJournalHealthTest {

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    @Test
    void recordsGoThroughTheJournalAndHealthAndMetricsReportIt() throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\": \"test/echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();
        assertThat(gw.generation(id).path("id").asText()).isEqualTo(id);

        try (Stream<java.nio.file.Path> files = Files.list(gw.dataDir.resolve("journal"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anySatisfy(name -> assertThat(name).matches("ledger-\\d{12}\\.journal"));
        }
        JsonNode journal = TestGateway.json(gw.get("/health").body()).path("journal");
        assertThat(journal.path("status").asText()).isEqualTo("ok");
        assertThat(journal.path("segments").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(journal.path("refused").asLong()).isZero();
        assertThat(journal.path("damaged_skipped").asLong()).isZero();
        assertThat(gw.get("/metrics").body()).contains("switchyard_ledger_journal_bytes")
                .contains("switchyard_ledger_store_failing 0.0").contains("switchyard_ledger_journal_full 0.0");
    }
}
