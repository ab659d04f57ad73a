package dev.switchyard.server;

import io.vertx.ext.web.Router;

/**
 * One feature's routes (the inference doors, the catalog, the management API, the ledger's reports, operations).
 * The gateway mounts every module on the router of each event loop, in order; a module's handlers are shared by all
 * of them, so they hold no per-loop state.
 */
@FunctionalInterface
public interface RouteModule {

    void mount(Router router);
}
