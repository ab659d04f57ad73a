package dev.switchyard.providers.upstream;

import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.ClientChannel;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.json.ReadAccumulator;
import dev.switchyard.core.pipeline.UpstreamFailure;
import dev.switchyard.providers.sse.SseEventSplitter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * One attempt against one provider endpoint, from connect to the last byte, whatever the protocol.
 *
 * <p>Life of a streamed call: the request goes out; the response head arrives; SSE events are split as bytes arrive
 * and each is handed to the {@link ResponseRelay}, which forwards or translates it. Nothing is sent to the client until the
 * first event with data: keep-alive comments before it are swallowed, so that a provider that stalls before its first
 * token can still be abandoned for another. The first data event commits the client's response; from then on, every
 * event goes out as it came, in the same write as its neighbours from the same network read, and the upstream is
 * paused while the client cannot keep up.
 *
 * <p>Deadlines: connect and idle are enforced by the HTTP client; first byte and total by timers here. The call
 * settles exactly once; settling cancels the timers and, on failure, resets the upstream request so the provider
 * stops generating (and billing). A client that goes away cancels the upstream the same way.
 */
public final class UpstreamCall {

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final UpstreamClient adapter;
    private final Exchange exchange;
    private final Attempt attempt;
    private final UpstreamCallSpec spec;
    private final ResponseRelay relay;
    private final ClientChannel client;
    private final ProviderSpec provider;
    private final Promise<Void> promise = Promise.promise();

    private HttpClientRequest upstream;
    private long firstByteTimer = -1;
    private long totalTimer = -1;
    private boolean settled;
    private boolean committed;

    /**
     * @param client the shared upstream client
     * @param exchange the request
     * @param attempt the endpoint and deadlines of this attempt
     * @param spec what to send
     * @param relay how the answer reaches the client
     */
    public UpstreamCall(UpstreamClient client, Exchange exchange, Attempt attempt, UpstreamCallSpec spec,
                        ResponseRelay relay) {
        this.adapter = client;
        this.exchange = exchange;
        this.attempt = attempt;
        this.spec = spec;
        this.relay = relay;
        this.client = exchange.client();
        this.provider = attempt.provider();
    }

