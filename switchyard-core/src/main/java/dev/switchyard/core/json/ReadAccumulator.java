package dev.switchyard.core.json;

import io.vertx.core.buffer.Buffer;

/**
 * Gathers a body that arrives in network reads, within a size limit. Most bodies arrive in one read: that buffer is
 * kept as it is, and a copy is made only when a second read comes.
 */
public final class ReadAccumulator {

    private final long limit;
    private Buffer body;
    private boolean owned;

    /** @param limit the largest body accepted, in bytes */
    public ReadAccumulator(long limit) {
        this.limit = limit;
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
                body = Buffer.buffer((int) Math.min(limit, Math.max(256, size * 2 + chunk.length())))
                        .appendBuffer(body);
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
