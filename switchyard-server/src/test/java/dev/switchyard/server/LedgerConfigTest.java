package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.usage.journal.WhenFull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ledger.retention_days}: default, override, zero, and a clear error when out of range; {@code ledger.journal}:
 * on by default in the data directory, each key overrides one setting, and bad values are refused by name.
 */
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

    @Test
    void theJournalIsOnByDefaultInTheDataDirectory() {
        JournalConfig j = GatewayConfig.builder().build().ledgerJournal();
        assertThat(j.enabled()).isTrue();
        assertThat(j.settings(Path.of("/var/lib/switchyard")).dir()).isEqualTo(Path.of("/var/lib/switchyard/journal"));
        assertThat(j.syncInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(j.segmentBytes()).isEqualTo(8L << 20);
        assertThat(j.maxBytes()).isEqualTo(1L << 30);
        assertThat(j.whenFull()).as("safe for money").isEqualTo(WhenFull.REFUSE_REQUESTS);
    }

    @Test
    void everyJournalSettingCanBeSet() {
        JournalConfig j = load("""
                ledger:
                  journal: {enabled: false, dir: /mnt/fast/journal, sync_interval_ms: 0, segment_bytes: 2097152,
                            max_bytes: 104857600, when_full: serve_unrecorded}
                """).ledgerJournal();
        assertThat(j).isEqualTo(new JournalConfig(false, java.util.Optional.of(Path.of("/mnt/fast/journal")),
                Duration.ZERO, 2L << 20, 100L << 20, WhenFull.SERVE_UNRECORDED));
    }

    @Test
    void badJournalSettingsAreRefusedByName() {
        assertThatThrownBy(() -> load("ledger:\n  journal: {segment_bytes: 1000}\n"))
                .hasMessageContaining("ledger.journal.segment_bytes");
        assertThatThrownBy(() -> load("ledger:\n  journal: {max_bytes: 1000}\n"))
                .hasMessageContaining("ledger.journal.max_bytes");
        assertThatThrownBy(() -> load("ledger:\n  journal: {sync_interval_ms: -5}\n"))
                .hasMessageContaining("ledger.journal.sync_interval_ms");
        assertThatThrownBy(() -> load("ledger:\n  journal: {when_full: drop}\n"))
                .hasMessageContaining("ledger.journal.when_full").hasMessageContaining("refuse_requests");
        assertThatThrownBy(() -> load("ledger:\n  journal: {sync: always}\n"))
                .hasMessageContaining("ledger.journal.sync");
    }
}
