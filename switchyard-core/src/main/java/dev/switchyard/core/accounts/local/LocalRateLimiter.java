package dev.switchyard.core.accounts.local;

import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.RateDecision;
import dev.switchyard.core.accounts.RateDecision.Kind;
import dev.switchyard.core.accounts.RateDecision.Standing;
import dev.switchyard.core.accounts.RateLimiter;
import dev.switchyard.core.accounts.Scope;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The in-process {@link RateLimiter}: requests per minute, tokens per minute and concurrent requests for each scope,
 * decided and charged atomically across a key and its workspace.
 *
 * <h2>Requests per minute: exact over any rolling 60 seconds</h2>
 * Each scope keeps the admission times of its recent requests in a ring, oldest first, and the ring always holds every
 * admission still inside the window. A request is admitted at {@code now} iff fewer than {@code N} requests were
 * admitted in {@code (now − 60 s, now]}, that is iff the ring holds fewer than {@code N} times or the {@code N}-th
 * newest of them is at least 60 s old. That is one comparison and one store per admission (O(1); the new time takes the
 * slot of the oldest when that one has left the window). "Remaining" needs the count inside the window: a pointer past
 * the admissions that have left it moves forward with the clock (amortised O(1)), and a caller whose clock is behind
 * the latest one seen does a binary search over the sorted ring (O(log N)). So {@code N} requests at {@code t} refuse
 * the next one until exactly {@code t + 60 000} ms: at {@code t + 59 999} it is refused, at {@code t + 60 000}
 * admitted. The ring starts at 16 slots and doubles, up to {@code N}, only when everything it holds is still inside the
 * window, so it is as large as the busiest minute seen (at most {@code 8·N} bytes), not as the limit. A limit raised
 * needs nothing; a limit lowered keeps the admissions inside the window and drops the rest, which no later window can
 * contain: the decision stays exact across any sequence of limits. Times are kept non-decreasing: a caller whose clock
 * is behind the newest recorded time (event loops read the clock separately) is recorded at that newest time, which can
 * only delay, never hasten, later admissions. While a scope's limit is 0 its admissions are not recorded; a limit
 * switched on counts from then.
 *
 * <h2>Tokens per minute: one-second buckets, never over-admitting</h2>
 * Tokens are charged to the bucket of the second they were admitted in, and a bucket counts until 61 whole seconds
 * after its second began, so a charge at {@code t} counts for between 60 and 61 seconds: every rolling 60 s window sees
 * it, and it is released at most 1 s late. Admission checks the running sum of the live buckets plus the estimate
 * against the limit. {@link #settle} replaces the estimate by the actual count in the very bucket it was charged to, if
 * that bucket is still live; a request settled more than 60 s after it was admitted no longer counts (its estimate held
 * the window for the minute it started in). An estimate larger than the whole limit is admitted only into an empty
 * window, alone; otherwise such a request could never run. The buckets (64 slots) are allocated only for scopes with a
 * token limit.
 *
 * <h2>Concurrent requests</h2>
 * A counter of requests admitted and not yet settled; every counted scope keeps it, so a concurrency limit switched on
 * mid-flight sees the requests already running. Refusals by it carry {@code retryAfterMillis} 0.
 *
 * <h2>Atomicity and threads</h2>
 * Each scope's state has its own lock; a call locks the states of all its scopes in a canonical order (creation
 * number), checks every limit, and then charges every scope or none. Scopes whose limits are all zero are neither
 * checked nor counted; a scope listed twice is charged twice. When several limits refuse, the refusal names the one
 * that will wait longest (a concurrency limit waits 0), so its {@code retryAfterMillis} is a time at which none of the
 * per-minute limits that refused still does. Different keys never contend; requests of one workspace serialise on its
 * lock for a few arithmetic steps. No call blocks on I/O or waits for anything but those locks.
 *
 * <h2>Memory</h2>
 * One state per counted scope. A scope idle for more than 2 minutes ({@link #IDLE_MILLIS}) with nothing in flight has
 * empty windows, so its state carries no information and is evicted: lazily, by a sweep that the first call after each
 * minute ({@link #SWEEP_EVERY_MILLIS}) runs over all states (skipping any in use), or by {@link #evictIdle} on a timer.
 * Live memory is therefore bounded by the scopes active in the last 2 minutes, each holding about 150 bytes, plus 1 KiB
 * when it has a token limit, plus 8 bytes per request admitted in its busiest minute. The lazy sweep is one pass over
 * all states on the calling thread once a minute; with very many scopes, call {@link #evictIdle} from a worker timer
 * too, which leaves the lazy sweep little to do.
 *
 * <p>{@link #settle} must be called exactly once per admission (as the interface says): the admission carries no id, so
 * a second settle cannot be told apart and would free another request's concurrency slot (counters never go below
 * zero). Time is only ever the {@code nowMillis} passed in.
 */
public final class LocalRateLimiter implements RateLimiter {

    /** The rolling window of both per-minute limits. */
    static final long WINDOW_MILLIS = 60_000;
    /** How long a scope stays in memory after its last call, nothing in flight. */
    public static final long IDLE_MILLIS = 120_000;
    /** How often a call sweeps idle scopes out. */
    public static final long SWEEP_EVERY_MILLIS = 60_000;

    private final ScopeTable<RateState> table = new ScopeTable<>(RateState::new);

    /** An empty limiter. */
    public LocalRateLimiter() {
    }

    @Override
    public Future<RateDecision> admit(List<ScopedLimits> scopes, long estimatedTokens, long nowMillis) {
        return Future.succeededFuture(decide(scopes, estimatedTokens, nowMillis));
    }

    /** The decision itself, made and charged on the calling thread. */
    public RateDecision decide(List<ScopedLimits> scopes, long estimatedTokens, long nowMillis) {
        Objects.requireNonNull(scopes, "scopes");
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("estimatedTokens: " + estimatedTokens + " (expected: >= 0)");
        }
        maybeSweep(nowMillis);
        int n = 0;
        for (ScopedLimits sl : scopes) {
            if (counted(sl.limits())) {
                n++;
            }
        }
        if (n == 0) {
            return new RateDecision.Admitted("", List.of(), scopes, estimatedTokens, nowMillis);
        }
        Scope[] keys = new Scope[n];
        Limits[] limits = new Limits[n];
        collect(scopes, keys, limits);
        ScopeTable.Entry[] states = new ScopeTable.Entry[n];
        table.lockAll(keys, n, states);
        try {
            for (int i = 0; i < n; i++) {
                ((RateState) states[i]).prepare(limits[i], nowMillis);
            }
            int refusingScope = -1;
            Kind refusingKind = null;
            long retryAfter = -1;
            for (int i = 0; i < n; i++) {
                RateState s = (RateState) states[i];
                Limits l = limits[i];
                if (l.requestsPerMinute() > 0 && !s.requestsHaveRoom(nowMillis)) {
                    long r = s.requestsRetryAfter(nowMillis);
                    if (r > retryAfter) {
                        refusingScope = i;
                        refusingKind = Kind.REQUESTS;
                        retryAfter = r;
                    }
                }
                if (l.tokensPerMinute() > 0 && !s.tokensHaveRoom(l.tokensPerMinute(), estimatedTokens)) {
                    long r = s.tokensRetryAfter(l.tokensPerMinute(), estimatedTokens, nowMillis);
                    if (r > retryAfter) {
                        refusingScope = i;
                        refusingKind = Kind.TOKENS;
                        retryAfter = r;
                    }
                }
                if (l.maxConcurrent() > 0 && s.inFlight >= l.maxConcurrent() && 0 > retryAfter) {
                    refusingScope = i;
                    refusingKind = Kind.CONCURRENT;
                    retryAfter = 0;
                }
            }
            if (refusingScope >= 0) {
                Standing[] standings = new Standing[3 * n];
                int size = 0;
                Standing refusing = null;
                for (int i = 0; i < n; i++) {
                    int from = size;
                    size = ((RateState) states[i]).standings(keys[i], limits[i], nowMillis, standings, size);
                    if (i == refusingScope) {
                        for (int j = from; j < size; j++) {
                            if (standings[j].kind() == refusingKind) {
                                refusing = standings[j];
                            }
                        }
                    }
                }
                return new RateDecision.Refused(immutableList(standings, size), refusing, retryAfter);
            }
            Standing[] standings = new Standing[3 * n];
            int size = 0;
            for (int i = 0; i < n; i++) {
                RateState s = (RateState) states[i];
                Limits l = limits[i];
                if (l.requestsPerMinute() > 0) {
                    s.recordRequest(nowMillis);
                }
                if (l.tokensPerMinute() > 0) {
                    s.chargeTokens(Math.floorDiv(nowMillis, 1000), estimatedTokens);
                }
                s.inFlight++;
                size = s.standings(keys[i], l, nowMillis, standings, size);
            }
            return new RateDecision.Admitted("", immutableList(standings, size), scopes, estimatedTokens, nowMillis);
        } finally {
            ScopeTable.unlockAll(states, n);
        }
    }

    @Override
    public Future<Void> settle(RateDecision.Admitted admitted, long actualTokens, long nowMillis) {
        Objects.requireNonNull(admitted, "admitted");
        if (actualTokens < 0) {
            throw new IllegalArgumentException("actualTokens: " + actualTokens + " (expected: >= 0)");
        }
        List<ScopedLimits> scopes = admitted.scopes();
        int n = 0;
        for (ScopedLimits sl : scopes) {
            if (counted(sl.limits())) {
                n++;
            }
        }
        if (n == 0) {
            return Future.succeededFuture();
        }
        Scope[] keys = new Scope[n];
        Limits[] limits = new Limits[n];
        collect(scopes, keys, limits);
        ScopeTable.Entry[] states = new ScopeTable.Entry[n];
        table.lockAll(keys, n, states);
        try {
            long admittedSecond = Math.floorDiv(admitted.admittedAtMillis(), 1000);
            long delta = actualTokens - admitted.estimatedTokens();
            for (int i = 0; i < n; i++) {
                RateState s = (RateState) states[i];
                s.touch(nowMillis);
                if (s.inFlight > 0) {
                    s.inFlight--;
                }
                if (limits[i].tokensPerMinute() > 0) {
                    s.settleTokens(admittedSecond, delta, nowMillis);
                }
            }
        } finally {
            ScopeTable.unlockAll(states, n);
        }
        return Future.succeededFuture();
    }

    /**
     * Evicts the scopes idle for more than {@link #IDLE_MILLIS} with nothing in flight. Calls run this lazily once a
     * minute; a server may also call it from a timer.
     *
     * @return how many scopes were evicted
     */
    public int evictIdle(long nowMillis) {
        return table.sweep(idle(nowMillis));
    }

    /** How many scopes currently have state in memory. */
    public int trackedScopes() {
        return table.size();
    }

    /** Fills the scopes that have any limit, and their limits, in the order given. */
    private static void collect(List<ScopedLimits> scopes, Scope[] keys, Limits[] limits) {
        int k = 0;
        for (ScopedLimits sl : scopes) {
            if (counted(sl.limits())) {
                keys[k] = sl.scope();
                limits[k++] = sl.limits();
            }
        }
    }

    /** The scopes whose state carries nothing at {@code nowMillis}. */
    private static Predicate<RateState> idle(long nowMillis) {
        return s -> s.inFlight == 0 && nowMillis - s.lastUsedMillis > IDLE_MILLIS;
    }

    private void maybeSweep(long nowMillis) {
        table.maybeSweep(nowMillis, SWEEP_EVERY_MILLIS, idle(nowMillis));
    }

    /** The first {@code n} standings as an immutable list, built without the copies {@code List.copyOf} would make. */
    private static List<Standing> immutableList(Standing[] a, int n) {
        return switch (n) {
            case 0 -> List.of();
            case 1 -> List.of(a[0]);
            case 2 -> List.of(a[0], a[1]);
            case 3 -> List.of(a[0], a[1], a[2]);
            case 4 -> List.of(a[0], a[1], a[2], a[3]);
            case 5 -> List.of(a[0], a[1], a[2], a[3], a[4]);
            case 6 -> List.of(a[0], a[1], a[2], a[3], a[4], a[5]);
            default -> List.of(Arrays.copyOf(a, n));
        };
    }

    private static boolean counted(Limits l) {
        return l.requestsPerMinute() > 0 || l.tokensPerMinute() > 0 || l.maxConcurrent() > 0;
    }

    /** One scope's counters, guarded by its lock. */
    static final class RateState extends ScopeTable.Entry {

        private static final long[] NO_TIMES = new long[0];
        private static final int FIRST_CAPACITY = 16;
        private static final int BUCKETS = 64;
        /** Seconds a token bucket stays live after its own: it counts while {@code nowSecond - second <= 60}. */
        private static final long LIVE_SECONDS = 60;

        // requests per minute: admission times, oldest first, non-decreasing
        private long requestLimit;
        private long[] ring = NO_TIMES;
        private int head;
        private int count;
        /** How many of the oldest recorded admissions are outside the window of {@link #windowNow}. */
        private int expired;
        /** The latest time the window was measured at. */
        private long windowNow = Long.MIN_VALUE;

        // tokens per minute: buckets by epoch second, slot = second & 63
        private long[] bucketTokens;
        private long[] bucketSecond;
        private long headSecond = Long.MIN_VALUE;
        private long tokenSum;

        int inFlight;
        long lastUsedMillis = Long.MIN_VALUE;

        RateState(long order) {
            super(order);
        }

        void touch(long nowMillis) {
            lastUsedMillis = Math.max(lastUsedMillis, nowMillis);
        }

        /** Adopts the limits as given now and moves the token window to {@code nowMillis}. */
        void prepare(Limits limits, long nowMillis) {
            touch(nowMillis);
            long rpm = limits.requestsPerMinute();
            if (rpm != requestLimit) {
                resizeRing(rpm, nowMillis);
            }
            if (limits.tokensPerMinute() == 0) {
                bucketTokens = null;
                bucketSecond = null;
                tokenSum = 0;
                headSecond = Long.MIN_VALUE;
            } else {
                if (bucketTokens == null) {
                    bucketTokens = new long[BUCKETS];
                    bucketSecond = new long[BUCKETS];
                    Arrays.fill(bucketSecond, Long.MIN_VALUE);
                }
                advance(Math.floorDiv(nowMillis, 1000));
            }
        }

        // ---- requests per minute

        private void resizeRing(long limit, long nowMillis) {
            requestLimit = limit;
            if (limit == 0) {
                ring = NO_TIMES;
                head = 0;
                count = 0;
                expired = 0;
                return;
            }
            if (ring.length <= limit) {
                return;
            }
            // a lower limit: keep every admission still inside the window (none outside it can matter again), in
            // an array no larger than the old one
            int keep = requestsInWindow(nowMillis);
            long[] next = new long[Math.max(keep, (int) limit)];
            for (int i = 0; i < keep; i++) {
                next[i] = at(count - keep + i);
            }
            ring = next;
            head = 0;
            count = keep;
            expired = 0;
        }

        /** The {@code i}-th oldest recorded admission. */
        private long at(int i) {
            int j = head + i;
            return ring[j >= ring.length ? j - ring.length : j];
        }

        /** Whether fewer than the limit were admitted in the window: the limit-th newest admission has left it. */
        boolean requestsHaveRoom(long nowMillis) {
            return count < requestLimit || nowMillis - at((int) (count - requestLimit)) >= WINDOW_MILLIS;
        }

        /** When the limit-th newest admission leaves the window, making room (called only when there is none). */
        long requestsRetryAfter(long nowMillis) {
            return Math.max(1, at((int) (count - requestLimit)) + WINDOW_MILLIS - nowMillis);
        }

        void recordRequest(long nowMillis) {
            long t = count == 0 ? nowMillis : Math.max(nowMillis, at(count - 1));
            if (count == ring.length) {
                if (count > 0 && nowMillis - ring[head] >= WINDOW_MILLIS) {
                    ring[head] = t;
                    head = head + 1 == ring.length ? 0 : head + 1;
                    expired = Math.max(0, expired - 1);
                    return;
                }
                grow();
            }
            int j = head + count;
            ring[j >= ring.length ? j - ring.length : j] = t;
            count++;
        }

        private void grow() {
            int capacity = (int) Math.min(Math.min(requestLimit, Integer.MAX_VALUE - 8),
                    Math.max(FIRST_CAPACITY, 2L * ring.length));
            long[] next = new long[capacity];
            for (int i = 0; i < count; i++) {
                next[i] = at(i);
            }
            ring = next;
            head = 0;
        }

        /**
         * How many recorded admissions are inside {@code (now - 60 s, now]}. As time moves forward, a count of the
         * admissions already outside moves forward with it (amortised O(1), and it touches only the ring's oldest
         * end); a caller whose clock is behind the latest one seen does a binary search instead.
         */
        int requestsInWindow(long nowMillis) {
            long cutoff = nowMillis - WINDOW_MILLIS;
            if (nowMillis >= windowNow) {
                windowNow = nowMillis;
                while (expired < count && at(expired) <= cutoff) {
                    expired++;
                }
                return count - expired;
            }
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (at(mid) > cutoff) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return count - lo;
        }

        // ---- tokens per minute

        /** Moves the window to {@code nowSecond}, dropping buckets that are no longer live. */
        private void advance(long nowSecond) {
            if (nowSecond <= headSecond) {
                return;
            }
            if (headSecond == Long.MIN_VALUE || nowSecond - headSecond > LIVE_SECONDS) {
                Arrays.fill(bucketTokens, 0);
                Arrays.fill(bucketSecond, Long.MIN_VALUE);
                tokenSum = 0;
            } else {
                for (long x = headSecond - LIVE_SECONDS; x < nowSecond - LIVE_SECONDS; x++) {
                    int slot = (int) (x & (BUCKETS - 1));
                    if (bucketSecond[slot] == x) {
                        tokenSum -= bucketTokens[slot];
                        bucketTokens[slot] = 0;
                        bucketSecond[slot] = Long.MIN_VALUE;
                    }
                }
            }
            headSecond = nowSecond;
        }

        boolean tokensHaveRoom(long limit, long estimate) {
            return estimate <= limit - tokenSum || tokenSum == 0;
        }

        /** When enough buckets leave the window for {@code estimate} to fit (or, for an oversized one, all of them). */
        long tokensRetryAfter(long limit, long estimate, long nowMillis) {
            long need = estimate > limit ? tokenSum : tokenSum + estimate - limit;
            long freed = 0;
            for (long x = headSecond - LIVE_SECONDS; x <= headSecond; x++) {
                int slot = (int) (x & (BUCKETS - 1));
                if (bucketSecond[slot] == x) {
                    freed += bucketTokens[slot];
                    if (freed >= need) {
                        return Math.max(1, (x + LIVE_SECONDS + 1) * 1000 - nowMillis);
                    }
                }
            }
            return Math.max(1, (headSecond + LIVE_SECONDS + 1) * 1000 - nowMillis);
        }

        void chargeTokens(long second, long tokens) {
            long s = Math.max(second, headSecond - LIVE_SECONDS);
            int slot = (int) (s & (BUCKETS - 1));
            if (bucketSecond[slot] != s) {
                bucketSecond[slot] = s;
                bucketTokens[slot] = 0;
            }
            bucketTokens[slot] += tokens;
            tokenSum += tokens;
        }

        void settleTokens(long admittedSecond, long delta, long nowMillis) {
            if (bucketTokens == null) {
                return;
            }
            advance(Math.floorDiv(nowMillis, 1000));
            if (admittedSecond < headSecond - LIVE_SECONDS || admittedSecond > headSecond) {
                return;
            }
            int slot = (int) (admittedSecond & (BUCKETS - 1));
            if (bucketSecond[slot] != admittedSecond) {
                return;
            }
            long before = bucketTokens[slot];
            long after = Math.max(0, before + delta);
            bucketTokens[slot] = after;
            tokenSum += after - before;
        }

        /** How long until every live bucket has left the window. */
        private long tokensResetMillis(long nowMillis) {
            if (tokenSum == 0) {
                return 0;
            }
            for (long x = headSecond; x >= headSecond - LIVE_SECONDS; x--) {
                int slot = (int) (x & (BUCKETS - 1));
                if (bucketSecond[slot] == x && bucketTokens[slot] > 0) {
                    return Math.max(0, (x + LIVE_SECONDS + 1) * 1000 - nowMillis);
                }
            }
            return 0;
        }

        // ---- standings

        /** Writes the standing of each limit that applies into {@code out} from {@code at}; returns the next index. */
        int standings(Scope scope, Limits l, long nowMillis, Standing[] out, int at) {
            int i = at;
            if (l.requestsPerMinute() > 0) {
                int used = requestsInWindow(nowMillis);
                long reset = used == 0 ? 0 : Math.max(0, at(count - 1) + WINDOW_MILLIS - nowMillis);
                out[i++] = new Standing(scope, Kind.REQUESTS, l.requestsPerMinute(),
                        Math.max(0, l.requestsPerMinute() - used), reset);
            }
            if (l.tokensPerMinute() > 0) {
                out[i++] = new Standing(scope, Kind.TOKENS, l.tokensPerMinute(),
                        Math.max(0, l.tokensPerMinute() - tokenSum), tokensResetMillis(nowMillis));
            }
            if (l.maxConcurrent() > 0) {
                out[i++] = new Standing(scope, Kind.CONCURRENT, l.maxConcurrent(),
                        Math.max(0, l.maxConcurrent() - inFlight), 0);
            }
            return i;
        }
    }
}
