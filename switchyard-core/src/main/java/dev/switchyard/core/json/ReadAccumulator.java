package dev.switchyard.core.json;

import io.vertx.core.buffer.Buffer;

/**
 * Gathers a body that arrives in network reads, within a size limit. Most bodies arrive in one read: that buffer is
 * kept as it is, and a copy is made only when a second read comes.
 */
public final class ReadAccumulator {

    private final long limit;
    private final long expected;
    private Buffer body;
    private boolean owned;

    /** @param limit the largest body accepted, in bytes */
    public ReadAccumulator(long limit) {
        this(limit, -1);
    }

    /**
     * @param limit the largest body accepted, in bytes
     * @param expected the declared length ({@code Content-Length}), or {@code -1}: when a second read comes, the
     *     buffer is sized for it at once, so that a big body is copied once rather than at every doubling
     */
    public ReadAccumulator(long limit, long expected) {
        this.limit = limit;
        this.expected = expected;
    }

    /**
     * Adds one read.
     *
     * @return false, keeping nothing of it, when the body would exceed the limit
     */
    public boolean add(Buffer chunk) {
        long size = body == null ? 0 : body.length();
        if (size + chunk.length() > limit) {
            return false;
        }
        if (body == null) {
            body = chunk;
        } else {
            if (!owned) {
                long capacity = expected >= size + chunk.length() ? expected
                        : Math.min(limit, Math.max(256, size * 2 + chunk.length()));
                body = Buffer.buffer((int) capacity).appendBuffer(body);
                owned = true;
            }
            body.appendBuffer(chunk);
        }
        return true;
    }

    /** The body so far; empty when nothing arrived. */
    public Buffer body() {
        return body == null ? Buffer.buffer() : body;
    }
}
