package dev.switchyard.redis;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.BudgetDecision;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.accounts.local.LocalBudgetLedger;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link BudgetLedger} that replicas share: reservations, extensions and settlements are each one Lua script on
 * Redis, atomic across the key and its workspace, so N replicas spend one budget exactly as one process would.
 *
 * <h2>The same rules as the in-process ledger</h2>
 * Per scope Redis keeps the start of the current period, the spend settled in it and the credit held by calls in
 * flight ({@code sy:bg:<scope>}), each hold with its amount and period ({@code …:h}) and its lease ({@code …:l}).
 * A call is held only if every scope has that much remaining; a settle releases the hold and adds the actual cost to
 * spend if the hold was made in the scope's current period; a second settle finds no hold and does nothing. The
 * periods come from {@link Period#startOf} on the injected clock, passed to the script; a scope never moves back to an
 * older period. Both ledgers run the one contract suite.
 *
 * <h2>Exact money in Lua</h2>
 * Amounts are picodollars up to 2<sup>63</sup>−1, beyond the 2<sup>53</sup> that Lua's numbers hold exactly, so the
 * scripts keep them as decimal strings and add and compare them as pairs of exact parts ({@code budget_lib.lua}).
 *
 * <h2>Leases</h2>
 * A replica that dies with calls in flight never settles them. Each hold has a lease, renewed every third of it by the
 * replica that made it ({@link #renewLeases}, the same {@code LeaseKeeper} as the rate limiter's slots); a hold whose
 * lease ran out is released by the next script that touches
 * its scope. Its call's cost is then not counted here; the usage ledger still records what it cost.
 *
 * <h2>Start-up and Redis restarts</h2>
 * {@link #seed} gives a scope the spend the durable ledger holds for the current period, unless Redis already counts
 * that period (its figure includes calls the durable ledger may not have written yet). Run Redis with persistence
 * (AOF) to keep holds and spend across its restarts; an emptied Redis is re-seeded when replicas start.
 *
 * <h2>Outages</h2>
 * As for {@link RedisRateLimiter}: calls that cannot reach Redis mark it down for a back-off, and the
 * {@link OutagePolicy} either fails the call (402 is never invented: the request gets 503) or decides on this
 * replica's own {@link LocalBudgetLedger}, whose holds are settled there. An unreachable settle leaves the hold to its
 * lease; the spend it would have added is then missing from this budget (not from the usage ledger).
 */
public final class RedisBudgetLedger implements BudgetLedger {

    private static final String LIB = "budget_lib.lua";
    private static final LuaScript RESERVE = LuaScript.load(LIB, "budget_reserve.lua");
    private static final LuaScript EXTEND = LuaScript.load(LIB, "budget_extend.lua");
    private static final LuaScript SETTLE = LuaScript.load(LIB, "budget_settle.lua");
    private static final LuaScript STANDING = LuaScript.load(LIB, "budget_standing.lua");
    private static final LuaScript SEED = LuaScript.load("budget_seed.lua");
    private static final String LOCAL_PREFIX = "local:";

    private final RedisAPI redis;
    private final RedisRateLimiter.Settings settings;
    private final RedisCalls calls;
    private final LeaseKeeper leases;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong localSequence = new AtomicLong();
    private final LocalBudgetLedger fallback = new LocalBudgetLedger(
            () -> LOCAL_PREFIX + localSequence.incrementAndGet());

    /**
     * @param redis the client
     * @param clock the injected wall clock (lease renewals)
     * @param settings replica id, lease, call timeout, outage policy and hash tags (shared with the rate limiter)
     * @param reachability shared with the other Redis-backed parts of this replica
     */
    public RedisBudgetLedger(RedisAPI redis, WallClock clock, RedisRateLimiter.Settings settings,
                             Reachability reachability) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calls = new RedisCalls(redis, reachability, settings.callTimeoutMillis(), settings.outage(), "budget");
        this.leases = new LeaseKeeper(calls, clock, settings.leaseMillis(), settings.callTimeoutMillis());
    }

    @Override
    public Future<BudgetDecision> reserve(List<ScopedBudget> scopes, long picos, long nowMillis) {
        Objects.requireNonNull(scopes, "scopes");
        if (picos < 0) {
            throw new IllegalArgumentException("picos: " + picos + " (expected: >= 0)");
        }
        String id = settings.replicaId() + ":" + sequence.incrementAndGet();
        List<String> args = new ArrayList<>(4 + 2 * scopes.size());
        args.add(Long.toString(nowMillis));
        args.add(Long.toString(picos));
        args.add(Long.toString(settings.leaseMillis()));
        args.add(id);
        for (ScopedBudget sb : scopes) {
            args.add(Long.toString(sb.budget().limitPicos()));
            args.add(Long.toString(periodStart(sb.budget(), nowMillis)));
        }
        return calls.decide(RESERVE, keys(scopes), args, r -> {
            if (r.get(0).toInteger() == 1) {
                holdLeases(id, scopes);
                return new BudgetDecision.Reserved(id, scopes, picos, nowMillis);
            }
            ScopedBudget least = scopes.get(r.get(1).toInteger() - 1);
            return new BudgetDecision.Refused(least.scope(), Long.parseLong(r.get(2).toString()), picos,
                    nextStart(least.budget(), nowMillis));
        }, () -> fallback.reserveNow(scopes, picos, nowMillis));
    }

    @Override
    public Future<Boolean> extend(BudgetDecision.Reserved reservation, long morePicos, long nowMillis) {
        Objects.requireNonNull(reservation, "reservation");
        if (reservation.id().startsWith(LOCAL_PREFIX)) {
            return fallback.extend(reservation, morePicos, nowMillis);
        }
        if (!leases.holds(reservation.id())) {
            return Future.succeededFuture(false);
        }
        List<String> args = new ArrayList<>(4 + 2 * reservation.scopes().size());
        args.add(Long.toString(nowMillis));
        args.add(Long.toString(morePicos));
        args.add(Long.toString(settings.leaseMillis()));
        args.add(reservation.id());
        for (ScopedBudget sb : reservation.scopes()) {
            args.add(Long.toString(sb.budget().limitPicos()));
            args.add(Long.toString(periodStart(sb.budget(), nowMillis)));
        }
        return calls.decide(EXTEND, keys(reservation.scopes()), args, r -> r.toInteger() == 1, () -> false);
    }

    @Override
    public Future<Void> settle(BudgetDecision.Reserved reservation, long actualPicos, long nowMillis) {
        Objects.requireNonNull(reservation, "reservation");
        if (reservation.id().startsWith(LOCAL_PREFIX)) {
            return fallback.settle(reservation, actualPicos, nowMillis);
        }
        if (!leases.release(reservation.id())) {
            return Future.succeededFuture(); // settled already
        }
        List<String> args = new ArrayList<>(3 + reservation.scopes().size());
        args.add(Long.toString(nowMillis));
        args.add(Long.toString(actualPicos));
        args.add(reservation.id());
        for (ScopedBudget sb : reservation.scopes()) {
            args.add(Long.toString(periodStart(sb.budget(), nowMillis)));
        }
        return calls.record(SETTLE, keys(reservation.scopes()), args);
    }

    @Override
    public Future<BudgetStanding> standing(ScopedBudget scope, long nowMillis) {
        Objects.requireNonNull(scope, "scope");
        List<String> args = List.of(Long.toString(nowMillis),
                Long.toString(periodStart(scope.budget(), nowMillis)));
        return calls.decide(STANDING, keys(List.of(scope)), args, r -> {
            long start = Long.parseLong(r.get(0).toString());
            return new BudgetStanding(scope.budget().limitPicos(), Long.parseLong(r.get(1).toString()),
                    Long.parseLong(r.get(2).toString()), start,
                    nextStart(scope.budget(), Math.max(nowMillis, start)));
        }, () -> fallback.standingNow(scope, nowMillis));
    }

    /**
     * Gives a scope the spend that the durable ledger holds for the period starting at {@code periodStartMillis},
     * unless Redis already counts that period or a later one; the fail-open fallback is seeded too.
     *
     * @return whether Redis took the seed
     */
    public Future<Boolean> seed(Scope scope, long periodStartMillis, long spentPicos) {
        fallback.seed(scope, periodStartMillis, spentPicos);
        return SEED.run(redis, List.of(key(scope, "")), List.of(Long.toString(periodStartMillis),
                Long.toString(spentPicos))).timeout(settings.callTimeoutMillis(), TimeUnit.MILLISECONDS)
                .map(r -> r.toInteger() == 1);
    }

    /**
     * Renews the leases of this replica's holds in flight; the server calls it every third of a lease.
     *
     * @return how many holds were renewed
     */
    public Future<Integer> renewLeases() {
        return leases.renew();
    }

    /** Reservations this replica holds through Redis and has not settled yet. */
    public int inFlight() {
        return leases.size();
    }

    /** Notes the hold's lease (member {@code id} in each scope's lease set) for renewal. */
    private void holdLeases(String id, List<ScopedBudget> scopes) {
        String tag = tag(scopes);
        List<String> keys = new ArrayList<>(scopes.size());
        List<String> members = new ArrayList<>(scopes.size());
        for (ScopedBudget sb : scopes) {
            keys.add(key(tag, sb.scope(), ":l"));
            members.add(id);
        }
        leases.hold(id, keys, members);
    }

    private static long periodStart(Budget budget, long nowMillis) {
        return budget.reset() == Period.NONE ? 0 : budget.reset().startOf(nowMillis);
    }

    private static long nextStart(Budget budget, long nowMillis) {
        return budget.reset() == Period.NONE ? Long.MAX_VALUE : budget.reset().nextStart(nowMillis);
    }

    private List<String> keys(List<ScopedBudget> scopes) {
        String tag = tag(scopes);
        List<String> keys = new ArrayList<>(scopes.size());
        for (ScopedBudget sb : scopes) {
            keys.add(key(tag, sb.scope(), ""));
        }
        return keys;
    }

    private String tag(List<ScopedBudget> scopes) {
        if (!settings.clusterHashTags()) {
            return "";
        }
        for (ScopedBudget sb : scopes) {
            if (sb.scope().kind() == Scope.Kind.WORKSPACE) {
                return sb.scope().id();
            }
        }
        return scopes.get(0).scope().id();
    }

    private String key(Scope scope, String suffix) {
        return key(settings.clusterHashTags() && scope.kind() == Scope.Kind.WORKSPACE ? scope.id() : "", scope,
                suffix);
    }

    private static String key(String tag, Scope scope, String suffix) {
        return (tag.isEmpty() ? "sy:bg:" : "sy:bg:{" + tag + "}:") + scope + suffix;
    }
}
