package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Answers one request as its {@link Script} says, in one provider's wire format; subclasses say only what the
 * format's events and bodies look like.
 *
 * <p>Streamed responses are paced by deadlines, not by sleeping between writes: every event has a due time measured
 * from the moment the head went out (first token at {@code ttft}, token <i>k</i> at {@code ttft + k / rate}), and a
 * timer is only set when the next event is not yet due. Lateness therefore never accumulates, and with every delay at
 * zero no timer is used at all. Writes respect back-pressure: a full socket buffer suspends the schedule until drained.
 */
abstract class Responder {

    static final long CREATED = 1_767_225_600L; // fixed, so responses are byte-for-byte repeatable
    /** Marks where {@link Fault#INVALID_UTF8} goes: U+00FF U+00FE, replaced on the wire by the bytes E6 97. */
    static final String BAD_UTF8_MARK = "\u00ff\u00fe";
    private static final byte[] BAD_UTF8_MARK_BYTES = BAD_UTF8_MARK.getBytes(StandardCharsets.UTF_8);
    private static final long SPLIT_DELAY_MS = 5;
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One scheduled piece of a stream. */
    record Timed(Buffer bytes, double dueMs) {
    }

    private final Vertx vertx;
    private final HttpServerRequest request;
    protected final HttpServerResponse response;
    protected final JsonNode body;
    protected final Script script;
    private final SimulatorStats stats;
    protected final long sequence;
    /** The model named in the request (body or URL). */
    protected final String model;
    private boolean closed;
    private boolean ended;
    private boolean released;

    Responder(Vertx vertx, HttpServerRequest request, JsonNode body, Script script, SimulatorStats stats,
              long sequence, String model) {
        this.vertx = vertx;
        this.request = request;
        this.response = request.response();
        this.body = body;
        this.script = script;
        this.stats = stats;
        this.sequence = sequence;
        this.model = model;
    }

    /** Whether the request asked for a stream. */
    abstract boolean streamRequested();

    /** The error body for a status, in the format. */
    abstract String errorBody(int status, String message);

    /** The stream's events, in order, with due times, generated as they are written; without keep-alives. */
    abstract Timeline events(double ttftMs, double gapMs);

    /** One keep-alive, in the format. */
    abstract Buffer keepAlive();

    /** The complete, non-streamed body. */
    abstract JsonNode completion();

    /** Why the request is refused as a real provider would refuse it (e.g. a bad signature), if it is. */
    Optional<String> rejection() {
        return Optional.empty();
    }

    void run() {
        stats.inFlight.incrementAndGet();
        response.closeHandler(v -> {
            closed = true;
            if (!ended) {
                stats.aborted.incrementAndGet();
            }
            release();
        });
        after(script.latencyMs(), this::respond);
    }

    /** This response is over for the in-flight count: ended, or its connection closed (once, whichever is first). */
    private void release() {
        if (!released) {
            released = true;
            stats.inFlight.decrementAndGet();
        }
    }

    private void respond() {
        if (closed) {
            return;
        }
        if (script.fault() == Fault.RESET) {
            stats.faultsInjected.incrementAndGet();
            ended = true;
            request.connection().close();
            return;
        }
        Optional<String> refused = rejection();
        if (refused.isPresent()) {
            end(response.setStatusCode(400).putHeader("content-type", "application/json"),
                    Buffer.buffer(errorBody(400, refused.get())));
            return;
        }
        if (script.errorStatus() != 0) {
            stats.errorsInjected.incrementAndGet();
            if (script.retryAfterSeconds() >= 0) {
                response.putHeader("retry-after", Integer.toString(script.retryAfterSeconds()));
            }
            end(response.setStatusCode(script.errorStatus()).putHeader("content-type", "application/json"),
                    Buffer.buffer(errorBody(script.errorStatus(), script.errorMessage())));
            return;
        }
        if (streamRequested()) {
            stream();
        } else {
            double seconds = script.tokensPerSecond() > 0 ? tokenCount() / script.tokensPerSecond() : 0;
            after(script.ttftMs() + (long) (seconds * 1000), this::whole);
        }
    }

