package dev.switchyard.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of the crash tests: chat requests to {@code test/echo} at a steady rate, fast and slow, streamed and not
 * (the slow ones are in flight when the gateway is killed), and what the client saw of each: answered in full, with
 * which generation id, or not.
 */
final class CrashLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the client saw of one request. */
    record Seen(boolean answered, String generationId) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Optional<String> bearer;
    private final Map<Integer, CompletableFuture<Seen>> sent = new ConcurrentHashMap<>();

    /**
     * @param baseUrl the gateway's
     * @param bearer the key to send, if the gateway wants one
     */
    CrashLoad(String baseUrl, Optional<String> bearer) {
        this.baseUrl = baseUrl;
        this.bearer = bearer;
    }

    /** Sends {@code count} requests one after another and waits for each (a cold JVM answers its first slowly). */
    void warmUp(int count) throws Exception {
        for (int w = 0; w < count; w++) {
            sent.put(-1 - w, CompletableFuture.completedFuture(send(1_000_000 + w).get(60, TimeUnit.SECONDS)));
        }
    }

    /**
     * Sends {@code perSecond} requests a second, at most {@code maxInFlight} at once, until {@code answers} answers
     * came back under this load (and at least {@code minLoad} passed), or {@code maxLoad} passed; then returns, with
     * requests still in flight: the moment to kill the gateway.
     */
    void runUntilAnswered(int answers, int perSecond, int maxInFlight, Duration minLoad, Duration maxLoad)
            throws InterruptedException {
        AtomicInteger answered = new AtomicInteger();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - start < maxLoad.toNanos()
                && (System.nanoTime() - start < minLoad.toNanos() || answered.get() < answers)) {
            long wait = start + n * (1_000_000_000L / perSecond) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            int i = n++;
            sent.put(i, send(i).whenComplete((s, e) -> {
                inFlight.release();
                if (s != null && s.answered()) {
                    answered.incrementAndGet();
                }
            }));
        }
    }

    /** What the client saw of every request sent, each waited for up to 60 s (call it after the kill). */
    Map<Integer, Seen> outcomes() throws InterruptedException, ExecutionException, TimeoutException {
        Map<Integer, Seen> seen = new HashMap<>();
        for (Map.Entry<Integer, CompletableFuture<Seen>> e : sent.entrySet()) {
            seen.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
        }
        return seen;
    }

    /** Fast and slow, streamed and not; the slow ones are still running when the gateway is killed. */
    private CompletableFuture<Seen> send(int i) {
        boolean stream = i % 3 == 0;
        String script = switch (i % 7) {
            case 0 -> "{\"latency_ms\": 1500}";
            case 1 -> "{\"ttft_ms\": 50, \"tokens_per_second\": 20, \"completion_tokens\": 30}";
            default -> "{\"completion_tokens\": 16}";
        };
        String body = """
                {"model": "test/echo", "stream": %s, "user": "crash-%d",
                 "messages": [{"role": "user", "content": "request %d"}], "simulator": %s}"""
                .formatted(stream, i, i, script);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        bearer.ifPresent(k -> request.header("authorization", "Bearer " + k));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Seen(r.statusCode() == 200 && complete(r.body(), stream),
                        r.headers().firstValue("x-switchyard-generation-id").orElse("")))
                .exceptionally(e -> new Seen(false, ""));
    }

    private static boolean complete(String body, boolean stream) {
        if (stream) {
            return body.contains("\"finish_reason\":\"stop\"") && body.strip().endsWith("data: [DONE]");
        }
        try {
            return JSON.readTree(body).path("choices").path(0).path("finish_reason").asText().equals("stop");
        } catch (IOException e) {
            return false;
        }
    }
}
