package dev.switchyard.server.http;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request-body bytes the gateway holds at once, across every event loop, against one budget
 * ({@code server.max_inflight_body_bytes}).
 *
 * <p>Why: a request's body stays in memory from its first byte until its answer ends (the pipeline keeps the request
 * for retries on another provider), and a translated door holds a few working copies of it besides. Without a bound,
 * 32 clients sending 4 MB each take the heap wherever they like. With it, the request that would cross the budget gets
 * 503 with {@code Retry-After: 1} in its door's format, before its body is read, and the requests already in flight
 * finish.
 *
 * <p>A body with {@code Content-Length} reserves that many bytes up front, so a refusal comes before any byte is read;
 * a chunked body grows its reservation as it arrives. Every reservation is released once, when its request ends
 * (answered, failed or its connection closed).
 */
public final class InflightBodies {

    private final long budget;
    private final AtomicLong used = new AtomicLong();

    /** @param budget most body bytes held at once; {@code <= 0} means no budget */
    public InflightBodies(long budget) {
        this.budget = budget;
    }

    /** A reservation of {@code bytes}, or empty when it would cross the budget. */
    public Optional<Reservation> reserve(long bytes) {
        Reservation r = new Reservation();
        return r.grow(bytes) ? Optional.of(r) : Optional.empty();
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    /** The configured budget; {@code <= 0} when there is none. */
    public long budget() {
        return budget;
    }

    /** The 503 for a request that does not fit. */
    public GatewayError refusal(long wanted) {
        return GatewayError.builder(ErrorKind.UNAVAILABLE, "the gateway is holding as many request bodies as it may ("
                + "server.max_inflight_body_bytes = " + budget + "); a body of " + wanted
                + " bytes does not fit now, retry shortly").code("inflight_bytes_exceeded").retryAfterSeconds(1).build();
    }

    /** One request's share of the budget. */
    public final class Reservation {

        private long held;
        private boolean released;

        private Reservation() {
        }

        /** Takes {@code bytes} more; false, taking nothing, when that would cross the budget. */
        public boolean grow(long bytes) {
            if (bytes <= 0) {
                return true;
            }
            if (released) {
                return false;
            }
            if (budget <= 0) {
                held += bytes;
                return true;
            }
            while (true) {
                long now = used.get();
                if (now + bytes > budget) {
                    return false;
                }
                if (used.compareAndSet(now, now + bytes)) {
                    held += bytes;
                    return true;
                }
            }
        }

        /** Bytes this reservation holds. */
        public long held() {
            return held;
        }

        /** Gives the bytes back; later calls do nothing. */
        public void release() {
            if (released) {
                return;
            }
            released = true;
            if (budget > 0) {
                used.addAndGet(-held);
            }
        }
    }
}
