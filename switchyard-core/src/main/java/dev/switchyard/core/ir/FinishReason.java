package dev.switchyard.core.ir;

/** Why the model stopped, normalised across protocols; the provider's own word travels in {@link Finish}. */
public enum FinishReason {
    /** A natural end or a stop sequence. */
    STOP,
    /** The output cap was hit. */
    LENGTH,
    /** The model called tools and waits for their results. */
    TOOL_CALLS,
    /** A safety or content filter stopped it, or the model refused. */
    CONTENT_FILTER,
    /** The provider paused a long turn (Anthropic {@code pause_turn}); the client continues it. */
    PAUSED,
    /** The generation failed. */
    ERROR
}
