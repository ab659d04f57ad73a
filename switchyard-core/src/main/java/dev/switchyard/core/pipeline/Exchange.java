package dev.switchyard.core.pipeline;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.Variant;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Everything known about one request while it is in flight: the decoded request, the channel back to the client,
 * the model it resolved to, every attempt, and the outcome. Stages fill it in as the request moves through; at the
 * end it becomes one {@link UsageRecord}.
 *
 * <p>An exchange is confined to the event loop of its request, so it is not synchronised.
 *
 * <p>Cancellation: when the client goes away, its front door calls {@link #cancel()}; whoever holds a provider call
 * for the exchange registered with {@link #onCancel} and lets go of it, and the answer ends as cancelled on its way
 * up, so every stage still sees its ending.
 */
public final class Exchange {

    private final String id;
    private final String api;
    private final InboundRequest request;
    private final ClientChannel client;
    private final Ticker ticker;
    private final long startNanos;
    private final long createdAtMillis;
    private final List<AttemptRecord> attempts = new ArrayList<>();
    private final List<String> failedAttempts = new ArrayList<>(0);
    private List<Runnable> cancelActions = List.of();

    private List<ModelSpec> models = List.of();
    private Variant variant = Variant.NONE;
    private Deadlines deadlines;
    private EndpointSpec servedBy;
    private Usage usage = Usage.NONE;
    private String finishReason = "";
    private long firstByteNanos = -1;
    private int status;
    private String errorClass = "";
    private boolean cancelled;
    private ChatRequest ir;
    private Caller caller;
    private Presented presented = Presented.NONE;
    private java.util.Map<String, String> traceContext = java.util.Map.of();
    private java.util.Map<String, String> upstreamHeaders = java.util.Map.of();
    private ProviderPreferences callerPolicy = ProviderPreferences.NONE;
    private List<String> headers = List.of();
    private Dimensions dimensions = Dimensions.NONE;

    /**
     * @param id the generation id
     * @param api the front door, e.g. {@code chat.completions}
     * @param request the decoded request
     * @param client the way back to the client
     * @param ticker the clock for timings
     * @param createdAtMillis wall-clock start
     */
    public Exchange(String id, String api, InboundRequest request, ClientChannel client, Ticker ticker,
                    long createdAtMillis) {
        this.id = Objects.requireNonNull(id, "id");
        this.api = Objects.requireNonNull(api, "api");
        this.request = Objects.requireNonNull(request, "request");
        this.client = Objects.requireNonNull(client, "client");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.startNanos = ticker.nanos();
        this.createdAtMillis = createdAtMillis;
    }

    public String id() {
        return id;
    }

    public String api() {
        return api;
    }

    public InboundRequest request() {
        return request;
    }

    public ClientChannel client() {
        return client;
    }

    /**
     * The request in the IR, decoded once for all the attempts that need it (a fast-path request is only decoded when
     * an attempt goes to a provider of another protocol).
     *
     * @throws dev.switchyard.core.error.GatewayError a 400 when the request cannot be expressed in the IR
     */
    public ChatRequest ir() {
        if (ir == null) {
            ir = request.ir();
        }
        return ir;
    }

    public Ticker ticker() {
        return ticker;
    }

    /** Wall-clock start, epoch milliseconds. */
    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** The primary model; present once resolved. */
    public Optional<ModelSpec> model() {
        return models.isEmpty() ? Optional.empty() : Optional.of(models.get(0));
    }

    /** The models to try, primary first, then the request's {@code models[]} fallbacks. */
    public List<ModelSpec> models() {
        return models;
    }

    /**
     * Sets the resolved models and the primary's variant suffix.
     *
     * @param models primary first, at least one
     * @param variant {@code :floor}, {@code :nitro}, {@code :free} or none
     */
    public void models(List<ModelSpec> models, Variant variant) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models: empty (expected: at least the primary)");
        }
        this.models = List.copyOf(models);
        this.variant = Objects.requireNonNull(variant, "variant");
    }

    public Variant variant() {
        return variant;
    }

    /** Deadlines this request narrowed for itself, if any. */
    public Optional<Deadlines> deadlines() {
        return Optional.ofNullable(deadlines);
    }

    public void deadlines(Deadlines deadlines) {
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /** The endpoint whose response reached the client, if any. */
    public Optional<EndpointSpec> servedBy() {
        return Optional.ofNullable(servedBy);
    }

    public void servedBy(EndpointSpec endpoint) {
        this.servedBy = Objects.requireNonNull(endpoint, "endpoint");
    }

    public Usage usage() {
        return usage;
    }

    public void usage(Usage usage) {
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    public void finishReason(String reason) {
        this.finishReason = Objects.requireNonNull(reason, "reason");
    }

    /** Marks when content began to flow to the client (the answer's commit); only the first call counts. */
    public void markFirstByte() {
        if (firstByteNanos < 0) {
            firstByteNanos = ticker.nanos();
        }
    }

    /** When content started to flow to the client, on the ticker; -1 before. */
    public long firstByteNanos() {
        return firstByteNanos;
    }

    public void recordAttempt(AttemptRecord attempt) {
        attempts.add(Objects.requireNonNull(attempt, "attempt"));
    }

    /**
     * Notes an attempt that failed before the one that answered, for the {@code x-switchyard-attempts} header.
     *
     * @param summary e.g. {@code deepseek/deepseek-chat@deepseek 503 http_503 12ms}
     */
    public void noteFailedAttempt(String summary) {
        failedAttempts.add(Objects.requireNonNull(summary, "summary"));
    }

    /** The attempts that failed before the answer, in order. */
    public List<String> failedAttempts() {
        return Collections.unmodifiableList(failedAttempts);
    }

    /**
     * The client's W3C trace context ({@code traceparent}, and {@code tracestate} when sent), lower-case names; empty
     * when the client sent none.
     */
    public java.util.Map<String, String> traceContext() {
        return traceContext;
    }

    public void traceContext(java.util.Map<String, String> context) {
        this.traceContext = java.util.Map.copyOf(context);
    }

    /**
     * Headers every attempt sends to the provider, e.g. the gateway's {@code traceparent} when tracing is on; empty
     * otherwise (no allocation).
     */
    public java.util.Map<String, String> upstreamHeaders() {
        return upstreamHeaders;
    }

    /** Adds a header every attempt sends to the provider (tracing); not for credentials. */
    public void upstreamHeader(String name, String value) {
        java.util.Map<String, String> next = new java.util.HashMap<>(upstreamHeaders);
        next.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        upstreamHeaders = java.util.Map.copyOf(next);
    }

    /** The key and app the client presented with the request. */
    public Presented presented() {
        return presented;
    }

    public void presented(Presented presented) {
        this.presented = Objects.requireNonNull(presented, "presented");
    }

    /**
     * Adds a header to the client's response, whether it gets an answer or an error (rate-limit standings, for
     * example); only the edge writes it.
     */
    public void header(String name, String value) {
        if (headers.isEmpty()) {
            headers = new ArrayList<>(8);
        }
        headers.add(Objects.requireNonNull(name, "name"));
        headers.add(Objects.requireNonNull(value, "value"));
    }

    /** The headers added with {@link #header}, as name, value, name, value. */
    public List<String> headers() {
        return Collections.unmodifiableList(headers);
    }

    /**
     * The routing defaults of the caller's workspace and key (already narrowed one by the other): a policy layer
     * between the operator's and the request's, which only narrows.
     */
    public ProviderPreferences callerPolicy() {
        return callerPolicy;
    }

    public void callerPolicy(ProviderPreferences policy) {
        this.callerPolicy = Objects.requireNonNull(policy, "policy");
    }

    /** The authenticated caller, once the auth stage has run; empty for a gateway that serves without keys. */
    public Optional<Caller> caller() {
        return Optional.ofNullable(caller);
    }

    public void caller(Caller caller) {
        this.caller = Objects.requireNonNull(caller, "caller");
    }

    /** Who asked and what for, as the ledger records it (vendor and origin are added from the model served). */
    public Dimensions dimensions() {
        return dimensions;
    }

    public void dimensions(Dimensions dimensions) {
        this.dimensions = Objects.requireNonNull(dimensions, "dimensions");
    }

    /**
     * Runs {@code action} if the exchange is cancelled (at once if it already was). Actions registered by a provider
     * call that has finished are harmless: they check their own state.
     */
    public void onCancel(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (cancelled) {
            action.run();
            return;
        }
        if (cancelActions.isEmpty()) {
            cancelActions = new ArrayList<>(2);
        }
        cancelActions.add(action);
    }

    /** The client went away before the answer ended: lets go of whatever works for it. Idempotent. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        List<Runnable> actions = cancelActions;
        cancelActions = List.of();
        for (Runnable r : actions) {
            r.run();
        }
    }

    public List<AttemptRecord> attempts() {
        return List.copyOf(attempts);
    }

    /** Records how the exchange ended for the client. */
    public void outcome(int status, String errorClass) {
        this.status = status;
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Nanoseconds since the exchange began. */
    public long elapsedNanos() {
        return ticker.nanos() - startNanos;
    }

    private ModelSpec modelOf(String id) {
        for (ModelSpec m : models) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return models.get(0);
    }

    /** The final ledger line; cost is priced at the serving endpoint. */
    public UsageRecord toRecord() {
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - startNanos);
        long ttftMillis = firstByteNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstByteNanos - startNanos);
        Cost cost = servedBy == null ? Cost.ZERO : Cost.of(usage, servedBy.pricing());
        int finalStatus = cancelled ? 499 : status;
        String finalError = cancelled && errorClass.isEmpty() ? "client_closed" : errorClass;
        String served = servedBy != null ? servedBy.modelId() : models.isEmpty() ? "" : models.get(0).id();
        Dimensions dims = dimensions;
        if (!models.isEmpty()) {
            ModelSpec model = modelOf(served);
            dims = dimensions.withModel(model.vendor(), model.origin());
        }
        return new UsageRecord(id, createdAtMillis, api, request.model(), served,
                servedBy == null ? "" : servedBy.providerId(), servedBy == null ? "" : servedBy.upstreamModel(),
                request.stream(), finalStatus, finalError, finishReason, usage, cost, latencyMillis, ttftMillis,
                attempts, dims);
    }
}
