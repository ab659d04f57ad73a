package dev.switchyard.core.catalog;

import java.util.Arrays;

/** The wire formats Switchyard speaks, at a front door or to a provider. */
public enum WireProtocol {
    /** OpenAI Chat Completions, spoken by most providers. */
    OPENAI_CHAT("openai-chat"),
    /** OpenAI Responses. */
    OPENAI_RESPONSES("openai-responses"),
    /** Anthropic Messages. */
    ANTHROPIC_MESSAGES("anthropic-messages"),
    /** Gemini generateContent. */
    GEMINI("gemini");

    private final String configName;

    WireProtocol(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name such as {@code openai-chat}. */
    public static WireProtocol fromConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("protocol: " + name + " (expected one of "
                        + Arrays.stream(values()).map(WireProtocol::configName).toList() + ")"));
    }
}
