package dev.switchyard.server.cli;

import dev.switchyard.server.Gateway;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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
     * Serves until SIGTERM or SIGINT, then drains and closes the gateway, then runs {@code alsoClose}.
     *
     * @return the exit status: 0
     */
    static int untilStopped(Gateway gateway, Duration drain, Runnable... alsoClose) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
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
        boolean signals = handle("TERM", s -> stop.countDown()) & handle("INT", s -> stop.countDown());
        handle("HUP", s -> Thread.ofPlatform().name("switchyard-reload").start(() -> reload(gateway)));
        if (!signals) {
            LOG.debug("signals not available; the shutdown hook drains");
        }
        stop.await();
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

    private static boolean handle(String name, sun.misc.SignalHandler handler) {
        try {
            Signal.handle(new Signal(name), handler);
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }
}
