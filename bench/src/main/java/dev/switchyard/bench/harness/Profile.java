package dev.switchyard.bench.harness;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each scenario runs. {@link #SMOKE} proves in under two minutes that every scenario completes
 * without errors (CI runs it; it makes no timing claims); {@link #STANDARD} produces the published tables;
 * {@link #SOAK} adds the 30-minute memory soak.
 */
record Profile(String name, boolean peers, Duration warmup, Duration jvmWarmup, int c1WarmRounds, int c1Rounds,
               int c1PerRound, List<Integer> concurrencies, int repeats, Duration sweepPoint, List<Integer> rates,
               Duration ratePoint, int streamsC1, List<Integer> concurrentStreams, List<Integer> payloadKib,
               Duration soak, int featureRounds) {

    static final Profile SMOKE = new Profile("smoke", false, Duration.ofSeconds(2), Duration.ofSeconds(2), 1, 2, 50,
            List.of(1, 16), 1, Duration.ofSeconds(1), List.of(200), Duration.ofSeconds(2), 2, List.of(50),
            List.of(1, 100), Duration.ZERO, 1);

    static final Profile STANDARD = new Profile("standard", true, Duration.ofSeconds(10), Duration.ofSeconds(60), 5,
            7, 500, List.of(1, 4, 16, 64, 256), 3, Duration.ofSeconds(4), List.of(500, 1000, 2000, 5000),
            Duration.ofSeconds(5), 20, List.of(100, 1000, 5000, 7000, 9000, 10000), List.of(1, 10, 100, 1024),
            Duration.ZERO, 5);

    static final Profile SOAK = STANDARD.withSoak(Duration.ofMinutes(30)).renamed("soak");

    /** This profile with another soak duration (for trying the soak out briefly). */
    Profile withSoak(Duration length) {
        return new Profile(name, peers, warmup, jvmWarmup, c1WarmRounds, c1Rounds, c1PerRound, concurrencies, repeats,
                sweepPoint, rates, ratePoint, streamsC1, concurrentStreams, payloadKib, length, featureRounds);
    }

    private Profile renamed(String newName) {
        return new Profile(newName, peers, warmup, jvmWarmup, c1WarmRounds, c1Rounds, c1PerRound, concurrencies,
                repeats, sweepPoint, rates, ratePoint, streamsC1, concurrentStreams, payloadKib, soak, featureRounds);
    }

    static Profile named(String name) {
        return switch (name) {
            case "smoke" -> SMOKE;
            case "standard" -> STANDARD;
            case "soak" -> SOAK;
            default -> throw new IllegalArgumentException("profile: " + name + " (expected smoke, standard or soak)");
        };
    }
}
