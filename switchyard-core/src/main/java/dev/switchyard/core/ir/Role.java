package dev.switchyard.core.ir;

/** Who speaks a message. Tool results travel as {@link Part.ToolResult} parts inside {@link #TOOL} messages. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL
}
