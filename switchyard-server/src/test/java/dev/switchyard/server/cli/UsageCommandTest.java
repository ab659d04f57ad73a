package dev.switchyard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code switchyard usage} against a ledger file in a data directory, at a fixed wall clock. */
class UsageCommandTest {

    private static final long NOW = Instant.parse("2026-11-15T12:34:00Z").toEpochMilli();
    private Path dataDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static UsageRecord row(String id, String at, String key, String model, long costPicos) {
        return new UsageRecord(id, Instant.parse(at).toEpochMilli(), "chat.completions", model, model, "p", "up",
                false, 200, "", "stop", new Usage(10, 5, 0, 0, 0), new Cost(costPicos, 0, 0, 0), 100, 10, List.of(),
                new Dimensions(key, "ws-" + key, "", "", "v", "US"));
    }

    @BeforeEach
    void seed() throws Exception {
        dataDir = Files.createTempDirectory("switchyard-cli");
        try (JdbcUsageStore store = JdbcUsageStore.sqlite(dataDir.resolve("switchyard.db"))) {
            store.append(List.of(row("g1", "2026-11-02T10:00:00Z", "k1", "m/a", 2_000_000_000_000L),
                    row("g2", "2026-11-03T10:00:00Z", "k2", "m/a", 500_000_000_000L),
                    row("g3", "2026-11-04T10:00:00Z", "k2", "m/b", 250_000_000_000L),
                    row("g4", "2026-10-04T10:00:00Z", "k3", "m/c", 9_000_000_000_000L)));
        }
    }

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new UsageCommand(env, () -> NOW));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void thisMonthByKeyAndByModelAsTables() {
        assertThat(run(Map.of(), "--data-dir", dataDir.toString())).isZero();
        assertThat(out.toString().lines().toList()).containsExactly(
                "Usage 2026-11-01T00:00:00Z .. 2026-11-15T13:00:00Z (UTC)",
                "",
                "key    requests  errors  prompt  completion  cost_usd",
                "k1            1       0      10           5         2",
                "k2            2       0      20          10      0.75",
                "TOTAL         3       0      30          15      2.75",
                "",
                "model  requests  errors  prompt  completion  cost_usd",
                "m/a           2       0      20          10       2.5",
                "m/b           1       0      10           5      0.25",
                "TOTAL         3       0      30          15      2.75");
    }

    @Test
    void groupedByDimensionsOverAPeriodAsCsvOrJson() {
        assertThat(run(Map.of("SWITCHYARD_DATA_DIR", dataDir.toString()), "--from", "2026-10-01", "--to",
                "2026-11-03", "--by", "workspace,model", "--csv")).isZero();
        String[] csv = out.toString().split("\r\n");
        assertThat(csv).hasSize(3);
        assertThat(csv[0]).startsWith("workspace,model,requests,");
        assertThat(csv[1]).isEqualTo("ws-k1,m/a,1,0,0,10,5,0,0,0,2,2000000000000,100");
        assertThat(csv[2]).startsWith("ws-k3,m/c,1,");
        out.getBuffer().setLength(0);
        assertThat(run(Map.of(), "--data-dir", dataDir.toString(), "--by", "key", "--json")).isZero();
        assertThat(out.toString()).contains("\"key\":\"k2\"").contains("\"cost_usd\":\"0.75\"");
    }

    @Test
    void badInputIsReportedWithExitCode2() {
        assertThat(run(Map.of(), "--data-dir", dataDir.toString(), "--from", "last week")).isEqualTo(2);
        assertThat(err.toString()).contains("--from");
        assertThat(run(Map.of(), "--data-dir", dataDir.toString(), "--by", "colour")).isEqualTo(2);
        assertThat(run(Map.of(), "--data-dir", dataDir.resolve("missing").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no ledger at");
    }
}
