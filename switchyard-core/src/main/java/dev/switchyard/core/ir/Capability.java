package dev.switchyard.core.ir;

/**
 * A feature a wire format can carry. Front doors and provider codecs each declare theirs; a request gets a feature
 * end to end when both sides of its path declare it, and the conformance suite tests exactly those pairs.
 */
public enum Capability {
    TEXT("text"),
    TOOLS("tool calls"),
    STREAMED_TOOLS("streamed tool calls"),
    REASONING_ROUND_TRIP("reasoning round trip"),
    JSON_SCHEMA("JSON schema output"),
    IMAGES("image input"),
    USAGE("exact usage");

    private final String label;

    Capability(String label) {
        this.label = label;
    }

    /** Human-readable name, used in docs/compatibility.md. */
    public String label() {
        return label;
    }
}
