package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.CachedKeyDirectory;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.routing.ProviderPreferences;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key directory's cache: hits, misses, the bounded negative cache, expiry on an injected ticker, invalidation. */
class CachedKeyDirectoryTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final InMemoryAccountStore store = new InMemoryAccountStore();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ApiKeys secrets = new ApiKeys(new SecureRandom());

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private CachedKeyDirectory directory(int maxAbsent) {
        return new CachedKeyDirectory(vertx, store, nanos::get, TTL, maxAbsent);
    }

    private ApiKeys.Minted add(KeyRole role, boolean disabled, OptionalLong expires) {
        ApiKeys.Minted m = secrets.mint();
        store.createKey(new ApiKey(m.hash(), m.label(), Workspace.DEFAULT_ID, "k", role, disabled, expires,
                Limits.NONE, Optional.empty(), ProviderPreferences.NONE, Map.of(), 1, 1));
        return m;
    }

    private static Optional<Caller> lookup(CachedKeyDirectory d, String secret) {
        return d.lookup(secret).await();
    }

    @Test
    void aHitAnswersFromMemoryAfterOneStoreRead() {
        ApiKeys.Minted m = add(KeyRole.INFERENCE, false, OptionalLong.empty());
        CachedKeyDirectory d = directory(100);
        assertThat(lookup(d, m.secret())).map(c -> c.key().hash()).contains(m.hash());
        assertThat(lookup(d, m.secret())).map(c -> c.key().hash()).contains(m.hash());
        assertThat(lookup(d, m.secret())).map(c -> c.workspace().id()).contains(Workspace.DEFAULT_ID);
        assertThat(store.labelReads).hasValue(1);
    }

    @Test
    void aWrongSecretWithAKnownLabelIsRefusedByTheHashCompare() {
        ApiKeys.Minted m = add(KeyRole.INFERENCE, false, OptionalLong.empty());
        CachedKeyDirectory d = directory(100);
        char last = m.secret().charAt(m.secret().length() - 1);
        String forged = m.secret().substring(0, m.secret().length() - 1) + (last == 'a' ? 'b' : 'a');
        assertThat(lookup(d, forged)).as("miss path").isEmpty();
        assertThat(lookup(d, m.secret())).as("the real one still works").isPresent();
        assertThat(lookup(d, forged)).as("hit path").isEmpty();
        assertThat(store.labelReads).hasValue(1);
    }

    @Test
    void malformedSecretsNeverReachTheStore() {
        CachedKeyDirectory d = directory(100);
        assertThat(lookup(d, "")).isEmpty();
        assertThat(lookup(d, "sk-or-v1-abc")).isEmpty();
        assertThat(lookup(d, ApiKeys.PREFIX + "!".repeat(ApiKeys.BODY_CHARS))).isEmpty();
        assertThat(lookup(d, secrets.mint().secret() + "x")).isEmpty();
        assertThat(store.labelReads).hasValue(0);
    }

    @Test
    void unknownLabelsAreRememberedWithinABound() {
        CachedKeyDirectory d = directory(3);
        String unknown = secrets.mint().secret();
        assertThat(lookup(d, unknown)).isEmpty();
        assertThat(lookup(d, unknown)).isEmpty();
        assertThat(store.labelReads).as("the second miss is answered from the negative cache").hasValue(1);
        for (int i = 0; i < 10; i++) {
            lookup(d, secrets.mint().secret());
            assertThat(d.absentCount()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void answersExpireOnTheTickerSoOtherProcessesChangesAreSeen() {
        ApiKeys.Minted m = add(KeyRole.INFERENCE, false, OptionalLong.empty());
        CachedKeyDirectory d = directory(100);
        String unknown = secrets.mint().secret();
        lookup(d, m.secret());
        lookup(d, unknown);
        ApiKey k = store.keyByHash(m.hash()).orElseThrow();
        store.updateKey(new ApiKey(k.hash(), k.label(), k.workspaceId(), k.name(), k.role(), true,
                k.expiresAtMillis(), k.limits(), k.budget(), k.policy(), k.metadata(), 1, 2));
        nanos.addAndGet(TTL.toNanos() - 1);
        assertThat(lookup(d, m.secret()).orElseThrow().key().disabled()).as("still cached").isFalse();
        nanos.addAndGet(1);
        assertThat(lookup(d, m.secret()).orElseThrow().key().disabled()).as("read again").isTrue();
        lookup(d, unknown);
        assertThat(store.labelReads).hasValue(4);
    }

    @Test
    void invalidationTakesEffectAtOnce() {
        ApiKeys.Minted m = add(KeyRole.INFERENCE, false, OptionalLong.empty());
        CachedKeyDirectory d = directory(100);
        lookup(d, m.secret());
        store.deleteKey(m.hash());
        d.invalidate(m.label());
        assertThat(lookup(d, m.secret())).isEmpty();
        ApiKeys.Minted later = secrets.mint();
        assertThat(lookup(d, later.secret())).isEmpty();
        store.createKey(new ApiKey(later.hash(), later.label(), Workspace.DEFAULT_ID, "k", KeyRole.ADMIN, false,
                OptionalLong.empty(), Limits.NONE, Optional.empty(), ProviderPreferences.NONE, Map.of(), 1, 1));
        d.invalidateAll();
        assertThat(lookup(d, later.secret())).as("a negative answer is dropped too").isPresent();
    }

    @Test
    void disabledAndExpiredKeysAreReturnedForTheCallerToRefuse() {
        ApiKeys.Minted disabled = add(KeyRole.INFERENCE, true, OptionalLong.empty());
        ApiKeys.Minted expired = add(KeyRole.INFERENCE, false, OptionalLong.of(5));
        CachedKeyDirectory d = directory(100);
        assertThat(lookup(d, disabled.secret()).orElseThrow().key().disabled()).isTrue();
        assertThat(lookup(d, expired.secret()).orElseThrow().key().usableAt(10)).isFalse();
    }

    @Test
    void inferenceKeysAreCountedAndRecounted() {
        CachedKeyDirectory d = directory(100);
        assertThat(d.hasInferenceKeys()).isFalse();
        add(KeyRole.ADMIN, false, OptionalLong.empty());
        d.recount();
        assertThat(d.hasInferenceKeys()).as("admin keys do not count").isFalse();
        add(KeyRole.INFERENCE, false, OptionalLong.empty());
        assertThat(d.hasInferenceKeys()).as("until the TTL passes").isFalse();
        nanos.addAndGet(TTL.toNanos());
        TestGateway.await("a background recount", d::hasInferenceKeys);
    }

    @Test
    void concurrentMissesShareOneRead() {
        ApiKeys.Minted m = add(KeyRole.INFERENCE, false, OptionalLong.empty());
        CachedKeyDirectory d = directory(100);
        var first = d.lookup(m.secret());
        var second = d.lookup(m.secret());
        assertThat(first.await()).isPresent();
        assertThat(second.await()).isPresent();
        assertThat(store.labelReads).hasValue(1);
    }

    @Test
    void aHitCostsMicroseconds() {
        ApiKeys.Minted m = add(KeyRole.INFERENCE, false, OptionalLong.empty());
        CachedKeyDirectory d = directory(100);
        lookup(d, m.secret());
        for (int i = 0; i < 20_000; i++) {
            d.lookup(m.secret());
        }
        int n = 100_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!d.lookup(m.secret()).succeeded()) {
                throw new AssertionError("a hit must answer at once");
            }
        }
        long perHit = (System.nanoTime() - start) / n;
        // generous: a hit is about a microsecond (one SHA-256 of 55 bytes); the bound only catches a store read
        assertThat(perHit).as("nanoseconds per hit").isLessThan(50_000);
    }
}
