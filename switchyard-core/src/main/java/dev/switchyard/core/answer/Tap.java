package dev.switchyard.core.answer;

/**
 * A stage's hold on an answer's way up: given the sink below it (towards the client) and the stream above it
 * (towards the provider), it returns the sink the stream above should deliver to. It may forward, withhold or replace
 * deltas, change the ending, and cancel the stream above.
 */
@FunctionalInterface
public interface Tap {

    DeltaSink wrap(DeltaSink downstream, DeltaStream upstream);
}
