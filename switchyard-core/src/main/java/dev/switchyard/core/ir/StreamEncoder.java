package dev.switchyard.core.ir;

import io.vertx.core.buffer.Buffer;

/** Renders IR stream events as one front door's SSE events. Stateful: one per response. */
public interface StreamEncoder {

    /** Appends the bytes for one event (possibly none) to {@code out}. */
    void encode(StreamEvent event, Buffer out);

    /** Appends the closing events of a stream that ended normally. */
    void end(Buffer out);
}
