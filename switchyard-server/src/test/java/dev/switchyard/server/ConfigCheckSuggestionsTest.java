package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The "did you mean" behind every unknown-key message. */
class ConfigCheckSuggestionsTest {

    private static final List<String> SERVER = List.of("host", "port", "data_dir");

    @Test
    void swapsTyposCaseAndSeparatorsFindTheKey() {
        assertThat(Suggestions.closest("prot", SERVER)).contains("port");
        assertThat(Suggestions.closest("hots", SERVER)).contains("host");
        assertThat(Suggestions.closest("data-dir", SERVER)).contains("data_dir");
        assertThat(Suggestions.closest("dataDir", SERVER)).contains("data_dir");
        assertThat(Suggestions.closest("datadri", SERVER)).contains("data_dir");
    }

    @Test
    void nothingCloseMeansNoGuess() {
        assertThat(Suggestions.closest("colour", SERVER)).isEmpty();
        assertThat(Suggestions.closest("pt", SERVER)).isEmpty();
    }

    @Test
    void distanceCountsAnAdjacentSwapAsOneEdit() {
        assertThat(Suggestions.distance("prot", "port")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }
}