    private void whole() {
        Buffer answer = script.fault() == Fault.MALFORMED_SSE ? Buffer.buffer("{\"choices\": [oops")
                : corrupt(Buffer.buffer(completion().toString()));
        if (script.fault() == Fault.CUT) {
            if (closed) {
                return;
            }
            stats.faultsInjected.incrementAndGet();
            ended = true;
            response.putHeader("content-type", "application/json")
                    .putHeader("content-length", Integer.toString(answer.length()))
                    .write(answer.getBuffer(0, answer.length() / 2))
                    .onComplete(ar -> request.connection().close());
            return;
        }
        switch (script.fault()) {
            case TRICKLE -> sendWhole(answer, new Timeline().add(new Timed(answer, 0))
                    .trickled(Math.max(1, script.trickleBytes()), script.trickleDelayMs()));
            case GAP -> {
                stats.faultsInjected.incrementAndGet();
                int half = answer.length() / 2;
                sendWhole(answer, new Timeline().add(new Timed(answer.getBuffer(0, half), 0))
                        .add(new Timed(answer.getBuffer(half, answer.length()), script.gapMs())));
            }
            default -> end(response.putHeader("content-type", "application/json"), answer);
        }
    }

    /** A whole body written in timed pieces: the head (with the body's length) goes out with the first. */
    private void sendWhole(Buffer answer, Timeline pieces) {
        if (closed) {
            return;
        }
        response.putHeader("content-type", "application/json")
                .putHeader("content-length", Integer.toString(answer.length()));
        send(pieces, System.nanoTime(), 0);
    }

    /** With {@link Fault#INVALID_UTF8}, the marked bytes replaced by an invalid sequence; else the bytes as they are. */
    private Buffer corrupt(Buffer bytes) {
        int at = script.fault() == Fault.INVALID_UTF8 ? indexOf(bytes, BAD_UTF8_MARK_BYTES) : -1;
        if (at < 0) {
            return bytes;
        }
        return Buffer.buffer(bytes.length()).appendBuffer(bytes, 0, at).appendByte((byte) 0xE6).appendByte((byte) 0x97)
                .appendBuffer(bytes, at + BAD_UTF8_MARK_BYTES.length, bytes.length() - at - BAD_UTF8_MARK_BYTES.length);
    }

