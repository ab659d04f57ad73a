package dev.switchyard.core.pipeline;

import dev.switchyard.core.error.UpstreamFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A way to call off one attempt before or after its answer begins, for a reason: the router uses it to cancel the
 * loser of a hedged pair. Whoever holds the attempt's provider call registers with {@link #onCancel}; the call then
 * ends with the reason, before its commit as a failure and after it as the answer's ending, as any other failure.
 *
 * <p>Confined to the exchange's event loop, like the exchange.
 */
public final class Cancellation {

    private List<Consumer<UpstreamFailure>> actions = List.of();
    private UpstreamFailure reason;

    /** Runs {@code action} with the reason when the attempt is cancelled (at once if it already was). */
    public void onCancel(Consumer<UpstreamFailure> action) {
        Objects.requireNonNull(action, "action");
        if (reason != null) {
            action.accept(reason);
            return;
        }
        if (actions.isEmpty()) {
            actions = new ArrayList<>(1);
        }
        actions.add(action);
    }

    /** Calls the attempt off; only the first call counts. */
    public void cancel(UpstreamFailure why) {
        if (reason != null) {
            return;
        }
        reason = Objects.requireNonNull(why, "why");
        List<Consumer<UpstreamFailure>> run = actions;
        actions = List.of();
        for (Consumer<UpstreamFailure> a : run) {
            a.accept(why);
        }
    }

    /** Why the attempt was called off, if it was. */
    public Optional<UpstreamFailure> reason() {
        return Optional.ofNullable(reason);
    }
}
