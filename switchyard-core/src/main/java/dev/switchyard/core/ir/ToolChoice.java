package dev.switchyard.core.ir;

import java.util.Objects;

/**
 * How the model must use the tools.
 *
 * @param name the tool to call when {@code mode} is {@link Mode#TOOL}, else empty
 */
public record ToolChoice(Mode mode, String name) {

    /** The four modes every protocol can express. */
    public enum Mode {
        /** The model decides. */
        AUTO,
        /** No tool calls. */
        NONE,
        /** At least one tool call (Anthropic {@code any}, Gemini {@code ANY}). */
        REQUIRED,
        /** A call of the named tool. */
        TOOL
    }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, "");
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, "");
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, "");

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(name, "name");
    }

    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, name);
    }
}
