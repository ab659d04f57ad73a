package dev.switchyard.providers.upstream;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.answer.DeltaSink;
import dev.switchyard.core.answer.DeltaStream;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.FailureClasses;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.json.ReadAccumulator;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.Deadlines;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.sse.SseEventSplitter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt against one provider endpoint, from connect to the last byte, whatever the protocol; it produces the
 * attempt's {@link Answer} and is that answer's {@link DeltaStream}.
 *
 * <p>Life of a streamed call: the request goes out; the response head arrives; SSE events are split as bytes arrive
 * and each is handed to the {@link ResponseRelay}, which gathers what the client should get. Nothing is committed
 * until the first event with data: keep-alive comments before it are swallowed, so that a provider that stalls
 * before its first token can still be abandoned for another. The first data event commits: the future returned by
 * {@link #start} completes with the answer, and from then on each network read becomes one delta, pushed up the
 * rings as it arrives. Until the answer's deliverer starts the stream, the upstream is paused and deltas wait here;
 * afterwards the upstream is paused whenever the deliverer asks (the client cannot keep up).
 *
 * <p>Deadlines (docs/configuration.md, {@code timeouts}): connect is enforced by the HTTP client; first byte, idle and
 * total (and body) by one watchdog timer here, armed for whichever is due first and re-armed when it fires early, so a
 * read costs only a clock reading, never a timer; the head re-arms it once if it brings a deadline forward (idle, body).
 * First byte runs from the start to the response head (non-streamed answers and errors) or to the commit (streams).
 * Idle runs from the head to the end, between any two reads, streamed or not; before the head only first byte (and
 * connect) apply, so a provider that thinks long before its head is given the whole first-byte deadline. Body runs
 * from the head to the last byte of a body read whole (a non-streamed answer or an error), so a body that trickles in
 * with every gap shorter than idle still ends before total; a stream, which may rightly last, is left to total. Time
 * the consumer holds the upstream paused is not silence. Every deadline is held to what
 * remains of the request's budget ({@link dev.switchyard.core.pipeline.Deadlines#request()}); when that is what
 * fires, the failure is {@code timeout_request} and is not retried. The call ends exactly once: before the commit by failing the future (the router may try elsewhere), after it by ending the
 * stream with an {@link Ending} that carries the failure. Ending cancels the timers and, on failure, resets the
 * upstream request so that the provider stops generating (and billing). A client that goes away
 * ({@link Exchange#cancel}) and a stage that cuts the answer ({@link #cancel}) end it the same way. However it ends
 * early, the ending carries what was delivered: the provider's usage if it came, else the relay's estimate of the
 * content ({@link Usage#delivered}).
 */
public final class UpstreamCall implements DeltaStream {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamCall.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_DROPPED_HEADER = 1024;

    private final UpstreamClient client;
    private final Exchange exchange;
    private final Attempt attempt;
    /** What to send; dropped once sent, so that an open stream does not keep the request body alive. */
    private UpstreamCallSpec spec;
    private final boolean streamed;
    private final List<String> dropped;
    private final ResponseRelay relay;
    private final Consumer<Buffer> onEvent;
    private final ProviderSpec provider;
    private final Promise<Answer> promise = Promise.promise();

    private HttpClientRequest upstream;
    private HttpClientResponse response;
    private long watchdog = -1;
    private long watchdogDue;
    private long startedAt;
    private long headAt;
    private boolean wholeBody;
    private long lastReadAt;
    private boolean headArrived;
    private boolean firstByteMet;
    private boolean committed;
    private boolean ended;
    private DeltaSink sink;
    private List<Delta> held = List.of();
    private Ending heldEnding;
    private boolean pausedByConsumer;

    /**
     * @param client the shared upstream client
     * @param exchange the request
     * @param attempt the endpoint and deadlines of this attempt
     * @param spec what to send
     * @param relay how the answer is read
     */
    public UpstreamCall(UpstreamClient client, Exchange exchange, Attempt attempt, UpstreamCallSpec spec,
                        ResponseRelay relay) {
        this.client = client;
        this.exchange = exchange;
        this.attempt = attempt;
        this.spec = spec;
        this.streamed = spec.stream();
        this.dropped = spec.dropped();
        this.relay = relay;
        this.onEvent = relay::onEvent;
        this.provider = attempt.provider();
    }

    /** Sends the request; the future settles as {@link dev.switchyard.core.pipeline.ProviderAdapter} says. */
    public Future<Answer> start() {
        Buffer body = spec.body();
        String url = spec.url();
        Map<String, String> headers = spec.headers();
        spec = null; // the body lives on only until it is sent (the lambdas below), not as long as the stream
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setConnectTimeout(attempt.deadlines().effectiveConnect().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("accept", streamed ? "text/event-stream" : "application/json")
                .putHeader("user-agent", client.userAgent);
        headers.forEach(options::putHeader);
        provider.headers().forEach(options::putHeader);
        attempt.apiKey().ifPresent(key -> {
            switch (provider.auth()) {
                case X_API_KEY -> options.putHeader("x-api-key", key);
                case GOOG_API_KEY -> options.putHeader("x-goog-api-key", key);
                case BEARER, NONE -> options.putHeader("authorization", "Bearer " + key);
            }
        });
        startedAt = System.nanoTime();
        lastReadAt = startedAt;
        armWatchdog(startedAt);
        exchange.onCancel(this::clientGone);
        attempt.cancellation().onCancel(this::fail);
        client.http.request(options).onComplete(ar -> {
            if (ar.failed()) {
                fail(transportFailure(ar.cause()));
                return;
            }
            upstream = ar.result();
            // a reset (timeout, cancel, lost hedge) after the call ended surfaces here: already handled, not an error
            upstream.exceptionHandler(err -> fail(transportFailure(err)));
            if (ended) {
                upstream.reset();
                return;
            }
            upstream.send(body).onComplete(rr -> {
                if (rr.failed()) {
                    fail(transportFailure(rr.cause()));
                } else {
                    onResponse(rr.result());
                }
            });
        });
        return promise.future();
    }

    private void onResponse(HttpClientResponse response) {
        if (ended) {
            return;
        }
        this.response = response;
        headArrived = true;
        headAt = System.nanoTime();
        lastReadAt = headAt;
        response.exceptionHandler(err -> fail(transportFailure(err)));
        int status = response.statusCode();
        if (!streamed || status < 200 || status > 299) {
            firstByteMet = true; // a whole body or an error: the head is its first byte
            wholeBody = true;
        }
        if (watchdog >= 0 && dueAt() < watchdogDue) { // idle or body now falls due before the timer set at the start
            client.vertx.cancelTimer(watchdog);
            armWatchdog(headAt);
        }
        if (status < 200 || status > 299) {
            Buffer errorBody = Buffer.buffer();
            response.handler(b -> {
                lastReadAt = System.nanoTime();
                if (errorBody.length() < MAX_ERROR_BODY) {
                    errorBody.appendBuffer(b, 0, Math.min(b.length(), MAX_ERROR_BODY - errorBody.length()));
                }
            });
            response.endHandler(v -> fail(UpstreamErrors.fromResponse(provider, status, errorBody,
                    Optional.ofNullable(response.getHeader("retry-after")))));
            return;
        }
        if (streamed) {
            stream(response);
        } else {
            buffer(response);
        }
    }

    private void stream(HttpClientResponse response) {
        SseEventSplitter splitter = new SseEventSplitter(client.maxEventBytes);
        response.handler(chunk -> {
            if (ended) {
                return;
            }
            lastReadAt = System.nanoTime();
            try {
                splitter.feed(chunk, onEvent);
            } catch (SseEventSplitter.EventTooLargeException e) {
                fail(protocolFailure("stream_malformed", "provider " + provider.id() + " sent " + e.getMessage()));
                return;
            }
            if (!committed && relay.sawData() && relay.failure().isEmpty()) {
                commit();
            }
            if (committed) {
                relay.takeDelta().ifPresent(this::emit);
            }
            relay.failure().ifPresent(error -> fail(inBandFailure(error)));
        });
        response.endHandler(v -> {
            if (ended) {
                return;
            }
            Buffer tail = splitter.remainder();
            if (tail.length() > 0) {
                relay.onEvent(tail.copy().appendString("\n\n"));
            }
            if (relay.failure().isPresent()) {
                flushHeld();
                fail(inBandFailure(relay.failure().get()));
                return;
            }
            if (!relay.completed()) {
                flushHeld();
                fail(protocolFailure("stream_cut", "provider " + provider.id()
                        + " ended the stream before it finished"));
                return;
            }
            if (!committed) {
                commit(); // a stream with no data at all, e.g. only [DONE]
            }
            relay.takeDelta().ifPresent(this::emit);
            end(Ending.completed(relay.usage(), relay.finishReason()));
        });
    }

    /** After the commit, what the relay still holds goes out before a failure ends the stream. */
    private void flushHeld() {
        if (committed) {
            relay.takeDelta().ifPresent(this::emit);
        }
    }

    private void commit() {
        firstByteMet = true;
        committed = true;
        if (response != null && streamed) {
            response.pause(); // until the deliverer starts the stream
        }
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("x-switchyard-provider", provider.id());
        headers.put("x-switchyard-model", attempt.endpoint().modelId());
        if (!dropped.isEmpty()) {
            headers.put("x-switchyard-dropped-params", droppedParams(dropped));
        }
        promise.complete(new Answer(attempt.endpoint(), provider.protocol(), streamed, relay.inIr(), headers,
                this));
    }

    /**
     * The dropped parameters' names for the client's header, bounded: they come from the request, which may name
     * thousands (the edge escapes what a header cannot carry).
     */
    static String droppedParams(List<String> dropped) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < dropped.size(); i++) {
            String name = dropped.get(i);
            if (out.length() + name.length() > MAX_DROPPED_HEADER) {
                return out.append(out.isEmpty() ? "" : ", ").append("and ").append(dropped.size() - i).append(" more")
                        .toString();
            }
            out.append(out.isEmpty() ? "" : ", ").append(name);
        }
        return out.toString();
    }

    private void buffer(HttpClientResponse response) {
        ReadAccumulator body = new ReadAccumulator(client.maxResponseBytes);
        response.handler(chunk -> {
            if (ended) {
                return;
            }
            lastReadAt = System.nanoTime();
            if (!body.add(chunk)) {
                fail(protocolFailure("response_too_large", "provider " + provider.id() + " sent a response larger than "
                        + client.maxResponseBytes + " bytes"));
            }
        });
        response.endHandler(v -> {
            if (ended) {
                return;
            }
            Delta whole;
            Ending ending;
            try {
                whole = relay.whole(body.body());
                ending = Ending.completed(relay.usage(), relay.finishReason());
            } catch (GatewayError e) {
                fail(protocolFailure("response_malformed", e.getMessage()));
                return;
            } catch (RuntimeException e) {
                // a body the translation cannot take: never leave the call without an end (the client would wait)
                LOG.error("the answer of {} from {} could not be translated", exchange.id(), provider.id(), e);
                fail(protocolFailure("response_untranslatable", "the answer of provider " + provider.id()
                        + " could not be translated: " + e.getClass().getSimpleName()));
                return;
            }
            commit();
            emit(whole);
            end(ending);
        });
    }

    @Override
    public void start(DeltaSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("the answer of " + exchange.id() + " was started twice");
        }
        this.sink = sink;
        List<Delta> waiting = held;
        held = List.of();
        for (Delta d : waiting) {
            deliver(d);
        }
        if (heldEnding != null) {
            deliverEnd(heldEnding);
        }
        lastReadAt = System.nanoTime(); // the wait for the deliverer was not the provider's silence
        if (!pausedByConsumer && response != null) {
            response.resume(); // also after the end: a paused response keeps its connection from the pool
        }
    }

    @Override
    public void pause() {
        pausedByConsumer = true;
        if (response != null && !ended) {
            response.pause();
        }
    }

    @Override
    public void resume() {
        pausedByConsumer = false;
        lastReadAt = System.nanoTime();
        if (response != null && !ended && sink != null) {
            response.resume();
        }
    }

    @Override
    public void cancel(UpstreamFailure reason) {
        fail(reason);
    }

    private void emit(Delta delta) {
        if (sink == null) {
            if (held.isEmpty()) {
                held = new ArrayList<>(2);
            }
            held.add(delta);
        } else {
            deliver(delta);
        }
    }

    private void deliver(Delta delta) {
        try {
            sink.onDelta(delta);
        } catch (RuntimeException e) {
            LOG.error("a stage failed on a delta of {}", exchange.id(), e);
            fail(new UpstreamFailure(GatewayError.builder(ErrorKind.SERVER, "internal error in the gateway (generation "
                    + exchange.id() + ")").build(), "internal", false, 0));
        }
    }

    private void end(Ending ending) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimers();
        if (sink == null) {
            heldEnding = ending;
        } else {
            deliverEnd(ending);
        }
    }

    private void deliverEnd(Ending ending) {
        try {
            sink.onEnd(ending);
        } catch (RuntimeException e) {
            LOG.error("a stage failed on the ending of {}", exchange.id(), e);
        }
    }

    private void clientGone() {
        if (ended) {
            return;
        }
        fail(new UpstreamFailure(GatewayError.builder(ErrorKind.INVALID_REQUEST, "client closed the connection")
                .status(499).build(), "client_closed", false, 0));
    }

    private void fail(UpstreamFailure failure) {
        if (ended) {
            return;
        }
        if (committed) {
            end(Ending.failed(deliveredUsage(), relay.finishReason(), failure));
        } else {
            ended = true;
            cancelTimers();
            promise.fail(failure);
        }
        if (upstream != null) {
            upstream.reset(); // after ending: the reset's own connection error must not be taken for the cause
        }
    }

    /**
     * What an answer that ends early is billed for: the provider's usage if it came, else the content delivered
     * (estimated, and marked so). See {@link Usage#delivered}.
     */
    private Usage deliveredUsage() {
        return Usage.delivered(relay.usage(), relay.deliveredTokens(),
                exchange.request().routing().promptTokenEstimate());
    }

    /**
     * A failure inside the stream: an error event the provider sent (its verdict on the request: no mark against the
     * endpoint), or an event that was not valid at all (the relay codes it {@code stream_malformed}: the endpoint's
     * fault, decision 0009).
     */
    private UpstreamFailure inBandFailure(GatewayError error) {
        boolean malformed = error.code().filter(FailureClasses.STREAM_MALFORMED::equals).isPresent();
        GatewayError.Builder shown = GatewayError.builder(error.kind(), "provider " + provider.id() + ": "
                + UpstreamErrors.redact(provider, error.getMessage())).metadata("provider_name", provider.id());
        if (malformed) {
            shown.code(FailureClasses.STREAM_MALFORMED);
        }
        return new UpstreamFailure(shown.build(), malformed ? FailureClasses.STREAM_MALFORMED
                : "provider_error_in_stream", !committed, 0);
    }

    private void cancelTimers() {
        if (watchdog >= 0) {
            client.vertx.cancelTimer(watchdog);
            watchdog = -1;
        }
    }

    /** When the deadline due first falls due, in {@link System#nanoTime} terms. */
    private long dueAt() {
        Deadlines d = attempt.deadlines();
        long due = startedAt + d.effectiveTotal().toNanos();
        if (!firstByteMet) {
            due = Math.min(due, startedAt + d.effectiveFirstByte().toNanos());
        }
        if (headArrived) {
            due = Math.min(due, lastReadAt + d.idle().toNanos());
        }
        if (wholeBody) {
            due = Math.min(due, headAt + d.body().toNanos());
        }
        return due;
    }

    /** Sets the one timer for the deadline due first. */
    private void armWatchdog(long now) {
        long due = dueAt();
        watchdogDue = due;
        long millis = Math.max(1, (due - now + 999_999) / 1_000_000);
        watchdog = client.vertx.setTimer(millis, id -> {
            watchdog = -1;
            checkDeadlines();
        });
    }

    /** The watchdog fired: fails the call for the deadline that has passed, or re-arms for the next one. */
    private void checkDeadlines() {
        if (ended) {
            return;
        }
        long now = System.nanoTime();
        Deadlines d = attempt.deadlines();
        if (pausedByConsumer || (committed && sink == null)) {
            lastReadAt = now; // the upstream is held paused for the consumer: not the provider's silence
        }
        if (!firstByteMet && now - startedAt >= d.effectiveFirstByte().toNanos()) {
            boolean request = d.effectiveFirstByte().compareTo(d.firstByte()) < 0;
            fail(timeout(request ? "request" : "first_byte", request ? requestMessage(d)
                    : "no response from provider " + provider.id() + " within " + d.firstByte().toMillis() + " ms"));
        } else if (now - startedAt >= d.effectiveTotal().toNanos()) {
            boolean request = d.effectiveTotal().compareTo(d.total()) < 0;
            fail(timeout(request ? "request" : "total", request ? requestMessage(d)
                    : "provider " + provider.id() + " did not finish within " + d.total().toMillis() + " ms"));
        } else if (headArrived && now - lastReadAt >= d.idle().toNanos()) {
            fail(timeout("idle", "provider " + provider.id() + " sent nothing for " + d.idle().toMillis() + " ms"));
        } else if (wholeBody && now - headAt >= d.body().toNanos()) {
            fail(timeout("body", "provider " + provider.id() + " did not send its whole body within "
                    + d.body().toMillis() + " ms of its head"));
        } else {
            armWatchdog(now);
        }
    }

    private String requestMessage(Deadlines d) {
        return "the request's deadline passed while waiting for provider " + provider.id() + " ("
                + d.request().toMillis() + " ms were left for this attempt)";
    }

    private UpstreamFailure timeout(String which, String message) {
        return new UpstreamFailure(GatewayError.builder(ErrorKind.TIMEOUT, message)
                .metadata("provider_name", provider.id()).metadata("deadline", which).build(),
                "timeout_" + which, !committed && !which.equals("request"), 0);
    }

    private UpstreamFailure protocolFailure(String errorClass, String message) {
        return new UpstreamFailure(GatewayError.builder(ErrorKind.UPSTREAM, message)
                .metadata("provider_name", provider.id()).build(), errorClass, !committed, 0);
    }

    private UpstreamFailure transportFailure(Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        if (cause instanceof TimeoutException || text.contains("timeout") || text.contains("timed out")) {
            String which = upstream == null ? "connect" : "idle";
            return timeout(which, "provider " + provider.id() + " timed out (" + which + ")");
        }
        if (cause instanceof ConnectException || upstream == null) {
            return new UpstreamFailure(GatewayError.builder(ErrorKind.UPSTREAM,
                    "could not connect to provider " + provider.id() + " at " + provider.baseUrl() + ": "
                    + UpstreamErrors.connectCause(cause))
                    .metadata("provider_name", provider.id()).build(), "connect", true, 0);
        }
        return new UpstreamFailure(GatewayError.builder(ErrorKind.UPSTREAM,
                "provider " + provider.id() + " closed the connection unexpectedly")
                .metadata("provider_name", provider.id()).build(), "connection_lost", !committed, 0);
    }
}
