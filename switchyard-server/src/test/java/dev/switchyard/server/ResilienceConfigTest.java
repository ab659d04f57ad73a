package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.pipeline.Deadlines;
import dev.switchyard.core.routing.HedgePolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request and body deadlines, the breaker rule's and hedging's settings are read from YAML, and misspellings refused. */
class ResilienceConfigTest {

    private static GatewayConfig.Builder load(String yaml) {
        return ConfigLoader.apply(GatewayConfig.builder(), CatalogLoader.parseYaml(yaml), Map.of());
    }

    @Test
    void readsTheRequestAndBodyDeadlinesBreakerLimitsAndHedging() {
        GatewayConfig c = load("""
                timeouts: {request_ms: 60000, idle_ms: 5000, body_ms: 20000}
                routing:
                  health: {max_ejection_percent: 30, fail_fast: true}
                  hedge: {after_ms: 1500, after_percentile: 95, min_samples: 40, max_hedges: 2}
                """).build();
        assertThat(c.deadlines().request()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.deadlines().idle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.deadlines().body()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.deadlines().firstByte()).isEqualTo(Deadlines.DEFAULT.firstByte());
        assertThat(c.health().maxEjectionPercent()).isEqualTo(30);
        assertThat(c.health().failFast()).isTrue();
        assertThat(c.hedge()).isEqualTo(new HedgePolicy(2, Duration.ofMillis(1500), 95, 40));
    }

    @Test
    void theDefaultsNeverFailFastAndDoNotHedge() {
        GatewayConfig c = load("server: {port: 0}").build();
        assertThat(c.health().failFast()).isFalse();
        assertThat(c.health().maxEjectionPercent()).isEqualTo(50);
        assertThat(c.hedge().enabled()).isFalse();
        assertThat(c.deadlines().request()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.deadlines().body()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void unknownOrInvalidSettingsAreRefused() {
        assertThatThrownBy(() -> load("routing: {hedge: {after: 100}}"))
                .hasMessageContaining("routing.hedge.after");
        assertThatThrownBy(() -> load("timeouts: {requests_ms: 100}")).hasMessageContaining("request_ms");
        assertThatThrownBy(() -> load("routing: {health: {max_ejection_percent: 150}}").build())
                .hasMessageContaining("maxEjectionPercent");
    }
}
