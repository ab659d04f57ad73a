package dev.switchyard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void aSafeValueIsReturnedAsItIs() {
        String value = "frequency_penalty, seed (x)";
        assertThat(HeaderValues.escape(value)).isSameAs(value);
    }

    @Test
    void controlCharactersLineBreaksAndThePercentSignAreEscaped() {
        assertThat(HeaderValues.escape("max\u007foutput_tokens")).isEqualTo("max%7Foutput_tokens");
        assertThat(HeaderValues.escape("a\r\nx-injected: 1")).isEqualTo("a%0D%0Ax-injected: 1");
        assertThat(HeaderValues.escape("tab\there\u0000")).isEqualTo("tab%09here%00");
        assertThat(HeaderValues.escape("100%")).isEqualTo("100%25");
    }

    @Test
    void nonAsciiTextIsEscapedAsUtf8() {
        assertThat(HeaderValues.escape("温度")).isEqualTo("%E6%B8%A9%E5%BA%A6");
        assertThat(HeaderValues.escape("a😀b")).isEqualTo("a%F0%9F%98%80b");
    }
}
