package dev.switchyard.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenEstimateTest {

    @Test
    void aTokenPerWordAndPerIdeograph() {
        assertThat(TokenEstimate.tokens("")).isZero();
        assertThat(TokenEstimate.tokens("   \n")).isZero();
        assertThat(TokenEstimate.tokens("The switchyard routes every train")).isEqualTo(5);
        assertThat(TokenEstimate.tokens("Hello, world!")).isEqualTo(2);
        assertThat(TokenEstimate.tokens("\u65e5\u672c\u8a9e")).isEqualTo(3);
        assertThat(TokenEstimate.tokens("caf\u00e9 \ud83d\ude82")).isEqualTo(2);
    }

    @Test
    void piecesOfAStreamAddUpToTheWhole() {
        String text = "The switchyard routes every train to its track \u65e5\u672c done";
        TokenEstimate e = new TokenEstimate();
        long sum = 0;
        for (int i = 0; i < text.length(); i += 3) {
            sum += e.add(text.substring(i, Math.min(text.length(), i + 3)));
        }
        assertThat(sum).isEqualTo(e.total()).isEqualTo(TokenEstimate.tokens(text)).isEqualTo(11);
    }

    @Test
    void deliveredKeepsTheProvidersCountsWhenTheyCoverTheOutput() {
        Usage reported = new Usage(40, 12, 30, 0, 2);
        assertThat(Usage.delivered(reported, 10, 99)).isEqualTo(reported);
        assertThat(Usage.delivered(Usage.NONE, 0, 99)).isEqualTo(Usage.NONE);
    }

    @Test
    void deliveredEstimatesTheOutputAndKeepsAProviderPromptCount() {
        assertThat(Usage.delivered(new Usage(40, 1, 30, 5, 0), 17, 99))
                .isEqualTo(new Usage(40, 17, 30, 5, 0, true));
        assertThat(Usage.delivered(Usage.NONE, 17, 99)).isEqualTo(new Usage(99, 17, 0, 0, 0, true));
    }
}