    /** Sends the request; the future settles as {@link dev.switchyard.core.pipeline.ProviderAdapter} says. */
    public Future<Void> start() {
        Buffer body = spec.body();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(spec.url())
                .setConnectTimeout(attempt.deadlines().connect().toMillis())
                .setIdleTimeout(attempt.deadlines().idle().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("accept", spec.stream() ? "text/event-stream" : "application/json")
                .putHeader("user-agent", adapter.userAgent);
        spec.headers().forEach(options::putHeader);
        provider.headers().forEach(options::putHeader);
        attempt.apiKey().ifPresent(key -> {
            switch (provider.auth()) {
                case X_API_KEY -> options.putHeader("x-api-key", key);
                case GOOG_API_KEY -> options.putHeader("x-goog-api-key", key);
                case BEARER, NONE -> options.putHeader("authorization", "Bearer " + key);
            }
        });
        firstByteTimer = adapter.vertx.setTimer(attempt.deadlines().firstByte().toMillis(),
                id -> fail(timeout("first_byte", "no response from provider " + provider.id() + " within "
                        + attempt.deadlines().firstByte().toMillis() + " ms")));
        totalTimer = adapter.vertx.setTimer(attempt.deadlines().total().toMillis(),
                id -> fail(timeout("total", "provider " + provider.id() + " did not finish within "
                        + attempt.deadlines().total().toMillis() + " ms")));
        client.onClose(this::clientGone);
        adapter.http.request(options).onComplete(ar -> {
            if (ar.failed()) {
                fail(transportFailure(ar.cause()));
                return;
            }
            upstream = ar.result();
            if (settled) {
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
        if (settled) {
            return;
        }
        response.exceptionHandler(err -> fail(transportFailure(err)));
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            Buffer errorBody = Buffer.buffer();
            response.handler(b -> {
                if (errorBody.length() < MAX_ERROR_BODY) {
                    errorBody.appendBuffer(b, 0, Math.min(b.length(), MAX_ERROR_BODY - errorBody.length()));
                }
            });
            response.endHandler(v -> fail(UpstreamErrors.fromResponse(provider, status, errorBody,
                    Optional.ofNullable(response.getHeader("retry-after")))));
            return;
        }
        if (spec.stream()) {
            stream(response);
        } else {
            buffer(response);
        }
    }

    private void stream(HttpClientResponse response) {
        SseEventSplitter splitter = new SseEventSplitter(adapter.maxEventBytes);
        response.handler(chunk -> {
            if (settled) {
                return;
            }
            Buffer out = Buffer.buffer(chunk.length());
            try {
                splitter.feed(chunk, event -> accept(event, out));
            } catch (SseEventSplitter.EventTooLargeException e) {
                fail(protocolFailure("stream_malformed", "provider " + provider.id() + " sent " + e.getMessage()));
                return;
            }
            if (out.length() > 0 && committed) {
                client.write(out);
                if (client.writeQueueFull()) {
                    response.pause();
                    client.drainHandler(response::resume);
                }
            }
            relay.failure().ifPresent(error -> fail(inBandFailure(error)));
        });
        response.endHandler(v -> {
            if (settled) {
                return;
            }
            Buffer tail = splitter.remainder();
            Buffer out = Buffer.buffer();
            if (tail.length() > 0) {
                accept(tail.copy().appendString("\n\n"), out);
            }
            if (relay.failure().isPresent()) {
                flush(out);
                fail(inBandFailure(relay.failure().get()));
                return;
            }
            if (!relay.completed()) {
                flush(out);
                fail(protocolFailure("stream_cut", "provider " + provider.id()
                        + " ended the stream before it finished"));
                return;
            }
            if (!committed) {
                commit(); // a stream with no data at all, e.g. only [DONE]
            }
            relay.end(out);
            flush(out);
            client.endStream();
            succeed();
        });
    }

    /** Hands one upstream event to the relay, committing the response when content begins. */
    private void accept(Buffer event, Buffer out) {
        relay.onEvent(event, out);
        if (!committed && relay.sawData() && relay.failure().isEmpty()) {
            commit();
        }
    }

    private void flush(Buffer out) {
        if (out.length() > 0 && committed) {
            client.write(out);
        }
    }

    private void commit() {
        cancelFirstByteTimer();
        exchange.servedBy(attempt.endpoint());
        exchange.markFirstByte();
        client.header("x-switchyard-provider", provider.id());
        client.header("x-switchyard-model", attempt.endpoint().modelId());
        if (!spec.dropped().isEmpty()) {
            client.header("x-switchyard-dropped-params", String.join(", ", spec.dropped()));
        }
        if (spec.stream()) {
            client.beginStream();
        }
        committed = true;
    }

    private void buffer(HttpClientResponse response) {
        cancelFirstByteTimer();
        ReadAccumulator body = new ReadAccumulator(adapter.maxResponseBytes);
        response.handler(chunk -> {
            if (settled) {
                return;
            }
            exchange.markFirstByte();
            if (!body.add(chunk)) {
                fail(protocolFailure("response_too_large", "provider " + provider.id() + " sent a response larger than "
                        + adapter.maxResponseBytes + " bytes"));
            }
        });
        response.endHandler(v -> {
            if (settled) {
                return;
            }
            Buffer rendered;
            try {
                rendered = relay.render(body.body());
            } catch (GatewayError e) {
                fail(protocolFailure("response_malformed", e.getMessage()));
                return;
            }
            exchange.usage(relay.usage());
            exchange.finishReason(relay.finishReason());
            commit();
            client.respond(200, "application/json", rendered);
            succeed();
        });
    }

    private void clientGone() {
        if (settled) {
            return;
        }
        exchange.markCancelled();
        fail(new UpstreamFailure(GatewayError.builder(ErrorKind.INVALID_REQUEST, "client closed the connection")
                .status(499).build(), "client_closed", false, 0));
    }

    private void succeed() {
        settled = true;
        cancelTimers();
        recordAccounting();
        promise.complete();
    }

    private void fail(UpstreamFailure failure) {
        if (settled) {
            return;
        }
        settled = true;
        cancelTimers();
        if (upstream != null) {
            upstream.reset();
        }
        recordAccounting();
        if (committed && !client.closed()) {
            client.fail(failure.error()); // in-band: the status line is gone
        }
        promise.fail(failure);
    }

    private void recordAccounting() {
        if (spec.stream()) {
            exchange.usage(relay.usage());
            exchange.finishReason(relay.finishReason());
        }
    }

    private UpstreamFailure inBandFailure(GatewayError error) {
        return new UpstreamFailure(GatewayError.builder(error.kind(), "provider " + provider.id() + ": "
                + error.getMessage()).metadata("provider_name", provider.id()).build(), "provider_error_in_stream",
                !committed, 0);
    }

    private void cancelFirstByteTimer() {
        if (firstByteTimer >= 0) {
            adapter.vertx.cancelTimer(firstByteTimer);
            firstByteTimer = -1;
        }
    }

    private void cancelTimers() {
        cancelFirstByteTimer();
        if (totalTimer >= 0) {
            adapter.vertx.cancelTimer(totalTimer);
            totalTimer = -1;
        }
    }

    private UpstreamFailure timeout(String which, String message) {
        return new UpstreamFailure(GatewayError.builder(ErrorKind.TIMEOUT, message)
                .metadata("provider_name", provider.id()).metadata("deadline", which).build(),
                "timeout_" + which, !committed, 0);
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
                    "could not connect to provider " + provider.id() + " at " + provider.baseUrl())
                    .metadata("provider_name", provider.id()).build(), "connect", true, 0);
        }
        return new UpstreamFailure(GatewayError.builder(ErrorKind.UPSTREAM,
                "provider " + provider.id() + " closed the connection unexpectedly")
                .metadata("provider_name", provider.id()).build(), "connection_lost", !committed, 0);
    }
}
