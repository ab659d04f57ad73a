package dev.switchyard.server.http;

import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.ClientChannel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP side of every front door's {@link ClientChannel}: commit, streaming with back-pressure, close detection.
 * Subclasses say only how their protocol writes an error, as a response before commit and in-band after it.
 */
public abstract class HttpClientChannel implements ClientChannel {

    protected final HttpServerResponse response;
    private final List<Runnable> closeActions = new ArrayList<>(2);
    private boolean committed;
    private boolean closed;
    private boolean ended;

    protected HttpClientChannel(HttpServerResponse response) {
        this.response = response;
        response.closeHandler(v -> {
            if (ended) {
                return;
            }
            closed = true;
            for (Runnable r : List.copyOf(closeActions)) {
                r.run();
            }
        });
    }

    /** The error body sent with the error's status before anything else went out. */
    protected abstract String errorBody(GatewayError error);

    /** The last bytes of a stream that failed after it began; the stream ends after them. */
    protected abstract Buffer inBandError(GatewayError error);

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public boolean closed() {
        return closed;
    }

    @Override
    public void onClose(Runnable action) {
        closeActions.add(action);
    }

    @Override
    public void header(String name, String value) {
        if (!committed) {
            response.putHeader(name, HeaderValues.escape(value));
        }
    }

    @Override
    public void beginStream() {
        committed = true;
        response.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
    }

    @Override
    public void write(Buffer chunk) {
        if (!closed) {
            response.write(chunk);
        }
    }

    @Override
    public boolean writeQueueFull() {
        return !closed && response.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable action) {
        response.drainHandler(v -> action.run());
    }

    @Override
    public void endStream() {
        if (!closed && !ended) {
            ended = true;
            response.end();
        }
    }

    @Override
    public void respond(int status, String contentType, Buffer body) {
        if (closed || ended) {
            return;
        }
        committed = true;
        ended = true;
        response.setStatusCode(status).putHeader("content-type", contentType).end(body);
    }

    @Override
    public void fail(GatewayError error) {
        if (closed || ended) {
            return;
        }
        if (!committed) {
            error.retryAfterSeconds().ifPresent(s -> response.putHeader("retry-after", Long.toString(s)));
            respond(error.status(), "application/json", Buffer.buffer(errorBody(error)));
            return;
        }
        ended = true;
        response.end(inBandError(error));
    }
}
