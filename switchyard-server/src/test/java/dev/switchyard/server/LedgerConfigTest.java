package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.catalog.CatalogLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ledger.retention_days}: default, override, zero, and a clear error when out of range. */
class LedgerConfigTest {

    private static GatewayConfig load(String yaml) {
        return ConfigLoader.apply(GatewayConfig.builder(), CatalogLoader.parseYaml(yaml), Map.of()).build();
    }

    @Test
    void retentionDaysDefaultsTo90AndCanBeSetOrTurnedOff() {
        assertThat(GatewayConfig.builder().build().ledgerRetentionDays()).isEqualTo(90);
        assertThat(load("ledger:\n  retention_days: 7\n").ledgerRetentionDays()).isEqualTo(7);
        assertThat(load("ledger:\n  retention_days: 0\n").ledgerRetentionDays()).isZero();
    }

    @Test
    void negativeRetentionIsRefusedByName() {
        assertThatThrownBy(() -> load("ledger:\n  retention_days: -1\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ledger.retention_days");
    }
}
