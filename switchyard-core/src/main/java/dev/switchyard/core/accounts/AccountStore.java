package dev.switchyard.core.accounts;

import java.util.List;
import java.util.Optional;

/**
 * Where workspaces and keys live. Blocking (JDBC): call it on a worker thread, never on an event loop. Every
 * operation is atomic on its own, so that a shared database (PostgreSQL) can implement it with one statement or one
 * short transaction each. The workspace {@link Workspace#DEFAULT_ID} always exists.
 */
public interface AccountStore extends AutoCloseable {

    /** What a write did. */
    enum Outcome {
        /** Written. */
        DONE,
        /** The thing to change, or the workspace a new key names, does not exist. */
        NOT_FOUND,
        /** Creating: the id, hash or label is taken. Deleting a workspace: it still has keys. */
        CONFLICT
    }

    /** Adds a workspace; {@link Outcome#CONFLICT} when the id is taken. */
    Outcome createWorkspace(Workspace workspace);

    Optional<Workspace> workspace(String id);

    /** Every workspace, by id. */
    List<Workspace> workspaces();

    /** Replaces a workspace's fields (its id and creation time stay); {@link Outcome#NOT_FOUND} when absent. */
    Outcome updateWorkspace(Workspace workspace);

    /** Deletes a workspace that has no keys; {@link Outcome#CONFLICT} when it still has some. */
    Outcome deleteWorkspace(String id);

    /**
     * Adds a key; {@link Outcome#NOT_FOUND} when its workspace does not exist, {@link Outcome#CONFLICT} when its hash
     * or label is taken.
     */
    Outcome createKey(ApiKey key);

    Optional<ApiKey> keyByHash(String hash);

    Optional<ApiKey> keyByLabel(String label);

    /** The key with this label and its workspace, read together. */
    Optional<Caller> callerByLabel(String label);

    /** Every key, oldest first. */
    List<ApiKey> keys();

    /** The keys of one workspace, oldest first. */
    List<ApiKey> keysIn(String workspaceId);

    /**
     * Replaces a key's fields (hash, label, workspace and creation time stay); {@link Outcome#NOT_FOUND} when absent.
     */
    Outcome updateKey(ApiKey key);

    /** Deletes a key; {@link Outcome#NOT_FOUND} when absent. */
    Outcome deleteKey(String hash);

    /** How many inference keys exist, disabled or expired ones included. */
    long inferenceKeyCount();

    /** Releases connections. */
    @Override
    void close();
}
