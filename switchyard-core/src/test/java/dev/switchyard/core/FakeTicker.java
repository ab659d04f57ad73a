package dev.switchyard.core;

import java.time.Duration;

/** A clock that moves only when told to. */
public final class FakeTicker implements Ticker {

    private long now = 1_000_000_000_000L;

    @Override
    public long nanos() {
        return now;
    }

    public void advance(Duration d) {
        now += d.toNanos();
    }
}
