package dev.switchyard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.AccountStore.Outcome;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.routing.ProviderPreferences;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Workspace and key management, the one place that turns a request (a JSON body, from the management API or built by
 * the CLI) into a store change. Blocking: call it on a worker thread. Refusals are {@link GatewayError}s: 400 naming
 * the field, 404, or 409.
 */
public final class AccountService {

    /** Workspace ids: lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64. */
    static final Pattern WORKSPACE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final AccountStore store;
    private final ApiKeys secrets;
    private final SecureRandom random;
    private final WallClock clock;
    private final AccountChanges changes;

    public AccountService(AccountStore store, SecureRandom random, WallClock clock, AccountChanges changes) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
        this.secrets = new ApiKeys(random);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /**
     * A key just created, with its secret: the only time the secret exists outside its holder.
     *
     * @param key as stored
     * @param secret the whole secret, to hand over once
     */
    public record CreatedKey(ApiKey key, String secret) {
        /** Never the secret. */
        @Override
        public String toString() {
            return "CreatedKey[" + key.hash() + "]";
        }
    }

    /** Creates a key from an OpenRouter-shaped create body plus Switchyard's fields. */
    public CreatedKey createKey(JsonNode body) {
        AccountEdit edit = AccountEdit.read(body, AccountEdit.KEY_CREATE);
        long now = clock.epochMillis();
        String workspaceId = edit.text("workspace_id", Workspace.DEFAULT_ID);
        ApiKeys.Minted minted = secrets.mint();
        ApiKey key = new ApiKey(minted.hash(), minted.label(), workspaceId, edit.name(""), edit.role(),
                edit.disabled(false), edit.expiresAt(OptionalLong.empty(), now, true), edit.limits(Limits.NONE),
                edit.budget(Optional.empty()), edit.policy(ProviderPreferences.NONE), edit.metadata(Map.of()), now,
                now);
        Outcome outcome = store.createKey(key);
        if (outcome == Outcome.NOT_FOUND) {
            throw GatewayError.builder(ErrorKind.INVALID_REQUEST, "'workspace_id' " + workspaceId
                    + " does not exist").param("workspace_id").build();
        }
        if (outcome == Outcome.CONFLICT) {
            throw conflict("a key with this label already exists; try again");
        }
        changes.keyChanged(key);
        return new CreatedKey(key, minted.secret());
    }

    /** The key by hash, or by label ({@code sk-swy-…} prefix); 404 otherwise. */
    public ApiKey key(String hashOrLabel) {
        Optional<ApiKey> found = hashOrLabel.startsWith(ApiKeys.PREFIX)
                ? store.keyByLabel(hashOrLabel) : store.keyByHash(hashOrLabel);
        return found.orElseThrow(() -> notFound("key '" + hashOrLabel + "' not found", "hash"));
    }

    /** Keys, oldest first, optionally of one workspace and without disabled ones. */
    public List<ApiKey> keys(Optional<String> workspaceId, boolean includeDisabled) {
        List<ApiKey> all = workspaceId.isPresent() ? store.keysIn(workspaceId.get()) : store.keys();
        return includeDisabled ? all : all.stream().filter(k -> !k.disabled()).toList();
    }

    /** Applies an update body to a key. */
    public ApiKey updateKey(String hashOrLabel, JsonNode body) {
        AccountEdit edit = AccountEdit.read(body, AccountEdit.KEY_UPDATE);
        ApiKey updated = edit.applyTo(key(hashOrLabel), clock.epochMillis());
        if (store.updateKey(updated) != Outcome.DONE) {
            throw notFound("key '" + hashOrLabel + "' not found", "hash");
        }
        changes.keyChanged(updated);
        return updated;
    }

    /** Deletes a key; returns it as it was. */
    public ApiKey deleteKey(String hashOrLabel) {
        ApiKey k = key(hashOrLabel);
        if (store.deleteKey(k.hash()) != Outcome.DONE) {
            throw notFound("key '" + hashOrLabel + "' not found", "hash");
        }
        changes.keyChanged(k);
        return k;
    }

    /** Creates a workspace; without an {@code id}, one is drawn ({@code ws-…}). */
    public Workspace createWorkspace(JsonNode body) {
        AccountEdit edit = AccountEdit.read(body, AccountEdit.WORKSPACE_CREATE);
        String id = edit.text("id", "");
        if (id.isEmpty()) {
            id = newWorkspaceId();
        } else if (!WORKSPACE_ID.matcher(id).matches()) {
            throw GatewayError.invalidRequest("'id' " + id + " must be 1 to 64 lower-case letters, digits, '-' or "
                    + "'_', starting with a letter or digit", "id");
        }
        Workspace w = edit.applyTo(new Workspace(id, "", Limits.NONE, Optional.empty(), ProviderPreferences.NONE,
                false, Map.of(), clock.epochMillis()));
        if (store.createWorkspace(w) != Outcome.DONE) {
            throw conflict("workspace '" + id + "' already exists");
        }
        changes.workspaceChanged(id);
        return w;
    }

    public Workspace workspace(String id) {
        return store.workspace(id).orElseThrow(() -> notFound("workspace '" + id + "' not found", "id"));
    }

    public List<Workspace> workspaces() {
        return store.workspaces();
    }

    public Workspace updateWorkspace(String id, JsonNode body) {
        AccountEdit edit = AccountEdit.read(body, AccountEdit.WORKSPACE_UPDATE);
        Workspace updated = edit.applyTo(workspace(id));
        if (store.updateWorkspace(updated) != Outcome.DONE) {
            throw notFound("workspace '" + id + "' not found", "id");
        }
        changes.workspaceChanged(id);
        return updated;
    }

    /** Deletes a workspace that has no keys (409 otherwise; the default workspace is never deleted). */
    public Workspace deleteWorkspace(String id) {
        Workspace w = workspace(id);
        if (Workspace.DEFAULT_ID.equals(id)) {
            throw conflict("the default workspace cannot be deleted");
        }
        switch (store.deleteWorkspace(id)) {
            case DONE -> changes.workspaceChanged(id);
            case NOT_FOUND -> throw notFound("workspace '" + id + "' not found", "id");
            case CONFLICT -> throw conflict("workspace '" + id + "' still has keys; delete them first");
        }
        return w;
    }

    private String newWorkspaceId() {
        char[] out = new char[12];
        for (int i = 0; i < out.length; i++) {
            out[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return "ws-" + new String(out);
    }

    static GatewayError notFound(String message, String param) {
        return GatewayError.builder(ErrorKind.NOT_FOUND, message).param(param).code("not_found").build();
    }

    static GatewayError conflict(String message) {
        return GatewayError.builder(ErrorKind.INVALID_REQUEST, message).status(409).code("conflict").build();
    }
}
