package dev.switchyard.core.accounts;

import dev.switchyard.core.CallerContext;
import dev.switchyard.core.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KeyDirectory} over an {@link AccountStore}, with an in-memory cache in front of it.
 *
 * <p><b>Hit.</b> The label is cut from the presented secret, the cached entry found, and the secret's SHA-256 compared
 * with the stored one in constant time ({@link ApiKeys#matches}). The answer future is built once per entry, so a hit
 * allocates only the label, the secret's bytes and its digest.
 *
 * <p><b>Miss.</b> The store is read on a worker thread ({@code executeBlocking}, unordered); concurrent misses for one
 * label share one read. A label the store does not know is remembered as absent too, so random labels cannot make every
 * request reach the database; that negative cache holds at most {@code maxAbsent} labels and is emptied when full.
 *
 * <p><b>Freshness.</b> Entries live for {@code ttl} on the injected {@link Ticker}, so a change made by another process
 * (the CLI) is seen within it. Changes made in this process call {@link #invalidate} or {@link #invalidateAll}, which
 * take effect at once: a read that was in flight when they were called is not cached.
 *
 * <p>Keys are returned whatever their state (disabled, expired, in a disabled workspace): the caller refuses them.
 */
public final class CachedKeyDirectory implements KeyDirectory {

    /** The default time a cached answer is trusted. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** The default bound on remembered unknown labels. */
    public static final int DEFAULT_MAX_ABSENT = 10_000;

    private static final Future<Optional<Caller>> NONE = Future.succeededFuture(Optional.empty());

    private final Vertx vertx;
    private final AccountStore store;
    private final Ticker ticker;
    private final long ttlNanos;
    private final int maxAbsent;
    private final ConcurrentHashMap<String, Entry> found = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> absentUntil = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Future<Optional<Entry>>> loading = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile boolean inferenceKeys;
    private volatile long countedAt;

    /**
     * Builds the directory and counts the inference keys once; a blocking store read, so construct it off the event
     * loop.
     *
     * @param vertx whose worker pool reads the store
     * @param store where keys live
     * @param ticker the clock cached answers expire on
     * @param ttl how long a cached answer (found or absent) is trusted, {@link #DEFAULT_TTL} by default
     * @param maxAbsent how many unknown labels are remembered at most, {@link #DEFAULT_MAX_ABSENT} by default
     */
    public CachedKeyDirectory(Vertx vertx, AccountStore store, Ticker ticker, Duration ttl, int maxAbsent) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.store = Objects.requireNonNull(store, "store");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: >= 0)");
        }
        if (maxAbsent < 1) {
            throw new IllegalArgumentException("maxAbsent: " + maxAbsent + " (expected: >= 1)");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxAbsent = maxAbsent;
        recount();
    }

    /** With the default TTL and negative-cache bound, on the system ticker. */
    public CachedKeyDirectory(Vertx vertx, AccountStore store) {
        this(vertx, store, Ticker.system(), DEFAULT_TTL, DEFAULT_MAX_ABSENT);
    }

    @Override
    public Future<Optional<Caller>> lookup(String presentedSecret) {
        if (!ApiKeys.looksLikeSecret(presentedSecret)) {
            return NONE;
        }
        String label = presentedSecret.substring(0, ApiKeys.LABEL_LENGTH);
        long now = ticker.nanos();
        Entry hit = found.get(label);
        if (hit != null && now - hit.expiresAt < 0) {
            return verify(presentedSecret, hit);
        }
        Long absent = absentUntil.get(label);
        if (absent != null && now - absent < 0) {
            return NONE;
        }
        return CallerContext.resume(load(label)).compose(e -> e.isPresent() ? verify(presentedSecret, e.get()) : NONE);
    }

    @Override
    public boolean hasInferenceKeys() {
        if (ticker.nanos() - countedAt >= ttlNanos && counting.compareAndSet(false, true)) {
            vertx.executeBlocking(store::inferenceKeyCount, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    inferenceKeys = ar.result() > 0;
                    countedAt = ticker.nanos();
                }
                counting.set(false);
            });
        }
        return inferenceKeys;
    }

    /** Forgets what is cached about one label (found or absent), at once. */
    public void invalidate(String label) {
        generation.incrementAndGet();
        found.remove(label);
        absentUntil.remove(label);
    }

    /** Forgets everything cached, at once (a workspace changed: every key in it may answer differently). */
    public void invalidateAll() {
        generation.incrementAndGet();
        found.clear();
        absentUntil.clear();
    }

    /** Recounts the inference keys now. Blocking: call it on a worker thread, e.g. right after a change. */
    public void recount() {
        inferenceKeys = store.inferenceKeyCount() > 0;
        countedAt = ticker.nanos();
    }

    /** How many unknown labels are remembered now (for tests and metrics). */
    public int absentCount() {
        return absentUntil.size();
    }

    private static Future<Optional<Caller>> verify(String secret, Entry e) {
        return ApiKeys.matches(secret, e.digest) ? e.answer : NONE;
    }

    /** One store read per label at a time: concurrent misses share it. */
    private Future<Optional<Entry>> load(String label) {
        Future<Optional<Entry>> pending = loading.get(label);
        if (pending != null) {
            return pending;
        }
        Promise<Optional<Entry>> promise = Promise.promise();
        Future<Optional<Entry>> mine = promise.future();
        Future<Optional<Entry>> raced = loading.putIfAbsent(label, mine);
        if (raced != null) {
            return raced;
        }
        long gen = generation.get();
        vertx.executeBlocking(() -> store.callerByLabel(label), false)
                .map(caller -> remember(label, caller, gen))
                .onComplete(ar -> {
                    loading.remove(label, mine);
                    promise.handle(ar);
                });
        return mine;
    }

    private Optional<Entry> remember(String label, Optional<Caller> caller, long gen) {
        long expiresAt = ticker.nanos() + ttlNanos;
        if (caller.isEmpty()) {
            if (generation.get() == gen) {
                found.remove(label);
                if (absentUntil.size() >= maxAbsent) {
                    absentUntil.clear();
                }
                absentUntil.put(label, expiresAt);
            }
            return Optional.empty();
        }
        Caller c = caller.get();
        Entry e = new Entry(HexFormat.of().parseHex(c.key().hash()), Future.succeededFuture(Optional.of(c)), expiresAt);
        if (generation.get() == gen) {
            absentUntil.remove(label);
            found.put(label, e);
        }
        return Optional.of(e);
    }

    /** A found key: its stored digest, the answer handed out on a match, and when to read the store again. */
    private record Entry(byte[] digest, Future<Optional<Caller>> answer, long expiresAt) {
    }
}
