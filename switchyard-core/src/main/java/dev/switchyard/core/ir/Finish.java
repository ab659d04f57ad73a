package dev.switchyard.core.ir;

import java.util.Objects;

/**
 * How a generation ended.
 *
 * @param reason normalised
 * @param nativeReason the provider's own value, e.g. {@code end_turn}, {@code MAX_TOKENS}
 * @param stopSequence the stop sequence that matched, empty when none or unknown
 */
public record Finish(FinishReason reason, String nativeReason, String stopSequence) {

    public static final Finish STOP = new Finish(FinishReason.STOP, "stop", "");

    public Finish {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(nativeReason, "nativeReason");
        Objects.requireNonNull(stopSequence, "stopSequence");
    }
}
