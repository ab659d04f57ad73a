package dev.switchyard.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's smoke profile as part of the test suite: every scenario runs against direct and Switchyard
 * (separate processes, real sockets) and must complete without a single failed request, with every streamed event
 * byte-identical to the simulator's. It checks correctness only: no timing is asserted.
 */
class BenchSmokeTest {

    @Test
    void everyScenarioCompletesWithoutErrors() throws Exception {
        Path out = Files.createTempDirectory("switchyard-bench-smoke");
        BenchMain bench = new BenchMain(Profile.SMOKE, out, Path.of("..").toAbsolutePath().normalize());
        List<String> failures = bench.run();
        assertThat(failures).isEmpty();

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("streaming_c1").path("switchyard").path("byte_identical_to_direct").asBoolean())
                .isTrue();
        assertThat(results.path("latency_c1").path("switchyard").path("count").asLong()).isPositive();
        assertThat(results.path("sweep").path("c16").path("switchyard").path("errors").asLong()).isZero();
        assertThat(results.path("feature_costs").path("all-on+fallback").path("rps_c16").asDouble()).isPositive();
        String markdown = Report.render(results);
        assertThat(markdown).contains("### Targets", "| switchyard |");
    }
}
