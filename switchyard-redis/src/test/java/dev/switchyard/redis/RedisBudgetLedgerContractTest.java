package dev.switchyard.redis;

import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetLedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The budget-ledger contract, run against a real Redis. */
class RedisBudgetLedgerContractTest extends BudgetLedgerContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected BudgetLedger newLedger() {
        REDIS.flush();
        return new RedisBudgetLedger(REDIS.api(), System::currentTimeMillis,
                new RedisRateLimiter.Settings("test", 600_000, 5_000, OutagePolicy.FAIL_CLOSED, false),
                new Reachability(System::currentTimeMillis, 1_000));
    }
}
