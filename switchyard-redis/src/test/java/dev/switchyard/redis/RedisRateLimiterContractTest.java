package dev.switchyard.redis;

import dev.switchyard.core.accounts.RateLimiter;
import dev.switchyard.core.accounts.RateLimiterContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rate-limiter contract, run against a real Redis. */
class RedisRateLimiterContractTest extends RateLimiterContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected RateLimiter newLimiter() {
        REDIS.flush();
        return new RedisRateLimiter(REDIS.api(), System::currentTimeMillis,
                new RedisRateLimiter.Settings("test", 60_000, 5_000, OutagePolicy.FAIL_CLOSED, false),
                new Reachability(System::currentTimeMillis, 1_000));
    }
}
