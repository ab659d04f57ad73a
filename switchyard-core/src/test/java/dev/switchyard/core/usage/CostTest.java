package dev.switchyard.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CostTest {

    private static Pricing pricing(String prompt, String completion, String cacheRead, String cacheWrite) {
        return new Pricing(Money.perMillionToPicosPerToken(new BigDecimal(prompt)),
                Money.perMillionToPicosPerToken(new BigDecimal(completion)),
                Money.perMillionToPicosPerToken(new BigDecimal(cacheRead)),
                Money.perMillionToPicosPerToken(new BigDecimal(cacheWrite)), 0, "2026-11-28", "test");
    }

    @Test
    void pricesPerMillionBecomeExactPicosPerToken() {
        assertThat(Money.perMillionToPicosPerToken(new BigDecimal("0.15"))).isEqualTo(150_000);
        assertThat(Money.perMillionToPicosPerToken(new BigDecimal("0.0028"))).isEqualTo(2_800);
        assertThat(Money.perMillionToPicosPerToken(new BigDecimal("1.50162"))).isEqualTo(1_501_620);
        assertThatThrownBy(() -> Money.perMillionToPicosPerToken(new BigDecimal("0.0000001")))
                .hasMessageContaining("at most 6 decimals");
        assertThatThrownBy(() -> Money.perMillionToPicosPerToken(new BigDecimal("-1"))).hasMessageContaining(">= 0");
    }

    @Test
    void cachedAndWrittenTokensAreBilledAtTheirOwnPricesNotTwice() {
        Pricing p = pricing("3.00", "15.00", "0.30", "3.75");
        Usage u = new Usage(10_000, 2_000, 6_000, 1_000, 500);
        Cost c = Cost.of(u, p);
        assertThat(c.promptPicos()).isEqualTo(3_000L * 3_000_000); // 3,000 uncached tokens
        assertThat(c.cachePicos()).isEqualTo(6_000L * 300_000 + 1_000L * 3_750_000);
        assertThat(c.completionPicos()).isEqualTo(2_000L * 15_000_000);
        assertThat(Money.toUsd(c.totalPicos())).isEqualByComparingTo("0.04455"); // 0.009 + 0.0018 + 0.00375 + 0.03
    }

    @Test
    void usdRendering() {
        assertThat(Money.toUsd(0).toPlainString()).isEqualTo("0");
        assertThat(Money.toUsd(834_000_000L).toPlainString()).isEqualTo("0.000834");
        assertThat(Money.perTokenUsdString(150_000)).isEqualTo("0.00000015");
    }

    @Test
    void usageRejectsNegativeCounts() {
        assertThatThrownBy(() -> new Usage(-1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Usage(100, 5, 30, 10, 0).uncachedPromptTokens()).isEqualTo(60);
        assertThat(new Usage(10, 5, 30, 0, 0).uncachedPromptTokens()).isZero();
    }
}
