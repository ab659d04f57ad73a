package dev.switchyard.core.ir;

import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.usage.Usage;
import java.util.Objects;

/**
 * One step of a streamed answer, as provider stream decoders produce them and front-door stream encoders consume
 * them. Content arrives as deltas of three kinds (reasoning, text, tool calls); a change of kind, or a new tool call,
 * starts a new content block for formats that have blocks.
 */
public sealed interface StreamEvent {

    /** The provider's response began. */
    record Started(String id, String model) implements StreamEvent {
        public Started {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(model, "model");
        }
    }

    /** More reasoning text. */
    record ReasoningDelta(String text) implements StreamEvent {
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The opaque token that closes the current reasoning block (or stands alone when the provider hides the text).
     *
     * @param redacted true when {@code value} is encrypted reasoning rather than a signature
     */
    record ReasoningToken(String value, boolean redacted) implements StreamEvent {
        public ReasoningToken {
            Objects.requireNonNull(value, "value");
        }
    }

    /** More answer text. */
    record TextDelta(String text) implements StreamEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A tool call begins.
     *
     * @param index the call's position among this answer's tool calls, from 0
     */
    record ToolCallStart(int index, String id, String name) implements StreamEvent {
        public ToolCallStart {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /** A fragment of a tool call's JSON arguments. */
    record ToolCallDelta(int index, String fragment) implements StreamEvent {
        public ToolCallDelta {
            Objects.requireNonNull(fragment, "fragment");
        }
    }

    /** Usage so far; a later event replaces an earlier one. */
    record UsageUpdate(Usage usage) implements StreamEvent {
        public UsageUpdate {
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** The model stopped. Usage may still follow. */
    record Finished(Finish finish) implements StreamEvent {
        public Finished {
            Objects.requireNonNull(finish, "finish");
        }
    }

    /** The provider reported an error inside the stream. */
    record Failed(GatewayError error) implements StreamEvent {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
