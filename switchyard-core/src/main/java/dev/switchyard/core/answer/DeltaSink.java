package dev.switchyard.core.answer;

/**
 * Receives an answer's deltas and then its ending, on the exchange's event loop. {@link #onEnd} is called exactly
 * once, after the last delta.
 */
public interface DeltaSink {

    void onDelta(Delta delta);

    void onEnd(Ending ending);
}
