package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.simulator.Simulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A simulator and a gateway wired together over real loopback sockets, with a small test catalog:
 * <ul>
 *   <li>{@code test/echo} on provider {@code sim} (key from {@code SIM_API_KEY}, which the simulator requires);</li>
 *   <li>{@code test/claude} on {@code sim-anthropic} and {@code test/gem} on {@code sim-gemini}: the same simulator
 *       speaking Anthropic Messages and Gemini;</li>
 *   <li>(their context windows are a million tokens, so that a coding agent's prompt and output cap fit);</li>
 *   <li>{@code test/embed}, an embedding model on {@code sim};</li>
 *   <li>{@code test/nokey} on provider {@code nokey}, whose {@code NOKEY_API_KEY} is not set;</li>
 *   <li>{@code test/dead} on provider {@code dead}, a port nothing listens on.</li>
 * </ul>
 *
 * <p>It is also the one JUnit extension that starts a gateway for a test class:
 * {@code @RegisterExtension static final TestGateway gw = TestGateway.perClass();} starts it before the class's
 * {@code @BeforeAll} methods and closes it after its {@code @AfterAll} methods. {@code new TestGateway(…)} starts one
 * at once, for a test that needs its own (try-with-resources).
 */
final class TestGateway implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    static final String SIM_KEY = "sim-secret-key-123";
    static final ObjectMapper JSON = new ObjectMapper();

    Simulator simulator;
    Gateway gateway;
    Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Consumer<GatewayConfig.Builder> customise;

    /** Starts a gateway now. */
    TestGateway() {
        this(b -> { });
    }

    /** Starts a gateway now, with settings changed by {@code customise}. */
    TestGateway(Consumer<GatewayConfig.Builder> customise) {
        this.customise = customise;
        start();
    }

    private TestGateway(Consumer<GatewayConfig.Builder> customise, boolean now) {
        this.customise = customise;
    }

    /** A gateway the test class starts and stops as a JUnit extension (register it as a static field). */
    static TestGateway perClass() {
        return perClass(b -> { });
    }

    /** The same, with settings changed by {@code customise}. */
    static TestGateway perClass(Consumer<GatewayConfig.Builder> customise) {
        return new TestGateway(customise, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void start() {
        try {
            dataDir = Files.createTempDirectory("switchyard-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        simulator = Simulator.builder().requiredApiKey(SIM_KEY).build().startAndWait();
        String yaml = """
                providers:
                  sim:
                    name: Simulator
                    base_url: %1$s
                    api_key_env: SIM_API_KEY
                    country: US
                  sim-anthropic:
                    name: Simulator (Anthropic Messages)
                    protocol: anthropic-messages
                    base_url: %1$s
                    auth: x-api-key
                    api_key_env: SIM_API_KEY
                    country: US
                  sim-gemini:
                    name: Simulator (Gemini)
                    protocol: gemini
                    base_url: %3$s
                    auth: x-goog-api-key
                    api_key_env: SIM_API_KEY
                    country: US
                  nokey:
                    base_url: http://127.0.0.1:9/v1
                    api_key_env: NOKEY_API_KEY
                  dead:
                    base_url: http://127.0.0.1:%2$d/v1
                    api_key: dead-key
                models:
                  test/echo:
                    name: Echo
                    vendor: test
                    origin: US
                    open_weights: true
                    context_length: 1000000
                    max_output_tokens: 4000
                    supported_parameters: [max_tokens, tools, stream]
                    endpoints:
                      - provider: sim
                        upstream_model: sim-echo
                        pricing: {prompt: "1.00", completion: "2.00", cache_read: "0.10", as_of: 2026-11-28, source: test}
                  test/claude:
                    name: Claude (simulated)
                    vendor: test
                    origin: US
                    context_length: 1000000
                    max_output_tokens: 4000
                    supported_parameters: [max_tokens, tools, tool_choice, stream, reasoning, response_format]
                    endpoints:
                      - provider: sim-anthropic
                        upstream_model: sim-claude
                        pricing: {prompt: "1.00", completion: "2.00", cache_read: "0.10", cache_write: "1.25", as_of: 2026-11-28, source: test}
                  test/gem:
                    name: Gemini (simulated)
                    vendor: test
                    origin: US
                    context_length: 1000000
                    max_output_tokens: 4000
                    supported_parameters: [max_tokens, tools, tool_choice, stream, reasoning, response_format]
                    endpoints:
                      - provider: sim-gemini
                        upstream_model: sim-gem
                        pricing: {prompt: "1.00", completion: "2.00", cache_read: "0.10", as_of: 2026-11-28, source: test}
                  test/embed:
                    vendor: test
                    endpoints:
                      - provider: sim
                        upstream_model: sim-embed
                        pricing: {prompt: "0.02", completion: "0"}
                  test/nokey:
                    vendor: test
                    origin: CN
                    endpoints:
                      - provider: nokey
                        upstream_model: whatever
                        pricing: {prompt: "1", completion: "1"}
                  test/dead:
                    vendor: test
                    endpoints:
                      - provider: dead
                        upstream_model: whatever
                        pricing: {prompt: "1", completion: "1"}
                aliases:
                  echo: test/echo
                """.formatted(simulator.baseUrl(), freePort(), simulator.baseUrl() + "beta");
        GatewayConfig.Builder b = GatewayConfig.builder().port(0).dataDir(dataDir).accessLog(false)
                .env(Map.of("SIM_API_KEY", SIM_KEY))
                .maxBodyBytes(256 * 1024)
                // errors are injected on purpose here: keep one test's failures from opening the breaker or cooling
                // the endpoint for the next; the routing tests exercise health with their own settings
                .health(HealthConfig.builder().failureThreshold(1_000_000).maxCooldown(Duration.ofMillis(1)).build())
                .retry(new RetryPolicy(5, 1, Duration.ZERO, Duration.ZERO))
                .deadline("first_byte", Duration.ofSeconds(1))
                .deadline("idle", Duration.ofSeconds(2))
                .deadline("total", Duration.ofSeconds(20));
        ConfigLoader.apply(b, CatalogLoader.parseYaml(yaml), Map.of("SIM_API_KEY", SIM_KEY));
        customise.accept(b);
        gateway = Gateway.start(b.build());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().apiKey("client-key").baseUrl(baseUrl() + "/v1").maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A POST with extra headers, given as name, value, name, value. */
    HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("content-type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Any request, with headers given as name, value, name, value; a null body sends none. */
    HttpResponse<String> request(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Creates a key straight in the gateway's account store (as the CLI would) and returns its secret; the directory
     * forgets the label so that the key is seen at once.
     */
    String createKey(dev.switchyard.core.accounts.KeyRole role) {
        dev.switchyard.core.accounts.ApiKeys.Minted m =
                new dev.switchyard.core.accounts.ApiKeys(new java.security.SecureRandom()).mint();
        dev.switchyard.core.accounts.ApiKey key = new dev.switchyard.core.accounts.ApiKey(m.hash(), m.label(),
                dev.switchyard.core.accounts.Workspace.DEFAULT_ID, "test " + role, role, false,
                java.util.OptionalLong.empty(), dev.switchyard.core.accounts.Limits.NONE, java.util.Optional.empty(),
                dev.switchyard.core.routing.ProviderPreferences.NONE, Map.of(), System.currentTimeMillis(),
                System.currentTimeMillis());
        gateway.accounts().createKey(key);
        gateway.keyDirectory().invalidate(m.label());
        gateway.keyDirectory().recount(); // the first inference key ends open mode at once, as the API's would
        return m.secret();
    }

    /** A new admin key's secret. */
    String adminKey() {
        return createKey(dev.switchyard.core.accounts.KeyRole.ADMIN);
    }

    private String admin;

    /** A GET with this gateway's admin key (created on first use). */
    HttpResponse<String> adminGet(String path, String... headers) {
        if (admin == null) {
            admin = adminKey();
        }
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "authorization";
        all[headers.length + 1] = "Bearer " + admin;
        return request("GET", path, null, all);
    }

    /** This gateway's admin key (created on first use), as used by {@link #adminGet} and {@link #adminCall}. */
    String adminSecret() {
        if (admin == null) {
            admin = adminKey();
        }
        return admin;
    }

    /** A management API call with this gateway's admin key; a null body sends none. */
    HttpResponse<String> adminCall(String method, String path, String body) {
        return request(method, path, body, "authorization", "Bearer " + adminSecret());
    }

    /**
     * A key made through the management API, as an operator would make it.
     *
     * @param secret the whole secret, shown once
     * @param hash the key's public id
     * @param data the key as the API showed it
     */
    record NewKey(String secret, String hash, JsonNode data) {
    }

    /** Creates a key with {@code POST /api/v1/keys} and the given JSON body; fails unless the answer is 201. */
    NewKey createKey(String body) {
        HttpResponse<String> r = adminCall("POST", "/api/v1/keys", body);
        if (r.statusCode() != 201) {
            throw new AssertionError("POST /api/v1/keys " + body + " answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode created = json(r.body());
        return new NewKey(created.path("key").asText(), created.path("data").path("hash").asText(),
                created.path("data"));
    }

    /** Creates a workspace with {@code POST /api/v1/workspaces}; fails unless the answer is 201. */
    JsonNode createWorkspace(String body) {
        HttpResponse<String> r = adminCall("POST", "/api/v1/workspaces", body);
        if (r.statusCode() != 201) {
            throw new AssertionError("POST /api/v1/workspaces " + body + " answered " + r.statusCode() + ": "
                    + r.body());
        }
        return json(r.body()).path("data");
    }

    /** A wall clock that tests set and move by hand (give it to {@code GatewayConfig.Builder.wallClock}). */
    static final class MutableClock implements dev.switchyard.core.WallClock {
        private final java.util.concurrent.atomic.AtomicLong now;

        MutableClock(java.time.Instant start) {
            now = new java.util.concurrent.atomic.AtomicLong(start.toEpochMilli());
        }

        @Override
        public long epochMillis() {
            return now.get();
        }

        void set(java.time.Instant at) {
            now.set(at.toEpochMilli());
        }

        void advance(Duration by) {
            now.addAndGet(by.toMillis());
        }

        java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(now.get());
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    /** Polls the ledger until the generation is written (records are asynchronous), up to 10 s. */
    JsonNode generation(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = adminGet("/v1/generation?id=" + id);
            if (r.statusCode() == 200) {
                return json(r.body()).path("data");
            }
            pause(20);
        }
        throw new AssertionError("generation " + id + " never appeared in the ledger");
    }

    /** Waits until the condition holds, up to 10 s; for effects that travel between processes' sockets. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            pause(10);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
