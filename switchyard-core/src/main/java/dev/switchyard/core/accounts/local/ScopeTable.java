package dev.switchyard.core.accounts.local;

import dev.switchyard.core.accounts.Scope;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The per-scope state of an engine, each entry with its own lock, and the one way to lock several of them: in a
 * canonical order (the entry's creation number), so two calls over the same key and workspace can never deadlock.
 *
 * <p>An entry may be evicted by {@link #sweep} only while nobody holds its lock; it is then marked dead and removed
 * from the map. A caller that looked an entry up before the eviction and locks it afterwards sees it dead, lets go of
 * everything and looks the scopes up again, so no update ever lands on an evicted entry.
 */
final class ScopeTable<E extends ScopeTable.Entry> {

    /** The lockable part of every entry. Fields other than the lock are guarded by it. */
    abstract static class Entry {
        final ReentrantLock lock = new ReentrantLock();
        /** The canonical lock order: creation number, unique per table. */
        final long order;
        /** Set, under the lock, when the entry is evicted; a dead entry is never changed again. */
        boolean dead;

        Entry(long order) {
            this.order = order;
        }
    }

    private static final Comparator<Entry> LOCK_ORDER = Comparator.comparingLong(e -> e.order);

    private final ConcurrentHashMap<Scope, E> entries = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final LongFunction<E> factory;
    private final Object sweepLock = new Object();
    private volatile long nextSweepAt = Long.MIN_VALUE;

    ScopeTable(LongFunction<E> factory) {
        this.factory = factory;
    }

    /** The entry of {@code scope}, if it has one. */
    E peek(Scope scope) {
        return entries.get(scope);
    }

    /** How many scopes have an entry. */
    int size() {
        return entries.size();
    }

    /**
     * Looks up (creating when absent) the entry of each of {@code scopes[0..n)} into {@code out} (aligned with
     * {@code scopes}) and locks all of them in canonical order. The same scope given twice gets the same entry, locked
     * twice (the locks are reentrant); {@link #unlockAll} releases both.
     */
    void lockAll(Scope[] scopes, int n, Entry[] out) {
        while (true) {
            for (int i = 0; i < n; i++) {
                E e = entries.get(scopes[i]);
                out[i] = e != null ? e
                        : entries.computeIfAbsent(scopes[i], s -> factory.apply(created.incrementAndGet()));
            }
            if (n == 1) {
                out[0].lock.lock();
            } else if (n == 2) {
                Entry a = out[0];
                Entry b = out[1];
                if (a.order <= b.order) {
                    a.lock.lock();
                    b.lock.lock();
                } else {
                    b.lock.lock();
                    a.lock.lock();
                }
            } else if (n > 2) {
                Entry[] ordered = Arrays.copyOf(out, n);
                Arrays.sort(ordered, LOCK_ORDER);
                for (Entry e : ordered) {
                    e.lock.lock();
                }
            }
            boolean anyDead = false;
            for (int i = 0; i < n; i++) {
                anyDead |= out[i].dead;
            }
            if (!anyDead) {
                return;
            }
            unlockAll(out, n);
        }
    }

    /** Releases the locks taken by {@link #lockAll}. */
    static void unlockAll(Entry[] locked, int n) {
        for (int i = n - 1; i >= 0; i--) {
            locked[i].lock.unlock();
        }
    }

    /**
     * Evicts every entry for which {@code evictable} holds, judged under its lock. Entries locked by a caller at this
     * moment are skipped (they are in use). Never blocks.
     *
     * @return how many entries were evicted
     */
    int sweep(Predicate<E> evictable) {
        int evicted = 0;
        for (Map.Entry<Scope, E> me : entries.entrySet()) {
            E e = me.getValue();
            if (!e.lock.tryLock()) {
                continue;
            }
            try {
                if (!e.dead && evictable.test(e)) {
                    e.dead = true;
                    entries.remove(me.getKey(), e);
                    evicted++;
                }
            } finally {
                e.lock.unlock();
            }
        }
        return evicted;
    }

    /**
     * Runs {@link #sweep} when {@code everyMillis} have passed since the last lazy sweep (the first call after that
     * runs it; concurrent calls do not both sweep).
     */
    void maybeSweep(long nowMillis, long everyMillis, Predicate<E> evictable) {
        long due = nextSweepAt;
        if (nowMillis < due) {
            return;
        }
        synchronized (sweepLock) {
            if (nextSweepAt != due) {
                return;
            }
            nextSweepAt = nowMillis > Long.MAX_VALUE - everyMillis ? Long.MAX_VALUE : nowMillis + everyMillis;
        }
        sweep(evictable);
    }
}
