package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.Ticker;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.simulator.Simulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One gateway in front of three simulators (providers {@code pa}, {@code pb}, {@code pc}), a dead port ({@code pd})
 * and a black hole ({@code pe}: a listening socket whose accept queue is full, so a connection to it never completes),
 * over real loopback sockets, for the routing and resilience tests. Each test starts its own gateway with
 * {@link #start}, with its own clock and settings, and closes the rig afterwards.
 *
 * <p>Models: {@code r/m} (pa, pb, pc at prices 1, 2, 4), {@code r/eq} (pa, pb, pc at one price), {@code r/solo} (pa
 * alone), {@code r/deadfirst} (pd, then pa), {@code r/hole} (pe alone), {@code r/stall} (pf: a provider that sends a
 * response head and the start of a body, then nothing).
 */
final class RoutingRig implements AutoCloseable {

    /** A clock the test moves by hand, for cooldowns and breakers. */
    static final class ManualTicker implements Ticker {
        final AtomicLong now = new AtomicLong(1_000_000_000_000L);

        @Override
        public long nanos() {
            return now.get();
        }

        void advance(Duration d) {
            now.addAndGet(d.toNanos());
        }
    }

    final Simulator a = Simulator.builder().build().startAndWait();
    final Simulator b = Simulator.builder().build().startAndWait();
    final Simulator c = Simulator.builder().build().startAndWait();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> hole = new java.util.concurrent.CopyOnWriteArrayList<>();
    Gateway gateway;

    /** Starts the gateway on the system clock with the rig's defaults. */
    void start() throws IOException {
        start(Ticker.system(), b -> { });
    }

    /**
     * Starts the gateway: 5 attempts in one round without backoff, breakers opening after 3 failures for 30 s; then
     * {@code customise} changes what the test needs.
     */
    void start(Ticker ticker, Consumer<GatewayConfig.Builder> customise) throws IOException {
        String yaml = """
                providers:
                  pa: {base_url: "%s", api_key: ka, data_policy: {trains_on_prompts: true, retains_prompts: true}}
                  pb: {base_url: "%s", api_key: kb, data_policy: {retains_prompts: false, zero_data_retention: true}}
                  pc: {base_url: "%s", api_key: kc, data_policy: {retains_prompts: true}}
                  pd: {base_url: "http://127.0.0.1:%d/v1", api_key: kd}
                  pe: {base_url: "http://127.0.0.1:%d/v1", api_key: ke}
                  pf: {base_url: "http://127.0.0.1:%d/v1", api_key: kf}
                models:
                  r/m:
                    context_length: 100000
                    supported_parameters: [temperature, tools, max_tokens]
                    endpoints:
                      - {provider: pa, upstream_model: m, quantization: fp8,  pricing: {prompt: "1", completion: "1"}}
                      - {provider: pb, upstream_model: m, quantization: bf16, pricing: {prompt: "2", completion: "2"}}
                      - {provider: pc, upstream_model: m, quantization: bf16, pricing: {prompt: "4", completion: "4"}}
                  r/eq:
                    endpoints:
                      - {provider: pa, upstream_model: eq, pricing: {prompt: "1", completion: "1"}}
                      - {provider: pb, upstream_model: eq, pricing: {prompt: "1", completion: "1"}}
                      - {provider: pc, upstream_model: eq, pricing: {prompt: "1", completion: "1"}}
                  r/solo:
                    endpoints:
                      - {provider: pa, upstream_model: solo, pricing: {prompt: "1", completion: "1"}}
                  r/deadfirst:
                    endpoints:
                      - {provider: pd, upstream_model: df, pricing: {prompt: "1", completion: "1"}}
                      - {provider: pa, upstream_model: df, pricing: {prompt: "2", completion: "2"}}
                  r/hole:
                    endpoints:
                      - {provider: pe, upstream_model: hole, pricing: {prompt: "1", completion: "1"}}
                  r/stall:
                    endpoints:
                      - {provider: pf, upstream_model: stall, pricing: {prompt: "1", completion: "1"}}
                """.formatted(a.baseUrl(), b.baseUrl(), c.baseUrl(), TestGateway.freePort(), blackHole(), stall());
        GatewayConfig.Builder builder = GatewayConfig.builder().port(0).accessLog(false).env(Map.of())
                .dataDir(Files.createTempDirectory("switchyard-routing")).ticker(ticker)
                .retry(new RetryPolicy(5, 1, Duration.ZERO, Duration.ZERO))
                .health(HealthConfig.builder().failureThreshold(3).openDuration(Duration.ofSeconds(30)).build());
        ConfigLoader.apply(builder, CatalogLoader.parseYaml(yaml), Map.of());
        customise.accept(builder);
        gateway = Gateway.start(builder.build());
    }

    /** A port that accepts no connection: its listen backlog is filled by connections nobody accepts. */
    private int blackHole() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        hole.add(server);
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            hole.add(s);
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
            } catch (IOException full) {
                break; // the queue is full: further connections hang, which is the point
            }
        }
        return server.getLocalPort();
    }

    /**
     * A provider that answers every request with a non-streamed response head and the start of its body, then goes
     * silent with the connection open: what an idle deadline is for.
     */
    private int stall() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        hole.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    hole.add(s);
                    byte[] buf = new byte[8192];
                    s.getInputStream().read(buf); // the request (small, one read is enough here)
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                            + "content-length: 400\r\n\r\n{\"id\":\"stalled\",").getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "stalling-provider");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        a.close();
        b.close();
        c.close();
        for (AutoCloseable h : hole) {
            try {
                h.close();
            } catch (Exception ignored) {
                // closing a test socket
            }
        }
    }

    /** A chat completion for {@code model}, {@code extra} JSON members added, headers as name, value, …. */
    HttpResponse<String> chat(String model, String extra, String... headers) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                + "/v1/chat/completions")).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30)) // "did not hang"
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        try {
            return TestGateway.json(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                    + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ledger record of a response, once written. */
    JsonNode generation(HttpResponse<String> r) {
        String id = r.headers().firstValue("x-switchyard-generation-id").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode g = get("/v1/generation?id=" + id);
            if (g.has("data")) {
                return g.path("data");
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no ledger record for " + id);
    }

    static String provider(HttpResponse<String> r) {
        return r.headers().firstValue("x-switchyard-provider").orElse("");
    }

    /** One endpoint of a model as {@code GET /v1/models/{model}/endpoints} shows it. */
    JsonNode endpoint(String model, String tag) {
        for (JsonNode e : get("/v1/models/" + model + "/endpoints").path("data").path("endpoints")) {
            if (e.path("tag").asText().equals(tag)) {
                return e;
            }
        }
        throw new AssertionError("no endpoint " + tag);
    }

    /** The breaker state of one endpoint: {@code closed}, {@code open} or {@code half_open}. */
    String breaker(String model, String tag) {
        return endpoint(model, tag).path("switchyard").path("breaker").asText();
    }
}