    private static int indexOf(Buffer b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length(); i++) {
            for (int j = 0; j < what.length; j++) {
                if (b.getByte(i + j) != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void end(HttpServerResponse r, Buffer b) {
        if (closed) {
            return;
        }
        ended = true;
        stats.completed.incrementAndGet();
        r.end(b).onComplete(ar -> release());
    }

    // ---- streaming ----------------------------------------------------------------------------------------------

    private void stream() {
        response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
        double ttft = script.ttftMs();
        double gap = script.tokensPerSecond() > 0 ? 1000.0 / script.tokensPerSecond() : 0;
        int keepAlives = script.keepAlives();
        Timeline events = new Timeline()
                .each(keepAlives, (i, out) -> out.accept(new Timed(keepAlive(), ttft * i / Math.max(1, keepAlives))))
                .then(events(ttft, gap));
        Timeline pieces = switch (script.fault()) {
            case TRICKLE -> events.trickled(Math.max(1, script.trickleBytes()), script.trickleDelayMs());
            case INVALID_UTF8 -> events.mapped(this::splitInsideBadUtf8);
            case GAP -> {
                stats.faultsInjected.incrementAndGet();
                yield events.delayedAfter(script.cutAfterChunks(), Responder::isData, script.gapMs());
            }
            default -> events;
        };
        send(pieces, System.nanoTime(), 0);
    }

    /** The event carrying the invalid sequence, in two pieces split inside it; any other event as it is. */
    private void splitInsideBadUtf8(Timed event, java.util.function.Consumer<Timed> out) {
        Buffer bytes = corrupt(event.bytes());
        if (bytes == event.bytes()) {
            out.accept(event);
            return;
        }
        int at = indexOf(event.bytes(), BAD_UTF8_MARK_BYTES) + 1; // after E6, before 97
        out.accept(new Timed(bytes.getBuffer(0, at), event.dueMs()));
        out.accept(new Timed(bytes.getBuffer(at, bytes.length()), event.dueMs() + SPLIT_DELAY_MS));
    }

    /**
     * Writes the stream's pieces (or a timed whole body's) as they come due, generating each only when it is written;
     * a full socket buffer suspends the writing until it drains, so a slow reader holds the simulator to a few pieces
     * in memory.
     */
    private void send(Timeline events, long startNanos, int dataChunksSent) {
        int sent = dataChunksSent;
        while (events.hasNext()) {
            if (closed) {
                return;
            }
            Timed next = events.peek();
            double nowMs = (System.nanoTime() - startNanos) / 1e6;
            if (next.dueMs - nowMs >= 1.0) {
                int s = sent;
                vertx.setTimer((long) Math.ceil(next.dueMs - nowMs), t -> send(events, startNanos, s));
                return;
            }
            if (script.fault() == Fault.CUT && sent >= script.cutAfterChunks()) {
                stats.faultsInjected.incrementAndGet();
                ended = true;
                request.connection().close();
                return;
            }
            events.next();
            response.write(next.bytes);
            if (isData(next.bytes)) {
                sent++;
            }
            if (response.writeQueueFull()) {
                int s = sent;
                response.drainHandler(v -> send(events, startNanos, s));
                return;
            }
        }
        if (!closed) {
            ended = true;
            stats.completed.incrementAndGet();
            response.end().onComplete(ar -> release());
        }
    }

    private static boolean isData(Buffer b) {
        return b.length() > 0 && (b.getByte(0) == 'd' || b.getByte(0) == 'e');
    }

    // ---- shared content -----------------------------------------------------------------------------------------

    /** The answer's text tokens: the script's, cut to the request's output limit when the script honours it. */
    List<String> tokens() {
        List<String> all = Tokens.of(script.text(), script.completionTokens());
        int room = answerRoom();
        List<String> answer = all.size() > room ? all.subList(0, room) : all;
        if (script.fault() != Fault.INVALID_UTF8 || answer.isEmpty()) {
            return answer;
        }
        return new java.util.AbstractList<>() { // the first token carries the mark that becomes invalid bytes
            @Override
            public String get(int i) {
                return i == 0 ? answer.get(0) + BAD_UTF8_MARK : answer.get(i);
            }

            @Override
            public int size() {
                return answer.size();
            }
        };
    }

    /** Output tokens of the answer itself (text or tool call), reasoning excluded. */
    int tokenCount() {
        return script.tool().isPresent() ? script.completionTokens() : tokens().size();
    }

    /** Reasoning tokens to report (within the output limit when the script honours it). */
    int reasoningTokens() {
        return Math.min(script.reasoningTokens(), outputLimit());
    }

    /** Whether the answer was cut at the request's output limit (then the finish reason says so). */
    boolean truncated() {
        return script.tool().isEmpty() && (script.reasoningTokens() > outputLimit()
                || Tokens.of(script.text(), script.completionTokens()).size() > answerRoom());
    }

    /** Output tokens left for the answer after reasoning; unbounded unless the script honours max_tokens. */
    private int answerRoom() {
        int limit = outputLimit();
        return limit == Integer.MAX_VALUE ? limit : Math.max(0, limit - reasoningTokens());
    }

    /** The request's output limit when the script honours it, else {@link Integer#MAX_VALUE}. */
    int outputLimit() {
        if (!script.honourMaxTokens()) {
            return Integer.MAX_VALUE;
        }
        OptionalInt requested = requestedMaxTokens();
        return requested.isPresent() ? Math.max(0, requested.getAsInt()) : Integer.MAX_VALUE;
    }

    /** The output limit the request set, in the format's field ({@code max_tokens} here). */
    OptionalInt requestedMaxTokens() {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode n = body.get(field);
            if (n != null && n.canConvertToInt()) {
                return OptionalInt.of(n.asInt());
            }
        }
        return OptionalInt.empty();
    }

    /** The prompt tokens to report: the script's, or about four characters a token of the body. */
    int promptTokens() {
        if (script.promptTokens() >= 0) {
            return script.promptTokens();
        }
        return Math.max(1, (body.toString().length() + 3) / 4);
    }

    /** Prompt tokens read from the cache: the script's, at most the prompt. */
    int cachedTokens() {
        return Math.min(script.cachedTokens(), promptTokens());
    }

    /** Prompt tokens written into the cache: the script's, at most what the cache reads left of the prompt. */
    int cacheWriteTokens() {
        return Math.min(script.cacheWriteTokens(), promptTokens() - cachedTokens());
    }

    static Buffer sse(String event, JsonNode data) {
        return Buffer.buffer((event.isEmpty() ? "" : "event: " + event + "\n") + "data: " + data + "\n\n");
    }

    /** The simulator's deterministic signature of a thinking text, which it verifies when it comes back. */
    static String sign(String thinking) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(thinking.getBytes(StandardCharsets.UTF_8));
            return "sim-sig:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void after(long millis, Runnable action) {
        if (millis <= 0) {
            action.run();
        } else {
            vertx.setTimer(millis, t -> action.run());
        }
    }
}
