package dev.switchyard.core.accounts.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalScopeTableTest {

    static final class Counter extends ScopeTable.Entry {
        int value;

        Counter(long order) {
            super(order);
        }
    }

    private final ScopeTable<Counter> table = new ScopeTable<>(Counter::new);
    private final Scope key = Scope.key("k");
    private final Scope ws = Scope.workspace("w");

    @Test
    void aCallerWaitingOnAnEntryThatGetsEvictedMovesToAFreshOne() throws Exception {
        ScopeTable.Entry[] first = new ScopeTable.Entry[2];
        table.lockAll(new Scope[] {key, ws}, 2, first);
        Counter evicted = (Counter) first[0];
        evicted.value = 7;

        CompletableFuture<ScopeTable.Entry[]> waiter = CompletableFuture.supplyAsync(() -> {
            ScopeTable.Entry[] out = new ScopeTable.Entry[2];
            table.lockAll(new Scope[] {ws, key}, 2, out);
            ScopeTable.unlockAll(out, 2);
            return out;
        });
        while (!evicted.lock.hasQueuedThreads() && !((Counter) first[1]).lock.hasQueuedThreads()) {
            Thread.onSpinWait();
        }
        assertThat(table.sweep(c -> c == evicted)).isEqualTo(1);
        ScopeTable.unlockAll(first, 2);

        ScopeTable.Entry[] second = waiter.get(10, TimeUnit.SECONDS);
        assertThat(second[1]).isNotSameAs(evicted);
        assertThat(((Counter) second[1]).value).isZero();
        assertThat(second[1].dead).isFalse();
        assertThat(second[0]).isSameAs(first[1]);
        assertThat(table.peek(key)).isSameAs(second[1]);
    }

    @Test
    void entriesInUseAreNotSwept() {
        ScopeTable.Entry[] held = new ScopeTable.Entry[1];
        table.lockAll(new Scope[] {key}, 1, held);
        CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(() -> table.sweep(c -> true));
        assertThat(sweep.join()).isZero();
        ScopeTable.unlockAll(held, 1);
        assertThat(table.sweep(c -> true)).isEqualTo(1);
        assertThat(table.size()).isZero();
    }

    @Test
    void theSameScopeTwiceIsLockedAndReleasedTwice() {
        ScopeTable.Entry[] out = new ScopeTable.Entry[2];
        table.lockAll(new Scope[] {key, key}, 2, out);
        assertThat(out[0]).isSameAs(out[1]);
        assertThat(out[0].lock.getHoldCount()).isEqualTo(2);
        ScopeTable.unlockAll(out, 2);
        assertThat(out[0].lock.isLocked()).isFalse();
    }
}
