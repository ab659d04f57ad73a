package dev.switchyard.core.answer;

import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.usage.Usage;
import java.util.Objects;
import java.util.Optional;

/**
 * How an answer ended: its aggregate, as the rings see it on the way up.
 *
 * @param usage the provider's token counts; for an answer cut short before they arrived, the estimate of what was
 *     delivered ({@link Usage#delivered}, marked {@link Usage#estimated()}), which a stage that withheld some of it
 *     (the budget's cut-off) narrows to what passed it
 * @param finishReason the provider's finish reason, empty when unknown
 * @param failure why it broke off after it began (in-band), empty when it completed
 */
public record Ending(Usage usage, String finishReason, Optional<UpstreamFailure> failure) {

    public Ending {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(failure, "failure");
    }

    /** A complete answer. */
    public static Ending completed(Usage usage, String finishReason) {
        return new Ending(usage, finishReason, Optional.empty());
    }

    /** An answer that broke off. */
    public static Ending failed(Usage usage, String finishReason, UpstreamFailure failure) {
        return new Ending(usage, finishReason, Optional.of(failure));
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** This ending with other usage. */
    public Ending withUsage(Usage other) {
        return new Ending(other, finishReason, failure);
    }
}
