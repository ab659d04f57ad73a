package dev.switchyard.server.cli;

import dev.switchyard.server.Gateway;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * A started gateway's life under a process manager (systemd, Kubernetes, a terminal):
 *
 * <ul>
 *   <li>SIGTERM or SIGINT (Ctrl-C): drain, i.e. readiness turns false, the port stops accepting, requests in flight
 *       (streams included) get up to the drain deadline to finish, the ledger is flushed, and the process exits 0.
 *       A second signal while draining does not cut it short; the deadline does.</li>
 *   <li>SIGHUP: reload the catalog, prices, routing defaults and keys from the configuration, keeping every
 *       connection; a configuration that does not load is logged in one line and the running one stays.</li>
 * </ul>
 *
 * Signals are taken with {@code sun.misc.Signal} (module {@code jdk.unsupported}), so that a SIGTERM is a clean stop
 * with exit status 0 rather than the JVM's 143. Where a signal cannot be taken (another platform), the JVM's shutdown
 * hook still drains.
 */
final class Serving {

    private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

    private Serving() {
    }

    /**
     * Takes SIGTERM, SIGINT and SIGHUP from now on, before the gateway starts: the JVM's own handlers would otherwise
     * end the process on a SIGHUP that arrives between the port opening (readiness turning true) and
     * {@link #untilStopped}, which a process manager reloading right after a start can do. A stop signal during the
     * start is kept and acted on once it has started; a SIGHUP during the start is logged and ignored (the
     * configuration being loaded is already the newest).
     */
    static Signals takeSignals() {
        return new Signals();
    }

    /** The signals taken for one gateway's life; see {@link #takeSignals()}. */
    static final class Signals {
        private final CountDownLatch stop = new CountDownLatch(1);
        private final AtomicReference<Gateway> serving = new AtomicReference<>();
        private final boolean taken;

        private Signals() {
            taken = handle("TERM", s -> stop.countDown()) & handle("INT", s -> stop.countDown());
            if (ignored("HUP")) {
                LOG.warn("SIGHUP is ignored in this process (started under nohup?), so it cannot reload the"
                        + " configuration: reload with POST /api/v1/admin/reload instead");
            }
            handle("HUP", s -> {
                Gateway gateway = serving.get();
                if (gateway == null) {
                    LOG.info("SIGHUP during start-up: nothing to reload yet, the configuration being loaded stays");
                    return;
                }
                Thread.ofPlatform().name("switchyard-reload").start(() -> reload(gateway));
            });
        }
    }

    /**
     * Serves until SIGTERM or SIGINT (taken by {@code signals} since before the start), then drains and closes the
     * gateway, then runs {@code alsoClose}.
     *
     * @return the exit status: 0
     */
    static int untilStopped(Signals signals, Gateway gateway, Duration drain, Runnable... alsoClose)
            throws InterruptedException {
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                LOG.info("stopping: draining requests in flight for up to {} ms", drain.toMillis());
                boolean clean = gateway.drainAndClose(drain);
                for (Runnable r : alsoClose) {
                    r.run();
                }
                LOG.info(clean ? "stopped: every request in flight finished, the ledger is flushed"
                        : "stopped: requests still open at the drain deadline were cut; the ledger is flushed");
            }
        };
        Thread hook = new Thread(shutdown, "switchyard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        signals.serving.set(gateway);
        if (!signals.taken) {
            LOG.debug("signals not available; the shutdown hook drains");
        }
        signals.stop.await();
        shutdown.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }

    private static void reload(Gateway gateway) {
        try {
            Gateway.ReloadResult r = gateway.reload();
            LOG.info("SIGHUP: reloaded, {} models, {} providers enabled", r.models(), r.providersEnabled());
        } catch (RuntimeException e) {
            LOG.warn("SIGHUP: configuration not reloaded, the running one stays: {}", e.getMessage());
        }
    }

    /** Whether the process ignores the signal (nohup ignores SIGHUP): the JVM then installs no handler for it. */
    private static boolean ignored(String name) {
        try {
            sun.misc.SignalHandler old = Signal.handle(new Signal(name), s -> { });
            Signal.handle(new Signal(name), old);
            return old == sun.misc.SignalHandler.SIG_IGN;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean handle(String name, sun.misc.SignalHandler handler) {
        try {
            Signal.handle(new Signal(name), handler);
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
