package dev.switchyard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A request's failed call backs off; a background check's failure only marks the store down. */
class ReachabilityTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Reachability reach = new Reachability(now::get, 1_000);

    @Test
    void aRequestsFailureBacksOffUntilTheProbe() {
        reach.failed(new IOException("refused"));
        assertThat(reach.up()).isFalse();
        assertThat(reach.worthTrying()).isFalse();
        now.addAndGet(1_000);
        assertThat(reach.worthTrying()).as("the probe").isTrue();
        reach.succeeded();
        assertThat(reach.up()).isTrue();
    }

    @Test
    void aBackgroundCheckFailureMarksTheStoreDownWithoutHoldingRequestsBack() {
        reach.suspect(new IOException("timed out"));
        assertThat(reach.up()).as("readiness says down").isFalse();
        assertThat(reach.lastError()).isEqualTo("timed out");
        assertThat(reach.worthTrying()).as("requests still try at once").isTrue();
        reach.failed(new IOException("refused"));
        reach.suspect(new IOException("timed out"));
        assertThat(reach.worthTrying()).as("nor does it shorten a request's back-off").isFalse();
        reach.succeeded();
        assertThat(reach.up()).isTrue();
    }
}
