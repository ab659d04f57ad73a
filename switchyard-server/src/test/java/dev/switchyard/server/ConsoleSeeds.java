package dev.switchyard.server;

import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Two weeks of varied ledger rows for the console's tests (written straight into a gateway's store, beside the real
 * requests the tests send through the simulator), and plain SQL over the raw ledger to check the console against.
 * In the week of 2026-11-02 OpenAI leads; in the week of 2026-11-09 DeepSeek overtakes it.
 */
final class ConsoleSeeds {

    /** The gateway's wall clock in the console tests: Sunday 2026-11-15 12:34 UTC, inside the second week. */
    static final long NOW = Instant.parse("2026-11-15T12:34:00Z").toEpochMilli();
    static final long WEEK1 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
    static final long WEEK2 = Instant.parse("2026-11-09T00:00:00Z").toEpochMilli();
    static final long WEEK_MILLIS = 7 * 86_400_000L;

    private record Model(String id, String vendor, String origin, String provider) {
    }

    private static final List<Model> MODELS = List.of(
            new Model("deepseek/deepseek-chat", "deepseek", "CN", "deepseek"),
            new Model("openai/gpt-5-mini", "openai", "US", "openai"),
            new Model("qwen/qwen3-coder", "qwen", "CN", "alibaba"),
            new Model("test/echo", "test", "US", "sim"),
            new Model("test/claude", "test", "US", "sim-anthropic"));
    private static final String[] APPS = {"ledger-app-one", "ledger-app-two", ""};

    private ConsoleSeeds() {
    }

    /** {@code n} rows per week, deterministic. */
    static List<UsageRecord> rows(int n) {
        Random random = new Random(42);
        List<UsageRecord> out = new ArrayList<>();
        for (int week = 0; week < 2; week++) {
            long start = week == 0 ? WEEK1 : WEEK2;
            long end = week == 0 ? WEEK2 : NOW - 60_000;
            for (int i = 0; i < n; i++) {
                // week 1: openai twice as likely as deepseek; week 2: the other way round
                int pick = random.nextInt(10);
                Model m = pick < 4 ? MODELS.get(week == 0 ? 1 : 0) : pick < 6 ? MODELS.get(week == 0 ? 0 : 1)
                        : MODELS.get(2 + random.nextInt(3));
                long at = start + (long) (random.nextDouble() * (end - start));
                int status = random.nextInt(20) == 0 ? 502 : random.nextInt(25) == 0 ? 429 : 200;
                long prompt = 100 + random.nextInt(4000);
                long completion = status == 200 ? 10 + random.nextInt(800) : 0;
                long latency = 40 + random.nextInt(6000);
                long ttft = status == 200 ? 10 + random.nextInt((int) Math.min(latency, 2000)) : -1;
                long cost = prompt * 1_000_000L + completion * 2_000_000L;
                String key = random.nextBoolean() ? "k-alpha" : "k-beta";
                List<AttemptRecord> attempts = status == 200
                        ? List.of(new AttemptRecord(m.provider(), m.id() + "-up", 200, "", latency))
                        : List.of(new AttemptRecord(m.provider(), m.id() + "-up", status, "http_" + status, latency / 2),
                                new AttemptRecord("backup", m.id() + "-b", status, "http_" + status, latency / 2));
                out.add(new UsageRecord("gen-seed-" + week + "-" + i, at, "chat.completions", m.id(),
                        status == 200 ? m.id() : "", m.provider(), m.id() + "-up", random.nextBoolean(), status,
                        status == 200 ? "" : "http_" + status, status == 200 ? "stop" : "",
                        new Usage(prompt, completion, 0, 0, 0), new Cost(cost, 0, 0, 0), latency, ttft, attempts,
                        new Dimensions(key, "default", APPS[random.nextInt(APPS.length)], "", m.vendor(),
                                m.origin())));
            }
        }
        return out;
    }

    /** Runs {@code work} on a plain JDBC connection to the gateway's ledger file. */
    static void sql(TestGateway env, Consumer<Statement> work) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + env.dataDir.resolve("switchyard.db"));
             Statement s = c.createStatement()) {
            work.accept(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query, as a long. */
    static long scalar(TestGateway env, String query) {
        long[] out = new long[1];
        sql(env, s -> {
            try (ResultSet rs = s.executeQuery(query)) {
                rs.next();
                out[0] = rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return out[0];
    }
}
