package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.LatencyBuckets;
import dev.switchyard.core.usage.LatencyMetric;
import dev.switchyard.core.usage.LatencyRow;
import dev.switchyard.core.usage.LedgerFilter;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The latency histograms beside the rollups, for every backend: every record counted once (replays and repeats in a
 * batch are not), hourly, daily and whole-period reads agree, percentiles equal the raw values rounded up to their
 * bucket, latencies on and next to every bucket bound fall in the bucket {@link LatencyBuckets#indexOf} names; and
 * the ledger search pages newest first through its filters.
 */
abstract class LatencyRollupContract {

    static final long DAY0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    private static UsageRecord record(String id, long at, String model, int status, long latency, long ttft) {
        return new UsageRecord(id, at, "chat.completions", model, status < 400 ? model : "", "p", "u", true, status,
                status < 400 ? "" : "x", "stop", new Usage(1, 1, 0, 0, 0), new Cost(1, 0, 0, 0), latency, ttft,
                List.of(new AttemptRecord("p", "u", status, "", latency)),
                new Dimensions("k" + (id.hashCode() & 1), "w", "", "", "v", "US"));
    }

    @Test
    void everyRecordIsCountedOnceAndPercentilesAreTheBucketsOfTheRawValues() throws Exception {
        Random random = new Random(5);
        List<UsageRecord> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long at = DAY0 + (long) (random.nextDouble() * 3 * Bucket.DAY_MILLIS);
            long latency = (long) Math.exp(random.nextDouble() * 10);
            all.add(record("g" + i, at, i % 3 == 0 ? "m/a" : "m/b", i % 17 == 0 ? 502 : 200, latency,
                    i % 17 == 0 ? -1 : latency / 3));
        }
        try (JdbcUsageStore store = newStore()) {
            for (int i = 0; i < all.size(); i += 500) {
                List<UsageRecord> batch = new ArrayList<>(all.subList(i, Math.min(all.size(), i + 500)));
                batch.add(batch.get(0)); // a repeat inside the batch
                store.append(batch);
            }
            store.append(all.subList(0, 700)); // a replay
            long from = DAY0 + 5 * Bucket.HOUR_MILLIS;
            long to = DAY0 + 2 * Bucket.DAY_MILLIS + 7 * Bucket.HOUR_MILLIS;
            List<UsageRecord> inPeriod = all.stream().filter(r -> r.createdAtMillis() >= from
                    && r.createdAtMillis() < to).toList();
            List<LatencyRow> whole = store.latency(from, to, Bucket.NONE, false);
            long[] latency = counts(whole, LatencyMetric.LATENCY);
            long[] ttft = counts(whole, LatencyMetric.TTFT);
            assertThat(Arrays.stream(latency).sum()).isEqualTo(inPeriod.size());
            assertThat(Arrays.stream(ttft).sum()).isEqualTo(inPeriod.stream().filter(r -> r.ttftMillis() >= 0).count());
            for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
                assertThat(LatencyBuckets.quantile(latency, q).getAsLong())
                        .isEqualTo(bucketed(inPeriod.stream().map(UsageRecord::latencyMillis).toList(), q));
            }
            // hourly and daily reads hold the same counts as the whole period
            long[] hourly = new long[LatencyBuckets.count()];
            store.latency(from, to, Bucket.HOUR, true).stream().filter(r -> r.metric() == LatencyMetric.LATENCY)
                    .forEach(r -> add(hourly, r.counts()));
            long[] daily = new long[LatencyBuckets.count()];
            store.latency(from, to, Bucket.DAY, false).stream().filter(r -> r.metric() == LatencyMetric.LATENCY)
                    .forEach(r -> add(daily, r.counts()));
            assertThat(hourly).containsExactly(latency);
            assertThat(daily).containsExactly(latency);

            // the search: newest first, filtered, pages without gaps or repeats
            List<String> seen = new ArrayList<>();
            Optional<LedgerFilter.Cursor> before = Optional.empty();
            while (true) {
                List<UsageRecord> page = store.search(new LedgerFilter(Optional.empty(), Optional.of("m/a"),
                        Optional.empty(), 200, 299, from, to, before, 97));
                page.forEach(r -> seen.add(r.id()));
                if (page.size() < 97) {
                    break;
                }
                UsageRecord last = page.get(page.size() - 1);
                before = Optional.of(new LedgerFilter.Cursor(last.createdAtMillis(), last.id()));
            }
            List<String> expected = inPeriod.stream().filter(r -> r.modelServed().equals("m/a"))
                    .sorted((a, b) -> a.createdAtMillis() != b.createdAtMillis()
                            ? Long.compare(b.createdAtMillis(), a.createdAtMillis()) : b.id().compareTo(a.id()))
                    .map(UsageRecord::id).toList();
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    /** A new, empty store of the backend under test. */
    protected abstract JdbcUsageStore newStore() throws Exception;

    @Test
    void everyBoundAndItsNeighboursFallInTheBucketsIndexOfNames() throws Exception {
        List<UsageRecord> records = new ArrayList<>();
        List<Long> latencies = new ArrayList<>(List.of(-5L, Long.MAX_VALUE / 2));
        for (long bound : LatencyBuckets.bounds()) {
            if (bound < LatencyBuckets.OVERFLOW) {
                latencies.addAll(List.of(bound - 1, bound, bound + 1));
            }
        }
        for (int i = 0; i < latencies.size(); i++) {
            // one hour per latency, so each hour's histogram holds exactly one count per metric
            long at = DAY0 + i * Bucket.HOUR_MILLIS;
            records.add(record(String.format("b%04d", i), at, "m/a", 200, latencies.get(i), latencies.get(i)));
        }
        try (JdbcUsageStore store = newStore()) {
            store.append(records);
            List<LatencyRow> rows = store.latency(DAY0, DAY0 + latencies.size() * Bucket.HOUR_MILLIS, Bucket.HOUR,
                    false);
            for (LatencyMetric metric : LatencyMetric.values()) {
                List<Integer> buckets = rows.stream().filter(r -> r.metric() == metric)
                        .sorted(java.util.Comparator.comparingLong(LatencyRow::bucketStartMillis))
                        .map(r -> onlyBucket(r.counts())).toList();
                List<Integer> expected = latencies.stream()
                        .filter(ms -> metric == LatencyMetric.LATENCY || ms >= 0)
                        .map(LatencyBuckets::indexOf).toList();
                assertThat(buckets).as("%s", metric).isEqualTo(expected);
            }
        }
    }

    private static int onlyBucket(long[] counts) {
        int found = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                assertThat(found).as("one count per hour").isEqualTo(-1);
                assertThat(counts[i]).isEqualTo(1);
                found = i;
            }
        }
        return found;
    }

    @Test
    void bucketsAreALogScaleWithAnOverflow() {
        assertThat(LatencyBuckets.bound(0)).isZero();
        assertThat(LatencyBuckets.indexOf(0)).isZero();
        assertThat(LatencyBuckets.bound(LatencyBuckets.indexOf(101))).isEqualTo(126);
        assertThat(LatencyBuckets.bound(LatencyBuckets.indexOf(100))).isEqualTo(100);
        assertThat(LatencyBuckets.bound(LatencyBuckets.indexOf(5_000_000))).isEqualTo(LatencyBuckets.OVERFLOW);
        long[] counts = new long[LatencyBuckets.count()];
        counts[LatencyBuckets.count() - 1] = 1;
        assertThat(LatencyBuckets.quantile(counts, 0.5)).hasValue(1_000_000);
        assertThat(LatencyBuckets.quantile(new long[LatencyBuckets.count()], 0.5)).isEmpty();
        for (int i = 9; i < LatencyBuckets.count() - 1; i++) {
            assertThat((double) LatencyBuckets.bound(i) / LatencyBuckets.bound(i - 1)).isLessThanOrEqualTo(1.3);
        }
    }

    private static long[] counts(List<LatencyRow> rows, LatencyMetric m) {
        long[] out = new long[LatencyBuckets.count()];
        rows.stream().filter(r -> r.metric() == m).forEach(r -> add(out, r.counts()));
        return out;
    }

    private static void add(long[] into, long[] c) {
        for (int i = 0; i < into.length; i++) {
            into[i] += c[i];
        }
    }

    private static long bucketed(List<Long> values, double q) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return LatencyBuckets.bound(LatencyBuckets.indexOf(sorted.get((int) Math.ceil(q * sorted.size()) - 1)));
    }
}
