package dev.switchyard.core.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.catalog.WireProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasoningTokensTest {

    @Test
    void sameProtocolTokensPassUnwrapped() {
        assertThat(ReasoningTokens.wrap("sig", WireProtocol.ANTHROPIC_MESSAGES, WireProtocol.ANTHROPIC_MESSAGES))
                .isEqualTo("sig");
        Part.Reasoning back = ReasoningTokens.unwrap("t", "sig", "", WireProtocol.ANTHROPIC_MESSAGES);
        assertThat(back.origin()).isEqualTo(WireProtocol.ANTHROPIC_MESSAGES);
        assertThat(back.signature()).isEqualTo("sig");
    }

    @Test
    void foreignTokensRoundTripWithTheirOrigin() {
        String wrapped = ReasoningTokens.wrap("g:sig", WireProtocol.GEMINI, WireProtocol.ANTHROPIC_MESSAGES);
        assertThat(wrapped).isEqualTo("swy1:gemini:g:sig");
        Part.Reasoning back = ReasoningTokens.unwrap("thought", wrapped, "", WireProtocol.ANTHROPIC_MESSAGES);
        assertThat(back.origin()).isEqualTo(WireProtocol.GEMINI);
        assertThat(back.signature()).isEqualTo("g:sig");
        assertThat(back.text()).isEqualTo("thought");
    }

    @Test
    void aTokenForAClientThatDropsTheTextCarriesIt() {
        String wrapped = ReasoningTokens.wrapWithText("sim-sig:abc", "Check the sky: é", WireProtocol.ANTHROPIC_MESSAGES,
                WireProtocol.GEMINI);
        assertThat(wrapped).startsWith("swy2:anthropic-messages:").endsWith(":sim-sig:abc");
        // Gemini CLI sends the signature back on its function call, without the thought text
        Part.Reasoning back = ReasoningTokens.unwrap("", wrapped, "", WireProtocol.GEMINI);
        assertThat(back.origin()).isEqualTo(WireProtocol.ANTHROPIC_MESSAGES);
        assertThat(back.signature()).isEqualTo("sim-sig:abc");
        assertThat(back.text()).isEqualTo("Check the sky: é");
        // a client that kept the text as well: its pieces and the token's text are the same thought, joined once
        List<Part> merged = ReasoningParts.merge(List.of(new Part.Reasoning("Check the sky: é", "", "",
                WireProtocol.GEMINI), back));
        assertThat(merged).containsExactly(new Part.Reasoning("Check the sky: é", "sim-sig:abc", "",
                WireProtocol.ANTHROPIC_MESSAGES));
        // same protocol, or nothing to carry: the plain forms
        assertThat(ReasoningTokens.wrapWithText("s", "t", WireProtocol.GEMINI, WireProtocol.GEMINI)).isEqualTo("s");
        assertThat(ReasoningTokens.wrapWithText("s", "", WireProtocol.ANTHROPIC_MESSAGES, WireProtocol.GEMINI))
                .isEqualTo("swy1:anthropic-messages:s");
    }

    @Test
    void anUnknownPrefixIsTheClientsOwnToken() {
        Part.Reasoning back = ReasoningTokens.unwrap("", "swy1:nonsense:x", "", WireProtocol.GEMINI);
        assertThat(back.origin()).isEqualTo(WireProtocol.GEMINI);
        assertThat(back.signature()).isEqualTo("swy1:nonsense:x");
    }

    @Test
    void replayedPiecesJoinIntoOneSignedBlock() {
        List<Part> merged = ReasoningParts.merge(List.of(
                new Part.Reasoning("I think", "", "", WireProtocol.GEMINI),
                new Part.Reasoning(" twice", "", "", WireProtocol.GEMINI),
                new Part.Reasoning("", "sig", "", WireProtocol.ANTHROPIC_MESSAGES),
                new Part.ToolCall("c", "f", "{}"),
                new Part.Reasoning("later", "", "", WireProtocol.GEMINI)));
        assertThat(merged).hasSize(3);
        assertThat(merged.get(0)).isEqualTo(new Part.Reasoning("I think twice", "sig", "",
                WireProtocol.ANTHROPIC_MESSAGES));
        assertThat(merged.get(2)).isEqualTo(new Part.Reasoning("later", "", "", WireProtocol.GEMINI));
    }

    @Test
    void aSignedBlockDoesNotSwallowTheNext() {
        List<Part> merged = ReasoningParts.merge(List.of(
                new Part.Reasoning("a", "s1", "", WireProtocol.ANTHROPIC_MESSAGES),
                new Part.Reasoning("b", "s2", "", WireProtocol.ANTHROPIC_MESSAGES)));
        assertThat(merged).hasSize(2);
    }
}
