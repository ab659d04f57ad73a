package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server that behaves like an LLM provider, scripted per model or per request. Tests, benchmarks and the
 * offline demo point Switchyard at it instead of a real provider.
 *
 * <p>It speaks OpenAI Chat Completions ({@code POST /v1/chat/completions}, also without {@code /v1}), Anthropic
 * Messages (any path ending in {@code /messages}), Gemini ({@code .../models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}) and OpenAI embeddings (any path ending in {@code /embeddings}), and lists
 * its models ({@code GET /v1/models}). The same scripts drive every format. Which {@link Script} applies to a request, first match wins:
 * <ol>
 *   <li>the {@code x-simulator-script} request header, a JSON script;</li>
 *   <li>a {@code simulator} object in the request body (it travels through gateways that forward unknown fields);</li>
 *   <li>the script set for the request's model;</li>
 *   <li>the default script.</li>
 * </ol>
 * A per-request script is read on top of the model's (or default) script, so it only needs the fields it changes.
 *
 * <p>Control endpoints: {@code PUT /_sim/scripts/{model}} sets a model's script, {@code DELETE /_sim/scripts} clears
 * them, {@code GET /_sim/stats} returns the counters, {@code GET /_sim/last-request} the last chat body received.
 */
public final class Simulator implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final String host;
    private final int requestedPort;
    private final String requiredApiKey;
    private final int sendBufferBytes;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final AtomicReference<Script> defaultScript;
    private final SimulatorStats stats = new SimulatorStats();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<String> lastRequest = new AtomicReference<>("");
    private final java.util.Deque<String> recentRequests = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicReference<String> lastRequestPath = new AtomicReference<>("");
    private final AtomicReference<Map<String, String>> lastRequestHeaders = new AtomicReference<>(Map.of());
    private HttpServer server;

    private Simulator(Builder b) {
        this.ownsVertx = b.vertx == null;
        this.vertx = b.vertx == null ? Vertx.vertx() : b.vertx;
        this.host = b.host;
        this.requestedPort = b.port;
        this.requiredApiKey = b.requiredApiKey;
        this.sendBufferBytes = b.sendBufferBytes;
        this.scripts.putAll(b.scripts);
        this.defaultScript = new AtomicReference<>(b.defaultScript);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening; the future completes with this simulator once the port is bound. */
    public Future<Simulator> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort)
                        .setTcpNoDelay(true).setCompressionSupported(false))
                .requestHandler(this::handle)
                .connectionHandler(c -> {
                    stats.openConnections.incrementAndGet();
                    c.closeHandler(v -> stats.openConnections.decrementAndGet());
                })
                .listen()
                .map(s -> {
                    server = s;
                    return this;
                });
    }

    /** Starts and waits; for tests and the CLI, never call on an event loop. */
    public Simulator startAndWait() {
        return start().await();
    }

    /** The bound port. */
    public int port() {
        return server.actualPort();
    }

    /** The OpenAI-compatible base URL, e.g. {@code http://127.0.0.1:9100/v1}. */
    public String baseUrl() {
        return "http://" + host + ":" + port() + "/v1";
    }

    public SimulatorStats stats() {
        return stats;
    }

    /** Sets the script for one model name (as the provider sees it). */
    public void script(String model, Script script) {
        scripts.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(script, "script"));
    }

    /**
     * The bodies of the last {@value #RECENT_REQUESTS} chat requests received (any format), oldest first; tests read
     * a client's whole conversation from it (an agent's tool round trip, say).
     */
    public java.util.List<String> recentRequests() {
        return java.util.List.copyOf(recentRequests);
    }

    private static final int RECENT_REQUESTS = 64;

    private void remember(String body) {
        recentRequests.addLast(body);
        while (recentRequests.size() > RECENT_REQUESTS) {
            recentRequests.pollFirst();
        }
    }

    /** Sets the script used when no other applies. */
    public void defaultScript(Script script) {
        defaultScript.set(Objects.requireNonNull(script, "script"));
    }

    /** Forgets every per-model script. */
    public void clearScripts() {
        scripts.clear();
    }

    /** The body of the last model request received (any format), as text. */
    public String lastRequestBody() {
        return lastRequest.get();
    }

    /** The headers of the last model request received, names in lower case (a repeated header: its last value). */
    public Map<String, String> lastRequestHeaders() {
        return lastRequestHeaders.get();
    }

    /** The W3C {@code traceparent} header of the last model request received; empty when it had none. */
    public String lastTraceparent() {
        return lastRequestHeaders.get().getOrDefault("traceparent", "");
    }

    /** The path of the last model request received, e.g. {@code /v1/messages}. */
    public String lastRequestPath() {
        return lastRequestPath.get();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        java.util.regex.Matcher gemini = GEMINI_PATH.matcher(path);
        if (path.equals("/v1/chat/completions") || path.equals("/chat/completions")) {
            req.body().onSuccess(body -> answer(req, body, Wire.OPENAI, "", false))
                    .onFailure(err -> req.connection().close());
        } else if (path.endsWith("/messages") && req.method().name().equals("POST")) {
            req.body().onSuccess(body -> answer(req, body, Wire.ANTHROPIC, "", false))
                    .onFailure(err -> req.connection().close());
        } else if (gemini.matches() && req.method().name().equals("POST")) {
            String model = gemini.group(1);
            boolean stream = gemini.group(2).equals("streamGenerateContent");
            req.body().onSuccess(body -> answer(req, body, Wire.GEMINI, model, stream))
                    .onFailure(err -> req.connection().close());
        } else if (path.endsWith("/embeddings") && req.method().name().equals("POST")) {
            req.body().onSuccess(body -> embeddings(req, body)).onFailure(err -> req.connection().close());
        } else if (path.equals("/v1/models") || path.equals("/models")) {
            StringBuilder data = new StringBuilder("{\"object\":\"list\",\"data\":[");
            String sep = "";
            for (String model : scripts.keySet()) {
                data.append(sep).append("{\"id\":").append(MAPPER.valueToTree(model).toString()).append(
                        ",\"object\":\"model\",\"owned_by\":\"simulator\"}");
                sep = ",";
            }
            json(req, 200, data.append("]}").toString());
        } else if (path.startsWith("/_sim/scripts/") && req.method().name().equals("PUT")) {
            String model = path.substring("/_sim/scripts/".length());
            req.body().onSuccess(body -> {
                try {
                    script(model, Script.fromJson(MAPPER.readTree(body.getBytes()), defaultScript.get()));
                    json(req, 200, "{\"ok\":true}");
                } catch (IOException | IllegalArgumentException e) {
                    json(req, 400, "{\"error\":{\"message\":\"bad script\"}}");
                }
            });
        } else if (path.equals("/_sim/scripts") && req.method().name().equals("DELETE")) {
            clearScripts();
            json(req, 200, "{\"ok\":true}");
        } else if (path.equals("/_sim/stats")) {
            json(req, 200, stats.toJson());
        } else if (path.equals("/_sim/last-request")) {
            json(req, 200, lastRequest.get().isEmpty() ? "{}" : lastRequest.get());
        } else {
            json(req, 404, "{\"error\":{\"message\":\"no such path in the simulator: " + path.replace("\"", "")
                    + "\",\"type\":\"invalid_request_error\"}}");
        }
    }

    /** The wire formats the simulator answers in. */
    private enum Wire { OPENAI, ANTHROPIC, GEMINI }

    private static final java.util.regex.Pattern GEMINI_PATH =
            java.util.regex.Pattern.compile(".*/models/(.+):(generateContent|streamGenerateContent)");

    private void answer(HttpServerRequest req, Buffer raw, Wire wire, String pathModel, boolean stream) {
        stats.requests.incrementAndGet();
        if (raw.length() > MAX_BODY) {
            json(req, 413, "{\"error\":{\"message\":\"body too large\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        lastRequest.set(raw.toString());
        lastRequestPath.set(req.path());
        Map<String, String> headers = new java.util.HashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
        lastRequestHeaders.set(Map.copyOf(headers));
        remember(raw.toString());
        if (!requiredApiKey.isEmpty() && !authorized(req, wire)) {
            json(req, 401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"authentication_error\","
                    + "\"param\":null,\"code\":\"invalid_api_key\"}}");
            return;
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(raw.getBytes());
        } catch (IOException e) {
            json(req, 400, "{\"error\":{\"message\":\"We could not parse the JSON body of your request.\","
                    + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
            return;
        }
        if (body == null || !body.isObject()) {
            json(req, 400, "{\"error\":{\"message\":\"the body must be a JSON object\"}}");
            return;
        }
        String model = wire == Wire.GEMINI ? pathModel : body.path("model").asText("");
        Script script;
        try {
            script = resolve(req, wire, body, model);
        } catch (IOException | IllegalArgumentException e) {
            json(req, 400, "{\"error\":{\"message\":\"invalid simulator script\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        long seq = sequence.incrementAndGet();
        switch (wire) {
            case OPENAI -> new OpenAiChatResponder(vertx, req, body, script, stats, seq).run();
            case ANTHROPIC -> new AnthropicResponder(vertx, req, body, script, stats, seq).run();
            case GEMINI -> new GeminiResponder(vertx, req, body, script, stats, seq, model, stream).run();
        }
    }

    private boolean authorized(HttpServerRequest req, Wire wire) {
        return switch (wire) {
            case OPENAI -> ("Bearer " + requiredApiKey).equals(req.getHeader("authorization"));
            case ANTHROPIC -> requiredApiKey.equals(req.getHeader("x-api-key"))
                    || ("Bearer " + requiredApiKey).equals(req.getHeader("authorization"));
            case GEMINI -> requiredApiKey.equals(req.getHeader("x-goog-api-key"))
                    || requiredApiKey.equals(req.getParam("key"));
        };
    }

    /** Deterministic eight-dimensional vectors, one per input, with prompt tokens of about four characters each. */
    private void embeddings(HttpServerRequest req, Buffer raw) {
        stats.requests.incrementAndGet();
        lastRequest.set(raw.toString());
        lastRequestPath.set(req.path());
        JsonNode body;
        try {
            body = MAPPER.readTree(raw.getBytes());
        } catch (IOException e) {
            json(req, 400, "{\"error\":{\"message\":\"invalid JSON\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        JsonNode input = body.path("input");
        java.util.List<String> inputs = new java.util.ArrayList<>();
        if (input.isArray()) {
            input.forEach(i -> inputs.add(i.isTextual() ? i.asText() : i.toString()));
        } else {
            inputs.add(input.asText(""));
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = MAPPER.createObjectNode().put("object", "list");
        com.fasterxml.jackson.databind.node.ArrayNode data = out.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            com.fasterxml.jackson.databind.node.ArrayNode vector = data.addObject().put("object", "embedding")
                    .put("index", i).putArray("embedding");
            int h = inputs.get(i).hashCode();
            for (int d = 0; d < 8; d++) {
                vector.add(((h >> d) & 0xff) / 255.0);
            }
            tokens += Math.max(1, (inputs.get(i).length() + 3) / 4);
        }
        out.put("model", body.path("model").asText(""));
        out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        stats.completed.incrementAndGet();
        json(req, 200, out.toString());
    }

    private Script resolve(HttpServerRequest req, Wire wire, JsonNode body, String model) throws IOException {
        Script base = Optional.ofNullable(scripts.get(model)).orElse(defaultScript.get());
        String header = req.getHeader("x-simulator-script");
        if (header != null && !header.isBlank()) {
            return Script.fromJson(MAPPER.readTree(header), base);
        }
        JsonNode inBody = body.get("simulator");
        Script script = inBody != null && inBody.isObject() ? Script.fromJson(inBody, base) : base;
        return script.afterToolResult().isPresent() && endsWithToolResult(wire, body)
                ? script.afterToolResult().get() : script;
    }

    /** Whether the request's conversation ends with a tool result, in the wire format's own shape. */
    static boolean endsWithToolResult(Wire wire, JsonNode body) {
        JsonNode turns = body.path(wire == Wire.GEMINI ? "contents" : "messages");
        if (!turns.isArray() || turns.isEmpty()) {
            return false;
        }
        JsonNode last = turns.get(turns.size() - 1);
        return switch (wire) {
            case OPENAI -> last.path("role").asText("").equals("tool");
            case ANTHROPIC -> last.path("role").asText("").equals("user") && any(last.path("content"),
                    b -> b.path("type").asText("").equals("tool_result"));
            case GEMINI -> any(last.path("parts"), p -> p.has("functionResponse"));
        };
    }

    private static boolean any(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        if (array.isArray()) {
            for (JsonNode n : array) {
                if (test.test(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void json(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    /** Stops listening and, if it created its own Vert.x, closes it. */
    @Override
    public void close() {
        if (server != null) {
            server.close().await();
        }
        if (ownsVertx) {
            vertx.close().await();
        }
    }

    /** Builder for {@link Simulator}. */
    public static final class Builder {
        private Vertx vertx;
        private String host = "127.0.0.1";
        private int port;
        private String requiredApiKey = "";
        private int sendBufferBytes;
        private final Map<String, Script> scripts = new ConcurrentHashMap<>();
        private Script defaultScript = Script.DEFAULT;

        /** Shares a Vert.x instance; by default the simulator creates and owns one. */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** When set, chat requests must carry {@code Authorization: Bearer <key>}. */
        public Builder requiredApiKey(String key) {
            this.requiredApiKey = key;
            return this;
        }

        /**
         * The sockets' send buffer in bytes; 0 (the default) leaves the system's. A small one makes back-pressure
         * reach the simulator after a few kilobytes instead of the megabytes a loopback socket may buffer.
         */
        public Builder sendBufferBytes(int bytes) {
            this.sendBufferBytes = bytes;
            return this;
        }

        public Builder script(String model, Script script) {
            scripts.put(model, script);
            return this;
        }

        public Builder defaultScript(Script script) {
            this.defaultScript = script;
            return this;
        }

        public Simulator build() {
            return new Simulator(this);
        }
    }
}
