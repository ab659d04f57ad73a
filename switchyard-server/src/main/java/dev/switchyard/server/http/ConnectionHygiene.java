package dev.switchyard.server.http;

import dev.switchyard.core.Ticker;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one event loop's client connections honest, with timers that never touch a response in progress (a stream of
 * many minutes is never cut):
 * <ul>
 *   <li>a new connection must complete its first request head within {@code server.header_timeout_ms}
 *       (slowloris);</li>
 *   <li>a request's body must arrive whole within {@code server.body_timeout_ms} of its head (a body shorter than
 *       its {@code Content-Length} is not held forever);</li>
 *   <li>a connection with no request in flight is closed after {@code server.idle_timeout_ms}, which also bounds how
 *       long the next request head may take on a kept-alive connection;</li>
 *   <li>a request still unanswered past a deadline its route sets ({@link #guard}: the front doors' whole-request
 *       deadline plus a grace period) has its route's guard run, which ends it;</li>
 *   <li>connections are counted against {@code server.max_connections} by the shared {@link ConnectionBudget}, and
 *       the oldest idle connection gives way to a new one when the budget is spent;</li>
 *   <li>the HTTP/1.x decoder is replaced by the {@link StrictRequestDecoder} (Transfer-Encoding with
 *       Content-Length).</li>
 * </ul>
 * One instance per HTTP server instance, used only on that server's event loop. Closing is done on the Netty channel,
 * which ends the connection at once even with a request in flight (Vert.x's own {@code close()} would wait for it).
 *
 * <p>Deadlines, not timers: a request only writes a deadline into its connection's state, and one periodic sweep per
 * event loop closes the connections whose deadline has passed (and runs the guards of requests past theirs). So a
 * request costs no timer to set and cancel (a Vert.x timer is a scheduled task in the event loop's priority queue,
 * allocated, inserted and removed again per request), and a timeout fires at most one sweep period late
 * ({@link #sweepPeriodMillis}: a fifth of the shortest timeout, between 25 ms and 1 s).
 */
public final class ConnectionHygiene {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHygiene.class);
    private static final long NONE = Long.MAX_VALUE;

    /** One connection's state; touched only on its event loop. */
    public static final class Tracked {
        private final ConnectionHygiene owner;
        private final Channel channel;
        private final boolean reservedOnly;
        private int inFlight;
        private long waitDeadline = NONE;
        private String waitReason = "";
        private long bodyDeadline = NONE;
        private boolean closed;
        /** The guard of the request in flight (the latest, if pipelined); the others' wait in {@link #moreGuards}. */
        private Guard guard;
        private List<Guard> moreGuards;

        private Tracked(ConnectionHygiene owner, Channel channel, boolean reservedOnly) {
            this.owner = owner;
            this.channel = channel;
            this.reservedOnly = reservedOnly;
        }

        /** Whether this connection came in the reserved headroom and may serve only operations paths. */
        public boolean reservedOnly() {
            return reservedOnly;
        }

        /**
         * Runs {@code onExpiry} at the first sweep {@code after} from now if the connection still has a request in
         * flight then ({@link ConnectionHygiene#guard}).
         */
        public void guard(java.time.Duration after, Runnable onExpiry) {
            owner.guard(this, owner.ticker.nanos() + after.toNanos(), onExpiry);
        }
    }

    private final Ticker ticker;
    private final EdgeSettings settings;
    private final ConnectionBudget budget;
    private final HttpServerOptions options;
    private final Map<HttpConnection, Tracked> open = new IdentityHashMap<>();
    /** Connections with no request in flight, the longest idle first. */
    private final LinkedHashSet<Tracked> idle = new LinkedHashSet<>();

    /**
     * @param options the server's options, for the replacement decoder's limits
     */
    public ConnectionHygiene(Vertx vertx, EdgeSettings settings, ConnectionBudget budget, HttpServerOptions options) {
        this(vertx, Ticker.system(), settings, budget, options);
    }

    /**
     * @param vertx runs the sweep, on the calling context's event loop (the server's)
     * @param ticker the clock of the deadlines
     */
    ConnectionHygiene(Vertx vertx, Ticker ticker, EdgeSettings settings, ConnectionBudget budget,
                      HttpServerOptions options) {
        this.ticker = ticker;
        this.settings = settings;
        this.budget = budget;
        this.options = options;
        vertx.setPeriodic(sweepPeriodMillis(settings), id -> sweep());
    }

    /** How often deadlines are checked: a fifth of the shortest timeout, between 25 ms and 1 s. */
    static long sweepPeriodMillis(EdgeSettings settings) {
        long shortest = Math.min(settings.headerTimeout().toMillis(),
                Math.min(settings.bodyTimeout().toMillis(), settings.idleTimeout().toMillis()));
        return Math.max(25, Math.min(1_000, shortest / 5));
    }

    /** The server's connection handler. */
    public void connected(HttpConnection connection) {
        Channel channel = channel(connection);
        if (channel == null) {
            return; // not a Netty-backed HTTP/1.x connection: nothing to police
        }
        strictDecoder(channel.pipeline());
        ConnectionBudget.Admission admission = budget.admit(this::evictOldestIdle);
        Tracked t = new Tracked(this, channel, admission == ConnectionBudget.Admission.RESERVED_ONLY);
        connection.closeHandler(v -> closed(connection, t));
        if (admission == ConnectionBudget.Admission.REFUSED) {
            LOG.debug("connection from {} refused: server.max_connections ({}) reached", connection.remoteAddress(),
                    settings.maxConnections());
            close(t);
            return;
        }
        open.put(connection, t);
        waitForRequest(t, settings.headerTimeout().toMillis(), "no complete request head within"
                + " server.header_timeout_ms");
    }

    /**
     * A request head arrived: the connection is busy until {@link #requestDone}, and its body must arrive within the
     * body timeout.
     *
     * @return the connection's state, or null when it is not tracked
     */
    public Tracked requestStarted(HttpServerRequest request) {
        Tracked t = open.get(request.connection());
        if (t == null) {
            return null;
        }
        cancelWait(t);
        idle.remove(t);
        t.inFlight++;
        if (!request.isEnded() && t.bodyDeadline == NONE) {
            Tracked tracked = t;
            t.bodyDeadline = ticker.nanos() + settings.bodyTimeout().toNanos();
            request.end().onComplete(ar -> tracked.bodyDeadline = NONE);
        }
        return t;
    }

    /** The request's response has ended (or failed); an idle connection starts its idle timer. */
    public void requestDone(Tracked t) {
        if (t == null || t.closed) {
            return;
        }
        t.inFlight = Math.max(0, t.inFlight - 1);
        if (t.inFlight == 0) {
            clearGuards(t);
            waitForRequest(t, settings.idleTimeout().toMillis(), "idle longer than server.idle_timeout_ms");
        }
    }

    /**
     * Runs {@code onExpiry} on the event loop at the first sweep after {@code deadlineNanos} (of the hygiene's ticker)
     * unless the connection has no request in flight by then. A guard outlives its own request only while a pipelined
     * request follows it on the same connection, so {@code onExpiry} must do nothing for a request already answered.
     */
    void guard(Tracked t, long deadlineNanos, Runnable onExpiry) {
        Guard g = new Guard(deadlineNanos, onExpiry);
        if (t.guard == null) {
            t.guard = g;
        } else {
            if (t.moreGuards == null) {
                t.moreGuards = new ArrayList<>(2);
            }
            t.moreGuards.add(g);
        }
    }

    /** A route's last line of defence for one request. */
    private record Guard(long deadline, Runnable onExpiry) {
    }

    private static void clearGuards(Tracked t) {
        t.guard = null;
        t.moreGuards = null;
    }

    /** Closes a connection at once. */
    public static void close(HttpConnection connection) {
        Channel channel = channel(connection);
        if (channel != null) {
            channel.close();
        } else {
            connection.close();
        }
    }

    private void waitForRequest(Tracked t, long millis, String reason) {
        idle.add(t);
        t.waitDeadline = ticker.nanos() + millis * 1_000_000;
        t.waitReason = reason;
    }

    private static void cancelWait(Tracked t) {
        t.waitDeadline = NONE;
    }

    /** Closes every connection whose wait or body deadline has passed, and runs the guards past theirs. */
    void sweep() {
        long now = ticker.nanos();
        List<Tracked> expired = null;
        List<Guard> due = null;
        for (Tracked t : open.values()) {
            if (t.closed) {
                continue;
            }
            if (passed(t.waitDeadline, now) || passed(t.bodyDeadline, now)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(t);
            }
            if (t.guard != null && (passed(t.guard.deadline(), now) || t.moreGuards != null)) {
                due = takeDue(t, now, due);
            }
        }
        if (due != null) {
            for (Guard g : due) {
                try {
                    g.onExpiry().run();
                } catch (RuntimeException e) {
                    LOG.error("a request guard failed", e);
                }
            }
        }
        if (expired != null) {
            for (Tracked t : expired) {
                LOG.debug("closing a connection: {}", passed(t.waitDeadline, now) ? t.waitReason
                        : "request body not complete within server.body_timeout_ms");
                close(t);
            }
        }
    }

    /** Moves the connection's guards past their deadline into {@code due}. */
    private static List<Guard> takeDue(Tracked t, long now, List<Guard> due) {
        List<Guard> all = new ArrayList<>(2);
        all.add(t.guard);
        if (t.moreGuards != null) {
            all.addAll(t.moreGuards);
        }
        clearGuards(t);
        for (Guard g : all) {
            if (passed(g.deadline(), now)) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(g);
            } else if (t.guard == null) {
                t.guard = g;
            } else {
                if (t.moreGuards == null) {
                    t.moreGuards = new ArrayList<>(2);
                }
                t.moreGuards.add(g);
            }
        }
        return due;
    }

    private static boolean passed(long deadline, long now) {
        return deadline != NONE && now - deadline >= 0;
    }

    private boolean evictOldestIdle() {
        Iterator<Tracked> it = idle.iterator();
        while (it.hasNext()) {
            Tracked t = it.next();
            it.remove();
            if (!t.closed && t.inFlight == 0) {
                LOG.debug("closing the oldest idle connection: server.max_connections reached");
                close(t);
                return true;
            }
        }
        return false;
    }

    private void closed(HttpConnection connection, Tracked t) {
        if (t.closed) {
            return;
        }
        t.closed = true;
        cancelWait(t);
        t.bodyDeadline = NONE;
        clearGuards(t); // the response's close ends the request: the channel's close handler cancels its exchange
        idle.remove(t);
        open.remove(connection);
        budget.release();
    }

    private static void close(Tracked t) {
        t.channel.close();
    }

    private void strictDecoder(ChannelPipeline pipeline) {
        if (pipeline.get("httpDecoder") != null && !(pipeline.get("httpDecoder") instanceof StrictRequestDecoder)) {
            pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
        }
    }

    private static Channel channel(HttpConnection connection) {
        return connection instanceof HttpServerConnection c && c.channelHandlerContext() != null
                ? c.channelHandlerContext().channel() : null;
    }
}
