package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.AccountStore.Outcome;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.routing.ProviderPreferences;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountStore} must do, whatever the database. A backend's test extends this and says how to open
 * an empty store.
 */
abstract class AccountStoreContract {

    protected AccountStore store;
    private final ApiKeys secrets = new ApiKeys(new SecureRandom());

    /** A new, empty store (the default workspace present). */
    protected abstract AccountStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected ApiKey key(String workspace, KeyRole role) {
        ApiKeys.Minted m = secrets.mint();
        return new ApiKey(m.hash(), m.label(), workspace, "key " + m.label(), role, false, OptionalLong.empty(),
                Limits.NONE, Optional.empty(), ProviderPreferences.NONE, Map.of(), 1_000, 1_000);
    }

    protected static Workspace workspace(String id) {
        return new Workspace(id, "Team " + id, Limits.NONE, Optional.empty(), ProviderPreferences.NONE, false,
                Map.of(), 500);
    }

    @Test
    void theDefaultWorkspaceExists() {
        assertThat(store.workspace(Workspace.DEFAULT_ID)).isPresent();
        assertThat(store.workspaces()).extracting(Workspace::id).contains(Workspace.DEFAULT_ID);
        assertThat(store.deleteWorkspace(Workspace.DEFAULT_ID)).isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void workspacesAreCreatedOnceUpdatedAndDeleted() {
        Workspace w = workspace("ws-a");
        assertThat(store.createWorkspace(w)).isEqualTo(Outcome.DONE);
        assertThat(store.createWorkspace(w)).isEqualTo(Outcome.CONFLICT);
        assertThat(store.workspace("ws-a")).contains(w);
        Workspace changed = new Workspace("ws-a", "Renamed", new Limits(10, 1000, 2, Set.of("a/b"), Set.of("p")),
                Optional.of(new Budget(5_000_000_000_000L, Period.WEEKLY)), ProviderPreferences.NONE, true,
                Map.of("team", "x"), 999);
        assertThat(store.updateWorkspace(changed)).isEqualTo(Outcome.DONE);
        Workspace read = store.workspace("ws-a").orElseThrow();
        assertThat(read.name()).isEqualTo("Renamed");
        assertThat(read.limits()).isEqualTo(changed.limits());
        assertThat(read.budget()).isEqualTo(changed.budget());
        assertThat(read.disabled()).isTrue();
        assertThat(read.metadata()).isEqualTo(Map.of("team", "x"));
        assertThat(read.createdAtMillis()).as("creation time stays").isEqualTo(500);
        assertThat(store.updateWorkspace(workspace("ws-missing"))).isEqualTo(Outcome.NOT_FOUND);
        assertThat(store.deleteWorkspace("ws-a")).isEqualTo(Outcome.DONE);
        assertThat(store.deleteWorkspace("ws-a")).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void aWorkspaceWithKeysIsNotDeleted() {
        store.createWorkspace(workspace("ws-b"));
        ApiKey k = key("ws-b", KeyRole.INFERENCE);
        assertThat(store.createKey(k)).isEqualTo(Outcome.DONE);
        assertThat(store.deleteWorkspace("ws-b")).isEqualTo(Outcome.CONFLICT);
        store.deleteKey(k.hash());
        assertThat(store.deleteWorkspace("ws-b")).isEqualTo(Outcome.DONE);
    }

    @Test
    void keysRoundTripWithEveryField() throws Exception {
        ApiKeys.Minted m = secrets.mint();
        ProviderPreferences policy = ProviderPreferences.fromJson(new ObjectMapper().readTree("""
                {"order":["sim"],"allow_fallbacks":false,"data_collection":"deny","ignore":["x"],
                 "only":["sim","y"],"sort":{"by":"price","partition":"none"},
                 "max_price":{"prompt":1.5,"completion":2,"request":0.01},"preferred_min_throughput":20}"""));
        ApiKey k = new ApiKey(m.hash(), m.label(), Workspace.DEFAULT_ID, "full", KeyRole.ADMIN, true,
                OptionalLong.of(123_456), new Limits(60, 10_000, 3, Set.of("test/echo"), Set.of("sim")),
                Optional.of(new Budget(2_500_000_000_000L, Period.MONTHLY)), policy, Map.of("owner", "ops"), 10, 20);
        assertThat(store.createKey(k)).isEqualTo(Outcome.DONE);
        assertThat(store.keyByHash(m.hash())).contains(k);
        assertThat(store.keyByLabel(m.label())).contains(k);
        Caller c = store.callerByLabel(m.label()).orElseThrow();
        assertThat(c.key()).isEqualTo(k);
        assertThat(c.workspace().id()).isEqualTo(Workspace.DEFAULT_ID);
    }

    @Test
    void keysAreCreatedOnceAndOnlyInExistingWorkspaces() {
        ApiKey k = key(Workspace.DEFAULT_ID, KeyRole.INFERENCE);
        assertThat(store.createKey(k)).isEqualTo(Outcome.DONE);
        assertThat(store.createKey(k)).isEqualTo(Outcome.CONFLICT);
        assertThat(store.createKey(key("ws-nowhere", KeyRole.INFERENCE))).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void keysAreListedUpdatedDeletedAndCounted() {
        store.createWorkspace(workspace("ws-c"));
        ApiKey a = key(Workspace.DEFAULT_ID, KeyRole.INFERENCE);
        ApiKey b = key("ws-c", KeyRole.INFERENCE);
        ApiKey admin = key(Workspace.DEFAULT_ID, KeyRole.ADMIN);
        assertThat(store.inferenceKeyCount()).isZero();
        store.createKey(a);
        store.createKey(b);
        store.createKey(admin);
        assertThat(store.inferenceKeyCount()).isEqualTo(2);
        assertThat(store.keys()).hasSize(3);
        assertThat(store.keysIn("ws-c")).containsExactly(b);
        ApiKey disabled = new ApiKey(a.hash(), a.label(), a.workspaceId(), "renamed", a.role(), true,
                OptionalLong.of(5), a.limits(), a.budget(), a.policy(), a.metadata(), a.createdAtMillis(), 2_000);
        assertThat(store.updateKey(disabled)).isEqualTo(Outcome.DONE);
        assertThat(store.keyByHash(a.hash())).contains(disabled);
        assertThat(store.deleteKey(a.hash())).isEqualTo(Outcome.DONE);
        assertThat(store.deleteKey(a.hash())).isEqualTo(Outcome.NOT_FOUND);
        assertThat(store.updateKey(disabled)).isEqualTo(Outcome.NOT_FOUND);
        assertThat(store.keyByLabel(a.label())).isEmpty();
        assertThat(store.callerByLabel(a.label())).isEmpty();
        assertThat(store.inferenceKeyCount()).isEqualTo(1);
    }
}
