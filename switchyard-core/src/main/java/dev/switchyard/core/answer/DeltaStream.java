package dev.switchyard.core.answer;

import dev.switchyard.core.error.UpstreamFailure;

/**
 * An answer's deltas, pushed as they arrive, with back-pressure and cancellation. Single use: {@link #start} is
 * called exactly once, by whoever delivers the answer; deltas that arrived before are held until then.
 */
public interface DeltaStream {

    /** Starts delivery to the sink. */
    void start(DeltaSink sink);

    /** Asks the source to stop reading for now (the client cannot keep up). */
    void pause();

    /** Resumes after {@link #pause}. */
    void resume();

    /**
     * Stops the answer early: the source lets go of the provider (so it stops generating and billing) and ends the
     * stream with {@code reason} as its failure. No-op after the stream ended.
     */
    void cancel(UpstreamFailure reason);
}
