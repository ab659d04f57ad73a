package dev.switchyard.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UsageWriterTest {

    static UsageRecord record(String id) {
        return new UsageRecord(id, 0, "chat.completions", "m", "v/m", "p", "m", false, 200, "", "stop",
                Usage.NONE, Cost.ZERO, 1, 1, List.of(), Dimensions.NONE);
    }

    /** A store that can be held shut, and fails a given number of appends first. */
    static final class GatedStore implements UsageStore {
        final List<UsageRecord> stored = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger failuresLeft;

        GatedStore(boolean open, int failures) {
            gate = new CountDownLatch(open ? 0 : 1);
            failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public void append(List<UsageRecord> records) {
            entered.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("store down");
            }
            stored.addAll(records);
        }

        @Override
        public Optional<UsageRecord> find(String id) {
            return stored.stream().filter(r -> r.id().equals(id)).findFirst();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() throws InterruptedException {
        GatedStore store = new GatedStore(false, 0);
        UsageWriter writer = new UsageWriter(store, 2, 10);
        assertThat(writer.submit(record("gen-first"))).isTrue();
        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the writer now holds a batch of one
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (writer.submit(record("gen-" + i))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(2);
        assertThat(writer.dropped()).isEqualTo(8);
        store.gate.countDown();
        writer.close();
        assertThat(store.stored).hasSize(3);
    }

    @Test
    void failedAppendsAreRetriedSoNothingIsLost() {
        GatedStore store = new GatedStore(true, 2);
        UsageWriter writer = new UsageWriter(store, 100, 10);
        for (int i = 0; i < 5; i++) {
            writer.submit(record("gen-" + i));
        }
        writer.close();
        assertThat(store.stored).extracting(UsageRecord::id).containsExactlyInAnyOrder(
                "gen-0", "gen-1", "gen-2", "gen-3", "gen-4");
        assertThat(writer.written()).isEqualTo(5);
        assertThat(writer.dropped()).isZero();
    }
}
