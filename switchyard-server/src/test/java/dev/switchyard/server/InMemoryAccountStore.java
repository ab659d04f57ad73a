package dev.switchyard.server;

import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.routing.ProviderPreferences;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An account store in maps, counting the label reads that reach it; for directory tests. */
final class InMemoryAccountStore implements AccountStore {

    final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
    final Map<String, Workspace> workspaces = new ConcurrentHashMap<>();
    final AtomicInteger labelReads = new AtomicInteger();
    final AtomicInteger counts = new AtomicInteger();

    InMemoryAccountStore() {
        workspaces.put(Workspace.DEFAULT_ID, new Workspace(Workspace.DEFAULT_ID, "Default", Limits.NONE,
                Optional.empty(), ProviderPreferences.NONE, false, Map.of(), 0));
    }

    @Override
    public Outcome createWorkspace(Workspace w) {
        return workspaces.putIfAbsent(w.id(), w) == null ? Outcome.DONE : Outcome.CONFLICT;
    }

    @Override
    public Optional<Workspace> workspace(String id) {
        return Optional.ofNullable(workspaces.get(id));
    }

    @Override
    public List<Workspace> workspaces() {
        return List.copyOf(workspaces.values());
    }

    @Override
    public Outcome updateWorkspace(Workspace w) {
        return workspaces.replace(w.id(), w) != null ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    @Override
    public Outcome deleteWorkspace(String id) {
        return workspaces.remove(id) != null ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    @Override
    public Outcome createKey(ApiKey k) {
        return keys.putIfAbsent(k.hash(), k) == null ? Outcome.DONE : Outcome.CONFLICT;
    }

    @Override
    public Optional<ApiKey> keyByHash(String hash) {
        return Optional.ofNullable(keys.get(hash));
    }

    @Override
    public Optional<ApiKey> keyByLabel(String label) {
        return keys.values().stream().filter(k -> k.label().equals(label)).findFirst();
    }

    @Override
    public Optional<Caller> callerByLabel(String label) {
        labelReads.incrementAndGet();
        return keyByLabel(label).map(k -> new Caller(k, workspaces.get(k.workspaceId())));
    }

    @Override
    public List<ApiKey> keys() {
        return List.copyOf(keys.values());
    }

    @Override
    public List<ApiKey> keysIn(String workspaceId) {
        return keys.values().stream().filter(k -> k.workspaceId().equals(workspaceId)).toList();
    }

    @Override
    public Outcome updateKey(ApiKey k) {
        return keys.replace(k.hash(), k) != null ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    @Override
    public Outcome deleteKey(String hash) {
        return keys.remove(hash) != null ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    @Override
    public long inferenceKeyCount() {
        counts.incrementAndGet();
        return keys.values().stream().filter(k -> k.role() == KeyRole.INFERENCE).count();
    }

    @Override
    public void close() {
    }
}
