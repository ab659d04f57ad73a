package dev.switchyard.core.accounts;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Finds the caller behind a presented secret, without blocking the event loop: a cached key answers at once, a miss
 * reads the store on a worker thread. The secret is never kept; it is hashed and compared in constant time.
 */
public interface KeyDirectory {

    /**
     * The key and workspace the secret belongs to, whatever their state (disabled, expired): the caller decides what
     * to refuse. Empty when no key matches.
     */
    Future<Optional<Caller>> lookup(String presentedSecret);

    /** Whether any inference key exists; a loopback gateway without one serves without keys. */
    boolean hasInferenceKeys();
}
