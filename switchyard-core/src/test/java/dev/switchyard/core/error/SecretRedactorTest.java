package dev.switchyard.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Redaction after decoding: each spelling of a key is found, and text without one is kept exactly. */
class SecretRedactorTest {

    private static final String KEY = "prov-secret-9f8e7d6c5b4a3210";
    private final SecretRedactor redactor = SecretRedactor.of(List.of(KEY, "abc"));

    @Test
    void everySpellingOfAConfiguredKeyIsRemoved() {
        for (String spelling : List.of(KEY, KEY.replace("-", "\\u002d"), KEY.replace("-", "\\\\u002d"),
                KEY.replace("-", "%2D"), KEY.replace("-", "\\u002D"), everyChar(KEY))) {
            String out = redactor.redact("Incorrect API key provided: " + spelling + ".");
            assertThat(out).as(spelling).isEqualTo("Incorrect API key provided: [redacted].");
        }
    }

    @Test
    void keyShapedTextIsRemovedWithoutConfiguration() {
        SecretRedactor patterns = SecretRedactor.patternsOnly();
        assertThat(patterns.redact("key sk-proj-Zq8Wm3Xv6Bn1Kp4Lt7Rs0Yd is wrong")).isEqualTo("key [redacted] is wrong");
        assertThat(patterns.redact("key sk\\u002dant-api03-Zq8Wm3Xv6Bn1Kp4Lt7 bad")).isEqualTo("key [redacted] bad");
        assertThat(patterns.redact("AIzaSyA1234567890abcdefghijklmnopqrstuv")).isEqualTo("[redacted]");
        assertThat(patterns.redact("Authorization: Bearer abcdefghijklmnop")).isEqualTo("Authorization: Bearer [redacted]");
        assertThat(patterns.redact("GET /v1?api_key=zzzzzzzzzzzz&x=1")).isEqualTo("GET /v1?api_key=[redacted]&x=1");
    }

    @Test
    void textWithoutSecretsIsKeptExactly() {
        for (String text : List.of("model \\\"x\\\" not found", "100% sure", "line\\nbreak", "", "short ab")) {
            assertThat(redactor.redact(text)).isEqualTo(text);
        }
        assertThat(SecretRedactor.of(List.of("ab")).redact("tab")).isEqualTo("tab"); // too short to be a secret
    }

    @Test
    void jsonKeepsItsShape() {
        String json = "{\"error\":{\"message\":\"bad key " + KEY.replace("-", "\\u002d") + "\",\"code\":401}}";
        assertThat(redactor.redactJson(json)).hasValue("{\"error\":{\"message\":\"bad key [redacted]\",\"code\":401}}");
        assertThat(redactor.redactJson("{\"ok\":true}")).isEmpty();
    }

    private static String everyChar(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(String.format("\\u%04x", c)));
        return b.toString();
    }
}
