package dev.switchyard.bench.hedge;

import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.routing.HedgePolicy;
import dev.switchyard.server.ConfigLoader;
import dev.switchyard.server.Gateway;
import dev.switchyard.server.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What hedging does to time to first token against providers with a slow tail (docs/benchmarks.md, "Hedging").
 *
 * <p>A fake OpenAI-compatible provider in this process draws, for every upstream request independently, a time to
 * first token: with probability {@code tail} (default 5 %) {@code slowMs} (1 000 ms), otherwise uniform in 20–60 ms;
 * then it streams a short answer. A gateway routes model {@code bench/tail} over two equal endpoints on it. A pool of
 * {@code concurrency} clients sends {@code requests} streamed chat requests per configuration and records, per request,
 * the time to the response head (the gateway sends it at the first content event, so it is the client's TTFT), and
 * the upstream requests spent, after 500 warm-up requests. Configurations: hedging off, a fixed threshold, the
 * endpoint's p90, and hedging off again (the first run also pays for the JIT).
 *
 * <p>Run: {@code bench/hedge [requests] [concurrency]}.
 */
public final class HedgeBench {

    private HedgeBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        double tail = 0.05;
        long slowMs = 1000;
        Vertx vertx = Vertx.vertx();
        AtomicLong upstream = new AtomicLong();
        SplittableRandom seed = new SplittableRandom(42);
        HttpServer provider = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            upstream.incrementAndGet();
            long delay;
            synchronized (seed) {
                delay = seed.nextDouble() < tail ? slowMs : 20 + seed.nextLong(41);
            }
            req.response().putHeader("content-type", "text/event-stream").setChunked(true);
            req.response().writeHead();
            vertx.setTimer(delay, id -> {
                if (req.response().closed()) {
                    return;
                }
                String chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"t\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"hello\"},"
                        + "\"finish_reason\":null}]}";
                String last = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"t\","
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
                req.response().end("data: " + chunk + "\n\ndata: " + last + "\n\ndata: [DONE]\n\n");
            });
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        String base = "http://127.0.0.1:" + provider.actualPort() + "/v1";

        System.out.printf("slow tail: %.0f %% of upstream requests wait %d ms, the rest 20-60 ms; %d requests, "
                + "concurrency %d%n", tail * 100, slowMs, requests, concurrency);
        System.out.println("| configuration | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms "
                + "| upstream requests per request |");
        System.out.println("|---|---|---|---|---|---|---|");
        run("hedging off", HedgePolicy.OFF, base, requests, concurrency, upstream);
        run("hedge after 100 ms", new HedgePolicy(1, Duration.ofMillis(100), 0, 20), base, requests, concurrency,
                upstream);
        run("hedge after the endpoint's p90", new HedgePolicy(1, Duration.ofMillis(500), 90, 50), base, requests,
                concurrency, upstream);
        run("hedging off (again, warm)", HedgePolicy.OFF, base, requests, concurrency, upstream);
        provider.close();
        vertx.close();
    }

    private static void run(String name, HedgePolicy hedge, String base, int requests, int concurrency,
                            AtomicLong upstream) throws Exception {
        String yaml = """
                providers:
                  ta: {base_url: "%1$s", api_key: a}
                  tb: {base_url: "%1$s", api_key: b}
                models:
                  bench/tail:
                    endpoints:
                      - {provider: ta, upstream_model: t, pricing: {prompt: "1", completion: "1"}}
                      - {provider: tb, upstream_model: t, pricing: {prompt: "1", completion: "1"}}
                """.formatted(base);
        GatewayConfig.Builder b = GatewayConfig.builder().port(0).accessLog(false).env(Map.of())
                .dataDir(Files.createTempDirectory("switchyard-hedge-bench")).hedge(hedge);
        ConfigLoader.apply(b, CatalogLoader.parseYaml(yaml), Map.of());
        Gateway gateway = Gateway.start(b.build());
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions");
            String body = "{\"model\":\"bench/tail\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            send(http, uri, body, 500, concurrency, new Histogram(3)); // warm-up, and the percentile's samples
            Histogram ttft = new Histogram(3);
            long before = upstream.get();
            send(http, uri, body, requests, concurrency, ttft);
            double perRequest = (double) (upstream.get() - before) / requests;
            System.out.printf("| %s | %d | %d | %d | %d | %d | %.3f |%n", name, ttft.getValueAtPercentile(50),
                    ttft.getValueAtPercentile(90), ttft.getValueAtPercentile(99), ttft.getValueAtPercentile(99.9),
                    ttft.getMaxValue(), perRequest);
        } finally {
            gateway.close();
        }
    }

    private static void send(HttpClient http, URI uri, String body, int requests, int concurrency, Histogram ttft)
            throws Exception {
        AtomicLong left = new AtomicLong(requests);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            done.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    long start = System.nanoTime();
                    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri)
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    try (InputStream in = r.body()) {
                        in.readAllBytes();
                    }
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("status " + r.statusCode());
                    }
                    synchronized (ttft) {
                        ttft.recordValue(millis);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }
}
