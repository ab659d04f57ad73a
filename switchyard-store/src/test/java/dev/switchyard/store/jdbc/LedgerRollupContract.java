package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.LatencyMetric;
import dev.switchyard.core.usage.LatencyQueries;
import dev.switchyard.core.usage.LatencyRow;
import dev.switchyard.core.usage.LedgerFilter;
import dev.switchyard.core.usage.LedgerSearch;
import dev.switchyard.core.usage.LedgerRetention;
import dev.switchyard.core.usage.SpendHistory;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageRow;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.core.usage.UsageTotals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rollups against the raw truth, for every backend: a seeded month of traffic (several keys, workspaces, models,
 * providers and apps; error rows; records replayed across and within batches) is written through the store in the
 * writer's batch size, and every query is compared with the same aggregation done in Java over the records that were
 * really stored (the first of each id), and every rollup table is compared with a {@code GROUP BY} over the raw
 * {@code generations} table. The month is seeded once per class; the retention and migration tests use their own
 * databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerRollupContract {

    static final long MONTH_START = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
    static final int DAYS = 30;
    static final int RECORDS = 40_000;
    static final int BATCH = 512;

    private static final String[] KEYS = {"k0", "k1", "k2", "k3", "k4", ""};
    private static final String[] WORKSPACE_OF_KEY = {"w0", "w0", "w1", "w1", "w2", ""};
    private static final String[] MODELS = {"deepseek/chat", "qwen/max", "openai/gpt", "anthropic/claude", "z/glm"};
    private static final String[] VENDORS = {"deepseek", "qwen", "openai", "anthropic", "z"};
    private static final String[] ORIGINS = {"CN", "CN", "US", "US", "CN"};
    private static final String[] PROVIDERS = {"p0", "p1", "p2"};
    private static final String[] APPS = {"", "console", "cli", "https://app.example"};

    /** A new, empty database of the backend under test: raw connections to it, and the store on it. */
    protected interface Database {
        Connection connect() throws SQLException;

        UsageStore open();
    }

    protected Database database;
    protected UsageStore store;
    /** What the store must hold: the first record written under each id. */
    protected final Map<String, UsageRecord> stored = new LinkedHashMap<>();

    protected abstract Database newDatabase() throws Exception;

    protected UsageStore newStore() throws Exception {
        return newDatabase().open();
    }

    UsageQueries queries() {
        return (UsageQueries) store;
    }

    SpendHistory spend() {
        return (SpendHistory) store;
    }

    @BeforeAll
    void seedMonth() throws Exception {
        database = newDatabase();
        store = database.open();
        seed(store, stored, RECORDS);
    }

    private static void seed(UsageStore store, Map<String, UsageRecord> stored, int records) {
        Random random = new Random(20261001);
        List<UsageRecord> written = new ArrayList<>(records);
        List<UsageRecord> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < records; i++) {
            UsageRecord r = randomRecord(random, "gen-" + i);
            batch.add(r);
            written.add(r);
            if (random.nextInt(100) < 2 && written.size() > 10) {
                // a replay of an earlier record, possibly of this very batch, with different numbers
                UsageRecord old = written.get(random.nextInt(written.size()));
                batch.add(randomRecord(random, old.id()));
            }
            if (batch.size() >= BATCH) {
                append(store, stored, batch);
            }
        }
        append(store, stored, batch);
        // one whole batch replayed, as the writer does after a failure it could not see through
        append(store, stored, new ArrayList<>(written.subList(1000, 1000 + BATCH)));
    }

    private static void append(UsageStore store, Map<String, UsageRecord> stored, List<UsageRecord> batch) {
        store.append(batch);
        for (UsageRecord r : batch) {
            stored.putIfAbsent(r.id(), r);
        }
        batch.clear();
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    static UsageRecord randomRecord(Random random, String id) {
        long at = MONTH_START + (long) (random.nextDouble() * DAYS * Bucket.DAY_MILLIS);
        int k = random.nextInt(KEYS.length);
        int m = random.nextInt(MODELS.length);
        int roll = random.nextInt(100);
        int status = roll < 4 ? 429 : roll < 6 ? 500 : roll < 7 ? 499 : roll < 8 ? 400 : 200;
        boolean served = status == 200 || status == 499;
        Usage usage = served ? new Usage(100 + random.nextInt(5000), random.nextInt(2000), random.nextInt(80),
                random.nextInt(20), random.nextInt(50)) : Usage.NONE;
        Cost cost = served ? new Cost(random.nextInt(1_000_000), random.nextInt(3_000_000), random.nextInt(9_000),
                random.nextInt(3)) : Cost.ZERO;
        String provider = served || random.nextBoolean() ? PROVIDERS[random.nextInt(PROVIDERS.length)] : "";
        return new UsageRecord(id, at, "chat.completions", "ask-" + MODELS[m], served ? MODELS[m] : "", provider,
                served ? "up-" + m : "", random.nextBoolean(), status, status == 200 ? "" : "http_" + status,
                served ? "stop" : "", usage, cost, 50 + random.nextInt(5000), served ? random.nextInt(500) : -1,
                List.of(), new Dimensions(KEYS[k], WORKSPACE_OF_KEY[k], APPS[random.nextInt(APPS.length)],
                        "u" + random.nextInt(10), VENDORS[m], ORIGINS[m]));
    }

    static String value(UsageRecord r, UsageDimension d) {
        return switch (d) {
            case KEY -> r.dimensions().keyId();
            case WORKSPACE -> r.dimensions().workspaceId();
            case MODEL -> r.modelServed().isEmpty() ? r.modelRequested() : r.modelServed();
            case VENDOR -> r.dimensions().vendor();
            case ORIGIN -> r.dimensions().origin();
            case PROVIDER -> r.providerId();
            case APP -> r.dimensions().app();
        };
    }

    /** The query answered by brute force over the stored records. */
    List<UsageRow> expected(UsageQuery q) {
        return expected(stored, q);
    }

    static List<UsageRow> expected(Map<String, UsageRecord> stored, UsageQuery q) {
        record Group(long bucket, List<String> values) {
        }
        Map<Group, UsageTotals> sums = new HashMap<>();
        for (UsageRecord r : stored.values()) {
            if (r.createdAtMillis() < q.fromMillis() || r.createdAtMillis() >= q.toMillis()) {
                continue;
            }
            if (!q.filters().entrySet().stream().allMatch(f -> value(r, f.getKey()).equals(f.getValue()))) {
                continue;
            }
            List<String> values = q.groupBy().stream().map(d -> value(r, d)).toList();
            sums.merge(new Group(q.bucket().startOf(r.createdAtMillis(), q.fromMillis()), values), UsageTotals.of(r),
                    UsageTotals::plus);
        }
        Comparator<Group> order = Comparator.comparingLong(Group::bucket);
        for (int i = 0; i < q.groupBy().size(); i++) {
            int k = i;
            order = order.thenComparing(g -> g.values().get(k));
        }
        List<UsageRow> rows = new ArrayList<>();
        sums.entrySet().stream().sorted(Map.Entry.comparingByKey(order)).forEach(e -> {
            Map<UsageDimension, String> groups = new LinkedHashMap<>();
            for (int i = 0; i < q.groupBy().size(); i++) {
                groups.put(q.groupBy().get(i), e.getKey().values().get(i));
            }
            rows.add(new UsageRow(e.getKey().bucket(), groups, e.getValue()));
        });
        return rows;
    }

    void assertMatches(UsageQuery q) {
        List<UsageRow> actual = queries().usage(q);
        assertThat(actual).as("%s", q).isNotEmpty().isEqualTo(expected(q));
    }

    static long at(int day, int hour, int minute) {
        return MONTH_START + day * Bucket.DAY_MILLIS + hour * Bucket.HOUR_MILLIS + minute * 60_000L;
    }

    @Test
    void seededMonthIsStoredOncePerId() {
        long requests = queries().usage(UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.NONE)).get(0)
                .totals().requests();
        assertThat(requests).isEqualTo(stored.size()).isEqualTo(RECORDS);
        UsageRecord first = stored.get("gen-1200");
        assertThat(store.find("gen-1200")).contains(first);
    }

    @Test
    void dailyByModelAndProviderOverTheMonth() {
        assertMatches(UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.DAY)
                .groupedBy(UsageDimension.MODEL, UsageDimension.PROVIDER));
    }

    @Test
    void hourlyByKeyOverUnalignedDays() {
        assertMatches(UsageQuery.of(at(3, 5, 0), at(6, 17, 0), Bucket.HOUR).groupedBy(UsageDimension.KEY));
    }

    @Test
    void dailyBucketsFromHourlyAndDailySpansWithAKeyFilter() {
        assertMatches(UsageQuery.of(at(2, 7, 0), at(12, 13, 0), Bucket.DAY).groupedBy(UsageDimension.MODEL)
                .where(UsageDimension.KEY, "k1"));
    }

    @Test
    void oneTotalByEveryOtherDimensionOverThreeSpans() {
        assertMatches(UsageQuery.of(at(4, 22, 0), at(14, 3, 0), Bucket.NONE).groupedBy(UsageDimension.WORKSPACE,
                UsageDimension.VENDOR, UsageDimension.ORIGIN, UsageDimension.APP));
    }

    @Test
    void filtersCombineAndUnalignedBoundsWidenToWholeHours() {
        UsageQuery q = UsageQuery.of(at(1, 3, 17), at(20, 9, 41), Bucket.NONE)
                .where(UsageDimension.WORKSPACE, "w1").where(UsageDimension.PROVIDER, "p1")
                .where(UsageDimension.MODEL, "qwen/max");
        assertThat(q.fromMillis()).isEqualTo(at(1, 3, 0));
        assertThat(q.toMillis()).isEqualTo(at(20, 10, 0));
        assertMatches(q);
        assertMatches(UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.DAY).groupedBy(UsageDimension.KEY,
                UsageDimension.APP).where(UsageDimension.MODEL, "deepseek/chat"));
    }

    @Test
    void errorsAndLatencyAreSummed() {
        UsageTotals t = queries().usage(UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.NONE)).get(0).totals();
        long errors = stored.values().stream().filter(r -> r.status() >= 400).count();
        long latency = stored.values().stream().mapToLong(UsageRecord::latencyMillis).sum();
        assertThat(t.errors()).isEqualTo(errors).isPositive();
        assertThat(t.latencyMillisSum()).isEqualTo(latency);
        assertThat(t.errorRate()).isBetween(0.05, 0.11);
    }

    @Test
    void spentSinceMatchesTheRecordsFromTheStartOfThatHour() {
        Random random = new Random(7);
        List<Scope> scopes = List.of(Scope.key("k0"), Scope.key("k3"), Scope.key(""), Scope.workspace("w0"),
                Scope.workspace("w2"), Scope.key("nobody"));
        List<Long> instants = new ArrayList<>(List.of(MONTH_START, at(10, 0, 0), at(DAYS, 0, 0), MONTH_START - 1));
        for (int i = 0; i < 6; i++) {
            instants.add(MONTH_START + (long) (random.nextDouble() * DAYS * Bucket.DAY_MILLIS));
        }
        for (Scope scope : scopes) {
            for (long since : instants) {
                long from = Bucket.floorHour(since);
                long want = stored.values().stream().filter(r -> r.createdAtMillis() >= from)
                        .filter(r -> scope.id().equals(scope.kind() == Scope.Kind.KEY ? r.dimensions().keyId()
                                : r.dimensions().workspaceId()))
                        .mapToLong(r -> r.cost().totalPicos()).sum();
                assertThat(spend().spentSince(scope, since)).as("%s since %s", scope, Instant.ofEpochMilli(since))
                        .isEqualTo(want);
            }
        }
    }

    @Test
    void totalsAndModelQueriesFromTheNarrowRollups() {
        assertMatches(UsageQuery.of(at(2, 7, 0), at(25, 13, 0), Bucket.HOUR));
        assertMatches(UsageQuery.of(at(2, 7, 0), at(25, 13, 0), Bucket.DAY));
        assertMatches(UsageQuery.of(at(2, 7, 0), at(25, 13, 0), Bucket.NONE));
        assertMatches(UsageQuery.of(at(0, 5, 0), at(DAYS, 0, 0), Bucket.DAY)
                .groupedBy(UsageDimension.VENDOR, UsageDimension.MODEL, UsageDimension.ORIGIN));
        assertMatches(UsageQuery.of(at(3, 1, 0), at(9, 23, 0), Bucket.HOUR).groupedBy(UsageDimension.ORIGIN)
                .where(UsageDimension.VENDOR, "qwen"));
        assertMatches(UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.NONE).groupedBy(UsageDimension.MODEL)
                .where(UsageDimension.ORIGIN, "CN"));
    }

    /**
     * Each hourly rollup table, summed by its keys, and each hourly latency histogram's request counts, against the
     * same sums computed by SQL over the raw ledger; each daily one likewise over the days folded
     * ({@link DailyFold}), which the seeded month's batches (records of every day in each) moved to the last day.
     */
    @Test
    void everyRollupTableEqualsAGroupByOverTheRawTable() throws Exception {
        assertRollupTablesMatchTheRawTable(database, DAYS - 1);
    }

    /** The assertions above on {@code db}, whose daily tables must be folded up to {@code foldedDays} days. */
    static void assertRollupTablesMatchTheRawTable(Database db, int foldedDays) throws Exception {
        long foldedBefore;
        try (Connection c = db.connect()) {
            foldedBefore = DailyFold.foldedBefore(c);
        }
        assertThat(foldedBefore).as("days folded").isEqualTo(at(foldedDays, 0, 0));
        String model = LedgerQuery.MODEL;
        String day = "created_at_ms / 86400000 * 86400000";
        String hour = "created_at_ms / 3600000 * 3600000";
        String folded = " WHERE created_at_ms < " + foldedBefore;
        assertThat(rollupTable(db, "usage_daily", "bucket_ms, model"))
                .hasSizeGreaterThan(foldedDays * 3).isEqualTo(rawTable(db, day + ", " + model, folded));
        assertThat(rollupTable(db, "usage_hourly",
                "bucket_ms, key_id, workspace_id, model, provider, vendor, origin, app"))
                .hasSizeGreaterThan(DAYS * 24).isEqualTo(rawTable(db, hour + ", key_id, workspace_id, " + model
                        + ", provider, vendor, origin, app", ""));
        assertThat(rollupTable(db, "usage_models_daily", "bucket_ms, model, vendor, origin"))
                .hasSizeGreaterThan(foldedDays * 3).isEqualTo(rawTable(db, day + ", " + model + ", vendor, origin",
                        folded));
        assertThat(rollupTable(db, "usage_models_hourly", "bucket_ms, model, vendor, origin"))
                .hasSizeGreaterThan(DAYS * 24).isEqualTo(rawTable(db, hour + ", " + model + ", vendor, origin", ""));
        assertThat(rollupTable(db, "usage_totals_daily", "bucket_ms")).hasSize(foldedDays)
                .isEqualTo(rawTable(db, day, folded));
        assertThat(rollupTable(db, "usage_totals_hourly", "bucket_ms")).hasSize(DAYS * 24)
                .isEqualTo(rawTable(db, hour, ""));
        for (String grain : List.of("hourly", "daily")) {
            String bucket = grain.equals("hourly") ? hour : day;
            String where = grain.equals("hourly") ? "" : folded;
            String perModel = "SELECT bucket_ms, model, SUM(requests) FROM latency_" + grain
                    + " WHERE metric = 'latency' GROUP BY bucket_ms, model";
            String all = "SELECT bucket_ms, SUM(requests) FROM latency_all_" + grain
                    + " WHERE metric = 'latency' GROUP BY bucket_ms";
            assertThat(plain(db, all)).hasSizeGreaterThanOrEqualTo(foldedDays).isEqualTo(plain(db,
                    "SELECT " + bucket + ", COUNT(*) FROM generations" + where + " GROUP BY " + bucket));
            assertThat(plain(db, perModel)).isEqualTo(plain(db, "SELECT " + bucket + ", " + model
                    + ", COUNT(*) FROM generations" + where + " GROUP BY " + bucket + ", " + model));
        }
    }

    /**
     * Daily rollups are folded from finished hours ({@link DailyFold}): a day is read from the hourly rollups until
     * the ledger has a record an hour past its end, then folded once; a late record of a folded day is added to both;
     * a replay adds nothing; a fold repeated changes nothing; a daily row already there (a replica of an older
     * version) is replaced by the fold, not added to.
     */
    @Test
    void finishedDaysAreFoldedOnceAndLateRecordsCountOnce() throws Exception {
        Database db = newDatabase();
        Map<String, UsageRecord> stored = new LinkedHashMap<>();
        Random random = new Random(11);
        try (UsageStore store = db.open()) {
            List<UsageRecord> firstDay = records(random, "d1-", 300, at(1, 10, 0), at(1, 20, 0));
            append(store, stored, new ArrayList<>(firstDay));
            assertThat(foldedBefore(db)).as("nothing before the first day to fold").isEqualTo(at(1, 0, 0));
            assertThat(count(db, "usage_totals_daily")).isZero();
            assertStoreAnswers(store, stored);

            append(store, stored, records(random, "d2a-", 50, at(2, 0, 10), at(2, 0, 50)));
            assertThat(foldedBefore(db)).as("within the hour's grace").isEqualTo(at(1, 0, 0));
            assertStoreAnswers(store, stored);
            // what an older replica would have added to day 1 meanwhile, counted in its hourly rows too
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO usage_totals_daily (bucket_ms, requests, errors, prompt_tokens,"
                        + " completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost_picos,"
                        + " latency_ms_sum) VALUES (" + at(1, 0, 0) + ", 7, 0, 0, 0, 0, 0, 0, 0, 0)");
            }

            append(store, stored, records(random, "d2b-", 50, at(2, 1, 0), at(2, 3, 0)));
            assertThat(foldedBefore(db)).as("day 1 folded").isEqualTo(at(2, 0, 0));
            assertThat(count(db, "usage_totals_daily")).isEqualTo(1);
            assertStoreAnswers(store, stored);

            List<UsageRecord> late = records(random, "d1late-", 40, at(1, 5, 0), at(1, 23, 0));
            List<UsageRecord> lateAndReplayed = new ArrayList<>(late);
            lateAndReplayed.addAll(firstDay.subList(0, 100));
            append(store, stored, lateAndReplayed);
            assertThat(foldedBefore(db)).isEqualTo(at(2, 0, 0));
            assertStoreAnswers(store, stored);
            List<String> daily = plain(db, "SELECT bucket_ms, SUM(requests), SUM(cost_picos) FROM usage_daily"
                    + " GROUP BY bucket_ms");
            assertThat(daily).containsExactly(at(1, 0, 0) + " | 340 | " + stored.values().stream()
                    .filter(r -> r.createdAtMillis() < at(2, 0, 0)).mapToLong(r -> r.cost().totalPicos()).sum());
            assertThat(plain(db, "SELECT requests FROM usage_totals_daily")).containsExactly("340");

            try (Connection c = db.connect()) {
                assertThat(DailyFold.fold(c, Migrations.isPostgres(c), at(2, 3, 0))).as("nothing more is due")
                        .isEqualTo(at(2, 0, 0));
            }
            assertThat(plain(db, "SELECT requests FROM usage_totals_daily")).containsExactly("340");
            assertStoreAnswers(store, stored);
        }
    }

    private static List<UsageRecord> records(Random random, String prefix, int n, long from, long to) {
        List<UsageRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UsageRecord r = randomRecord(random, prefix + i);
            out.add(createdAt(r, from + (long) (random.nextDouble() * (to - from))));
        }
        return out;
    }

    /** The record as if made at {@code millis}. */
    static UsageRecord createdAt(UsageRecord r, long millis) {
        return new UsageRecord(r.id(), millis, r.api(), r.modelRequested(), r.modelServed(), r.providerId(),
                r.upstreamModel(), r.streamed(), r.status(), r.errorClass(), r.finishReason(), r.usage(), r.cost(),
                r.latencyMillis(), r.ttftMillis(), r.attempts(), r.dimensions());
    }

    private static long foldedBefore(Database db) throws SQLException {
        try (Connection c = db.connect()) {
            return DailyFold.foldedBefore(c);
        }
    }

    private static long count(Database db, String table) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Day, hour and whole-period usage, spend and latency over days 0-3, against the stored records. */
    private static void assertStoreAnswers(UsageStore store, Map<String, UsageRecord> stored) {
        UsageQueries q = (UsageQueries) store;
        for (UsageQuery query : List.of(UsageQuery.of(at(0, 0, 0), at(4, 0, 0), Bucket.DAY),
                UsageQuery.of(at(0, 6, 0), at(3, 0, 0), Bucket.DAY).groupedBy(UsageDimension.MODEL),
                UsageQuery.of(at(0, 0, 0), at(4, 0, 0), Bucket.NONE).groupedBy(UsageDimension.KEY,
                        UsageDimension.APP),
                UsageQuery.of(at(1, 0, 0), at(3, 0, 0), Bucket.HOUR).groupedBy(UsageDimension.ORIGIN))) {
            assertThat(q.usage(query)).as("%s", query).isEqualTo(expected(stored, query));
        }
        for (String key : KEYS) {
            Scope scope = Scope.key(key);
            long want = stored.values().stream().filter(r -> r.dimensions().keyId().equals(key))
                    .mapToLong(r -> r.cost().totalPicos()).sum();
            assertThat(((SpendHistory) store).spentSince(scope, at(0, 0, 0))).as(key).isEqualTo(want);
        }
        long latencies = ((LatencyQueries) store).latency(at(0, 0, 0), at(4, 0, 0), Bucket.DAY, false).stream()
                .filter(row -> row.metric() == LatencyMetric.LATENCY)
                .mapToLong(row -> java.util.Arrays.stream(row.counts()).sum()).sum();
        assertThat(latencies).isEqualTo(stored.size());
    }

    private static List<String> plain(Database db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    line.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                out.add(line.toString());
            }
        }
        out.sort(null);
        return out;
    }

    private static final String SUMS = "SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens),"
            + " SUM(cached_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_picos),"
            + " SUM(latency_ms_sum)";
    private static final String RAW_SUMS = "COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END),"
            + " SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens), SUM(cache_write_tokens),"
            + " SUM(reasoning_tokens), SUM(cost_total_picos), SUM(latency_ms)";

    private static List<String> rollupTable(Database db, String table, String keys) throws SQLException {
        return lines(db, "SELECT " + keys + ", " + SUMS + " FROM " + table + " GROUP BY " + keys,
                keys.split(",").length);
    }

    private static List<String> rawTable(Database db, String keys, String where) throws SQLException {
        return lines(db, "SELECT " + keys + ", " + RAW_SUMS + " FROM generations" + where + " GROUP BY " + keys,
                keys.split(",").length);
    }

    /** The rows as text, in Java's order. */
    private static List<String> lines(Database db, String sql, int keys) throws SQLException {
        List<String> out = plain(db, sql);
        assertThat(out).allSatisfy(line -> assertThat(line.split(" \\| ")).hasSize(keys + 9));
        return out;
    }

    /**
     * A ledger written before migration V8 (schema V7: raw rows, the full rollups and the latency histograms only)
     * is migrated: the narrower rollups are back-filled from the full ones and answer exactly, the writer goes on
     * adding to the migrated tables, and the explorer's model filter reads the new index.
     */
    @Test
    void migrationV8BackfillsTheNarrowRollupsFromTheFullOnes() throws Exception {
        Database db = newDatabase();
        Random random = new Random(8);
        List<UsageRecord> old = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            old.add(randomRecord(random, "v7-" + i));
        }
        old.sort(Comparator.comparing(UsageRecord::id));
        try (Connection c = db.connect(); StatementCache statements = new StatementCache()) {
            Migrations.apply(c, 7);
            c.setAutoCommit(false);
            List<UsageRecord> added = JdbcUsageStore.insert(c, old, statements);
            // before V11 every batch added to the daily rollups: every day counts as folded
            new RollupWriter().add(c, added, statements, EnumSet.of(Rollup.FULL), Long.MAX_VALUE);
            // V7's histograms: the all-models counts were rows with an empty model, in the same tables
            for (Grain g : Grain.values()) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO latency_"
                        + (g == Grain.HOUR ? "hourly" : "daily")
                        + " (bucket_ms, model, metric, le_ms, requests) VALUES (?, ?, ?, ?, ?)")) {
                    for (Map.Entry<LatencyRollup.Key, Long> e : LatencyRollup.counts(added, g).entrySet()) {
                        s.setLong(1, e.getKey().bucketMs());
                        s.setString(2, e.getKey().model());
                        s.setString(3, e.getKey().metric());
                        s.setLong(4, e.getKey().le());
                        s.setLong(5, e.getValue());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            c.commit();
        }
        Map<String, UsageRecord> stored = new LinkedHashMap<>();
        old.forEach(r -> stored.put(r.id(), r));
        List<UsageQuery> queries = List.of(UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.HOUR),
                UsageQuery.of(at(1, 5, 0), at(DAYS, 0, 0), Bucket.DAY),
                UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.DAY).groupedBy(UsageDimension.MODEL,
                        UsageDimension.VENDOR),
                UsageQuery.of(at(2, 3, 0), at(20, 0, 0), Bucket.NONE).groupedBy(UsageDimension.ORIGIN),
                UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.DAY).groupedBy(UsageDimension.KEY,
                        UsageDimension.APP));
        try (UsageStore migrated = db.open()) {
            UsageQueries q = (UsageQueries) migrated;
            for (UsageQuery query : queries) {
                assertThat(q.usage(query)).as("%s", query).isNotEmpty().isEqualTo(expected(stored, query));
            }
            for (boolean byModel : new boolean[] {false, true}) {
                // the all-models rows moved to their own tables, and none is left among the models
                long counted = ((LatencyQueries) migrated).latency(MONTH_START, at(DAYS, 0, 0), Bucket.NONE, byModel)
                        .stream().filter(r -> r.metric() == LatencyMetric.LATENCY)
                        .peek(r -> assertThat(r.model().isEmpty()).isEqualTo(!byModel))
                        .mapToLong(r -> java.util.Arrays.stream(r.counts()).sum()).sum();
                assertThat(counted).as("by model: %s", byModel).isEqualTo(old.size());
            }

            List<UsageRecord> more = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                more.add(randomRecord(random, "v8-" + i));
            }
            migrated.append(more);
            more.forEach(r -> stored.putIfAbsent(r.id(), r));
            for (UsageQuery query : queries) {
                assertThat(q.usage(query)).as("%s", query).isEqualTo(expected(stored, query));
            }

            List<UsageRecord> page = ((LedgerSearch) migrated).search(new LedgerFilter(Optional.empty(),
                    Optional.of("qwen/max"), Optional.empty(), 0, 999, 0, Long.MAX_VALUE, Optional.empty(), 40));
            List<UsageRecord> want = stored.values().stream()
                    .filter(r -> value(r, UsageDimension.MODEL).equals("qwen/max"))
                    .sorted(Comparator.comparingLong(UsageRecord::createdAtMillis).thenComparing(UsageRecord::id)
                            .reversed())
                    .limit(40).toList();
            assertThat(page).hasSize(40).isEqualTo(want);
        }
    }

    @Test
    void retentionDeletesOldRawRecordsInBatchesAndKeepsTheRollups() throws Exception {
        Map<String, UsageRecord> stored = new LinkedHashMap<>();
        try (UsageStore store = newStore()) {
            seed(store, stored, 6_000);
            retention(store, stored);
        }
    }

    private static void retention(UsageStore store, Map<String, UsageRecord> stored) {
        UsageQueries queries = (UsageQueries) store;
        UsageQuery month = UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.DAY).groupedBy(UsageDimension.MODEL);
        List<UsageRow> before = queries.usage(month);
        assertThat(before).isEqualTo(expected(stored, month));
        long now = at(DAYS, 0, 0) + 12 * Bucket.HOUR_MILLIS;
        long cutoff = now - 10 * Bucket.DAY_MILLIS;
        long old = stored.values().stream().filter(r -> r.createdAtMillis() < cutoff).count();
        assertThat(new LedgerRetention(store, 0, () -> now, 1_000).sweep()).isZero();
        LedgerRetention retention = new LedgerRetention(store, 10, () -> now, 1_000);
        assertThat(retention.cutoffMillis()).isEqualTo(cutoff);
        assertThat(retention.sweep()).isEqualTo(old);
        assertThat(retention.sweep()).isZero();
        for (UsageRecord r : List.copyOf(stored.values()).subList(0, 2_000)) {
            assertThat(store.find(r.id()).isPresent()).as(r.id()).isEqualTo(r.createdAtMillis() >= cutoff);
        }
        assertThat(queries.usage(month)).isEqualTo(before);
    }
}
