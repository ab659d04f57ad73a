package dev.switchyard.bench.console;

import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.server.Gateway;
import dev.switchyard.server.GatewayConfig;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * How fast the console's admin queries answer over a large ledger (not a test: a measurement). Seeds N ledger rows
 * (default 10^6) over the last 90 days through the store's real write path (rows, rollups and latency histograms in
 * one transaction per batch), starts a gateway on that data directory, and times each console endpoint over HTTP
 * with an admin key: warm-up rounds, then measured rounds, reporting p50, p95 and max.
 *
 * <p>Traffic shape: 20 keys (each with its own app and one of 4 workspaces), 12 models from 6 vendors in 3 countries,
 * each served by its own provider; about 5% errors. That is about 240 dimension combinations per bucket, so the full
 * hourly rollup holds about 200 rows per hour and the daily one about 240 rows per day; the console reads the
 * narrower rollups (about 12 rows per bucket by model, one for totals) and the latency histograms. The load average is
 * printed before and after timing: on a shared machine the figures mean little without it.
 *
 * <pre>bench/console-queries [rows] [rounds]</pre>
 */
public final class ConsoleQueryBench {

    private static final String[][] MODELS = {
            {"deepseek/deepseek-chat", "deepseek", "CN"}, {"deepseek/deepseek-reasoner", "deepseek", "CN"},
            {"qwen/qwen3-coder", "qwen", "CN"}, {"qwen/qwen3-max", "qwen", "CN"},
            {"moonshotai/kimi-k2", "moonshotai", "CN"}, {"openai/gpt-5", "openai", "US"},
            {"openai/gpt-5-mini", "openai", "US"}, {"anthropic/claude-sonnet-4.5", "anthropic", "US"},
            {"anthropic/claude-haiku-4.5", "anthropic", "US"}, {"google/gemini-2.5-pro", "google", "US"},
            {"google/gemini-2.5-flash", "google", "US"}, {"mistralai/mistral-large", "mistralai", "FR"}};

    private ConsoleQueryBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("switchyard-console-bench");
        long now = System.currentTimeMillis();
        long seedStart = System.nanoTime();
        try (JdbcUsageStore store = JdbcUsageStore.sqlite(dir.resolve("switchyard.db"))) {
            seed(store, rows, now);
        }
        System.out.printf("seeded %,d ledger rows (with rollups and latency histograms) in %.1f s into %s%n", rows,
                (System.nanoTime() - seedStart) / 1e9, dir);
        System.out.println("load average before timing: " + loadAverage());
        Gateway gw = Gateway.start(GatewayConfig.builder().port(0).dataDir(dir).accessLog(false)
                .ledgerRetentionDays(0).build());
        try {
            String admin = adminKey(gw);
            String base = "http://127.0.0.1:" + gw.port();
            HttpClient http = HttpClient.newHttpClient();
            List<String> paths = List.of("/api/v1/admin/overview?window=24h", "/api/v1/admin/overview?window=7d",
                    "/api/v1/admin/overview?window=30d", "/api/v1/admin/overview?window=90d",
                    "/api/v1/admin/rankings?grain=week&by=model", "/api/v1/admin/rankings?grain=week&by=vendor",
                    "/api/v1/admin/rankings?grain=day&by=country", "/api/v1/admin/rankings?grain=week&by=openness",
                    "/api/v1/admin/rankings?grain=week&by=vendor&periods=13",
                    "/api/v1/admin/requests?limit=50", "/api/v1/admin/requests?key=key-07&limit=50",
                    "/api/v1/admin/requests?model=openai/gpt-5&status=5xx&limit=50");
            System.out.println();
            System.out.println("| endpoint | p50 ms | p95 ms | max ms | bytes |");
            System.out.println("|---|---|---|---|---|");
            for (String path : paths) {
                double[] ms = new double[rounds];
                int bytes = 0;
                for (int i = -5; i < rounds; i++) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
                            .header("authorization", "Bearer " + admin).build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    long t1 = System.nanoTime();
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
                    }
                    bytes = r.body().length();
                    if (i >= 0) {
                        ms[i] = (t1 - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                System.out.printf("| `%s` | %.1f | %.1f | %.1f | %,d |%n", path, ms[rounds / 2],
                        ms[(int) Math.ceil(rounds * 0.95) - 1], ms[rounds - 1], bytes);
            }
            System.out.println();
            System.out.println("load average after timing: " + loadAverage());
        } finally {
            gw.close();
        }
    }

    /** The machine's 1, 5 and 15 minute load averages (the timings mean little without them on a shared host). */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2] + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void seed(JdbcUsageStore store, int rows, long now) {
        SplittableRandom random = new SplittableRandom(7);
        long span = 90L * 86_400_000L;
        long start = now - span;
        List<UsageRecord> batch = new ArrayList<>(512);
        for (int i = 0; i < rows; i++) {
            // rows in time order, as the writer produces them
            long at = start + (long) ((double) i / rows * span);
            String[] m = MODELS[Math.min(MODELS.length - 1, (int) Math.floor(Math.abs(random.nextGaussian()) * 4))];
            int key = random.nextInt(20);
            int status = random.nextInt(20) == 0 ? 502 : 200;
            long prompt = 200 + random.nextInt(8000);
            long completion = status == 200 ? 20 + random.nextInt(1500) : 0;
            long latency = 100 + random.nextInt(8000);
            long ttft = status == 200 ? 50 + random.nextInt(1500) : -1;
            String provider = m[1] + "-api";
            batch.add(new UsageRecord("gen-bench-" + i, at, "chat.completions", m[0], status == 200 ? m[0] : "",
                    provider, m[0], true, status, status == 200 ? "" : "http_502", status == 200 ? "stop" : "",
                    new Usage(prompt, completion, 0, 0, 0),
                    new Cost(prompt * 500_000L, completion * 2_000_000L, 0, 0), latency, ttft,
                    List.of(new AttemptRecord(provider, m[0], status, status == 200 ? "" : "http_502", latency)),
                    new Dimensions(String.format("key-%02d", key), "ws-" + (key % 4), "app-" + key, "", m[1], m[2])));
            if (batch.size() == 512) {
                store.append(batch);
                batch.clear();
            }
        }
        store.append(batch);
    }

    private static String adminKey(Gateway gw) {
        ApiKeys.Minted m = new ApiKeys(new SecureRandom()).mint();
        long t = System.currentTimeMillis();
        gw.accounts().createKey(new ApiKey(m.hash(), m.label(), Workspace.DEFAULT_ID, "bench", KeyRole.ADMIN, false,
                OptionalLong.empty(), Limits.NONE, Optional.empty(), ProviderPreferences.NONE, Map.of(), t, t));
        gw.keyDirectory().invalidate(m.label());
        return m.secret();
    }
}
