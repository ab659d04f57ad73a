package dev.switchyard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sticky-session contract against the in-process table, plus its own bound on entries. */
class LocalStickySessionsTest extends StickySessionsContract {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    protected StickySessions newTable() {
        return new LocalStickySessions(nanos::get, TTL.toNanos(), 100);
    }

    @Override
    protected void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void itsAnswersAreCompleteAtOnceAndItForgetsTheLeastRecentlyUsedPastItsCapacity() {
        LocalStickySessions small = new LocalStickySessions(nanos::get, TTL.toNanos(), 2);
        small.remember("s1", "m", "a");
        small.remember("s2", "m", "b");
        assertThat(small.lookup("s1", List.of("m")).isComplete()).isTrue();
        small.remember("s3", "m", "c");
        assertThat(small.lookupNow("s2", List.of("m"))).as("least recently used").isEmpty();
        assertThat(small.lookupNow("s1", List.of("m"))).containsEntry("m", "a");
        assertThat(small.lookupNow("s3", List.of("m"))).containsEntry("m", "c");
    }
}
