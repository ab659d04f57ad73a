package dev.switchyard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenerationIdsTest {

    @Test
    void idsSortByTimeAndDoNotRepeat() {
        String earlier = GenerationIds.at(1_764_000_000_000L);
        String later = GenerationIds.at(1_764_000_000_001L);
        assertThat(earlier).matches("gen-[0-9A-Za-z]{24}");
        assertThat(earlier.compareTo(later)).isNegative();
        assertThat(GenerationIds.at(99_999_999_999_999L).compareTo(later)).isPositive();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(GenerationIds.at(1_764_000_000_000L))).isTrue();
        }
    }
}
