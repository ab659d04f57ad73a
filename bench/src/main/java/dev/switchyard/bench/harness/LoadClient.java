package dev.switchyard.bench.harness;

import dev.switchyard.providers.sse.SseEventSplitter;
import dev.switchyard.providers.sse.SseEvents;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The load generator: a Vert.x HTTP client on one event loop, with HTTP/1.1 keep-alive pools. Closed loop (N
 * connections, each sending its next request when the previous answer ends), open loop (requests due at
 * {@code t0 + i / rate}, latency measured from that intended instant, so stalls are charged: no coordinated
 * omission), and SSE streams timed event by event. Latencies are recorded in microseconds in HdrHistograms.
 */
final class LoadClient implements AutoCloseable {

    private final Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1)
            .setPreferNativeTransport(true)).build();
    private final Context context = vertx.getOrCreateContext();

    /** Result of a non-streamed run. */
    record RunResult(Histogram latencyMicros, long ok, long errors, double seconds, String firstError) {
        double rps() {
            return ok / seconds;
        }
    }

    /** One run's outcomes as they come in: answers and their latency, failures, and why the first one failed. */
    private static final class Tally {
        final Histogram latencyMicros;
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>("");

        Tally(Histogram latencyMicros) {
            this.latencyMicros = latencyMicros;
        }

        void success(long micros) {
            latencyMicros.recordValue(Math.min(Math.max(1, micros), latencyMicros.getHighestTrackableValue()));
            ok.incrementAndGet();
        }

        void failure(String why) {
            errors.incrementAndGet();
            firstError.compareAndSet("", why);
        }

        /** A closed-loop outcome: its latency since {@code startNanos} on success, its cause otherwise. */
        void count(AsyncResult<?> ar, long startNanos) {
            if (ar.succeeded()) {
                success((System.nanoTime() - startNanos) / 1000);
            } else {
                failure(String.valueOf(ar.cause().getMessage()));
            }
        }

        RunResult result(double seconds) {
            return new RunResult(latencyMicros, ok.get(), errors.get(), seconds, firstError.get());
        }
    }

    /** What one stream showed. */
    record StreamResult(boolean ok, long ttftMicros, List<Long> gapsMicros, List<String> events, int contentEvents,
                        long maxGapMicros) {
    }

    HttpClient client(int pool) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setDefaultHost("127.0.0.1").setMaxInitialLineLength(16 * 1024).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(pool).setMaxWaitQueueSize(-1));
    }

    private Future<Buffer> post(HttpClient c, Target t, Buffer body, Duration timeout) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(t.port())
                .setURI(t.path()).setIdleTimeout(timeout.toMillis()).putHeader("content-type", "application/json")
                .putHeader("authorization", "Bearer sk-bench");
        t.headers().forEach(o::putHeader);
        return c.request(o).compose(req -> req.send(body)).compose(resp -> resp.body().compose(b ->
                resp.statusCode() == 200 && b.length() > 0 && b.getString(0, b.length()).contains("\"usage\"")
                        ? Future.succeededFuture(b)
                        : Future.failedFuture("status " + resp.statusCode() + ": "
                                + b.getString(0, Math.min(200, b.length())))));
    }

    /** Closed loop: {@code concurrency} loops for {@code duration}. */
    RunResult closedLoop(Target t, Buffer body, int concurrency, Duration duration) {
        HttpClient c = client(concurrency);
        Tally tally = new Tally(new Histogram(60_000_000L, 3));
        AtomicInteger active = new AtomicInteger(concurrency);
        Promise<Void> done = Promise.promise();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        context.runOnContext(v -> {
            for (int i = 0; i < concurrency; i++) {
                loop(c, t, body, end, tally, active, done);
            }
        });
        done.future().await();
        double seconds = (System.nanoTime() - start) / 1e9;
        c.close().await();
        return tally.result(seconds);
    }

    private void loop(HttpClient c, Target t, Buffer body, long end, Tally tally, AtomicInteger active,
                      Promise<Void> done) {
        if (System.nanoTime() >= end) {
            if (active.decrementAndGet() == 0) {
                done.complete();
            }
            return;
        }
        long s = System.nanoTime();
        post(c, t, body, Duration.ofSeconds(10)).onComplete(ar -> {
            tally.count(ar, s);
            loop(c, t, body, end, tally, active, done);
        });
    }

    /** {@code count} requests one after another (c = 1), into {@code h}. */
    RunResult sequential(Target t, Buffer body, int count, Histogram h) {
        HttpClient c = client(1);
        Tally tally = new Tally(h);
        Promise<Void> done = Promise.promise();
        long start = System.nanoTime();
        context.runOnContext(v -> next(c, t, body, count, tally, done));
        done.future().await();
        double seconds = (System.nanoTime() - start) / 1e9;
        c.close().await();
        return tally.result(seconds);
    }

    private void next(HttpClient c, Target t, Buffer body, int left, Tally tally, Promise<Void> done) {
        if (left == 0) {
            done.complete();
            return;
        }
        long s = System.nanoTime();
        post(c, t, body, Duration.ofSeconds(10)).onComplete(ar -> {
            tally.count(ar, s);
            next(c, t, body, left - 1, tally, done);
        });
    }

    /**
     * Open loop at a constant rate. A platform thread releases request <i>i</i> at its intended instant
     * {@code t0 + i / rate}; latency is completion minus that instant. Answers slower than {@code timeout} fail.
     */
    RunResult openLoop(Target t, Buffer body, int rate, Duration duration, Duration timeout, int pool) {
        HttpClient c = client(pool);
        Tally tally = new Tally(new Histogram(60_000_000L, 3));
        long total = rate * duration.toSeconds();
        AtomicLong finished = new AtomicLong();
        Promise<Void> done = Promise.promise();
        long t0 = System.nanoTime() + 1_000_000;
        long timeoutMicros = timeout.toNanos() / 1000;
        Thread pacer = Thread.ofPlatform().name("open-loop-pacer").start(() -> {
            for (long i = 0; i < total; i++) {
                long intended = t0 + i * 1_000_000_000L / rate;
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 50_000));
                }
                context.runOnContext(v -> post(c, t, body, timeout).onComplete(ar -> {
                    long micros = Math.max(1, (System.nanoTime() - intended) / 1000);
                    if (ar.failed()) {
                        tally.failure(String.valueOf(ar.cause().getMessage()));
                    } else if (micros > timeoutMicros) {
                        tally.failure("answered " + micros + " us after its intended send, over the " + timeoutMicros
                                + " us timeout (the open loop fell behind)");
                    } else {
                        tally.success(micros);
                    }
                    if (finished.incrementAndGet() == total) {
                        done.complete();
                    }
                }));
            }
        });
        done.future().await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        try {
            pacer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        c.close().await();
        return tally.result(seconds);
    }

    /** One stream, timed: first content delta, every gap between data events, and the events themselves. */
    Future<StreamResult> stream(HttpClient c, Target t, Buffer body, boolean keepEvents) {
        return stream(c, t, body, keepEvents, () -> { });
    }

    /** As {@link #stream(HttpClient, Target, Buffer, boolean)}, calling {@code onFirstContent} at the first content. */
    Future<StreamResult> stream(HttpClient c, Target t, Buffer body, boolean keepEvents, Runnable onFirstContent) {
        Promise<StreamResult> result = Promise.promise();
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(t.port())
                .setURI(t.path()).setIdleTimeout(60_000).putHeader("content-type", "application/json")
                .putHeader("authorization", "Bearer sk-bench");
        t.headers().forEach(o::putHeader);
        long start = System.nanoTime();
        c.request(o).compose(req -> req.send(body)).onComplete(ar -> {
            if (ar.failed() || ar.result().statusCode() != 200) {
                result.tryComplete(new StreamResult(false, -1, List.of(), List.of(), 0, 0));
                if (ar.succeeded()) {
                    ar.result().body();
                }
                return;
            }
            var resp = ar.result();
            SseEventSplitter splitter = new SseEventSplitter(1 << 20);
            List<String> events = new ArrayList<>();
            List<Long> gaps = new ArrayList<>();
            long[] last = {-1};
            long[] ttft = {-1};
            long[] maxGap = {0};
            int[] content = {0};
            boolean[] finished = {false};
            resp.handler(buf -> {
                long now = System.nanoTime();
                splitter.feed(buf, event -> {
                    String data = SseEvents.data(event);
                    if (data == null) {
                        return;
                    }
                    if (keepEvents) {
                        events.add(data.replaceAll("\"id\":\"[^\"]*\"", "\"id\":\"*\""));
                    }
                    if (data.equals("[DONE]")) {
                        finished[0] = true;
                    } else if (data.contains("\"content\":\"") && !data.contains("\"content\":\"\"")) {
                        content[0]++;
                        if (ttft[0] < 0) {
                            ttft[0] = (now - start) / 1000;
                            onFirstContent.run();
                        }
                    }
                    if (last[0] >= 0) {
                        long gap = (now - last[0]) / 1000;
                        gaps.add(gap);
                        maxGap[0] = Math.max(maxGap[0], gap);
                    }
                    last[0] = now;
                });
            });
            resp.exceptionHandler(err -> result.tryComplete(new StreamResult(false, ttft[0], gaps, events, content[0],
                    maxGap[0])));
            resp.endHandler(v -> result.tryComplete(new StreamResult(finished[0], ttft[0], gaps, events, content[0],
                    maxGap[0])));
        });
        return result.future();
    }

    /** Runs a stream from the load generator's own event loop and waits for it. */
    StreamResult streamOnce(HttpClient c, Target t, Buffer body, boolean keepEvents) {
        Promise<StreamResult> p = Promise.promise();
        context.runOnContext(v -> stream(c, t, body, keepEvents).onComplete(p));
        return p.future().await();
    }

    /** Opens {@code count} streams at once (in batches of {@code batch}) and waits for all of them. */
    List<StreamResult> concurrentStreams(Target t, Buffer body, int count, int batch) {
        return concurrentStreams(t, body, count, batch, () -> { });
    }

    /** As {@link #concurrentStreams(Target, Buffer, int, int)}, calling {@code onFirstContent} as each stream begins. */
    List<StreamResult> concurrentStreams(Target t, Buffer body, int count, int batch, Runnable onFirstContent) {
        HttpClient c = client(count);
        List<StreamResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        Promise<Void> all = Promise.promise();
        AtomicInteger left = new AtomicInteger(count);
        for (int started = 0; started < count; started += batch) {
            int n = Math.min(batch, count - started);
            context.runOnContext(v -> {
                for (int i = 0; i < n; i++) {
                    stream(c, t, body, false, onFirstContent).onComplete(ar -> {
                        results.add(ar.succeeded() ? ar.result()
                                : new StreamResult(false, -1, List.of(), List.of(), 0, 0));
                        if (left.decrementAndGet() == 0) {
                            all.complete();
                        }
                    });
                }
            });
            Proc.sleep(20);
        }
        all.future().await();
        c.close().await();
        return results;
    }

    /**
     * Opens {@code count} streams at once and walks away from each at its first content event (the connection is
     * reset, as a client that is killed or navigates away); returns how many were abandoned that way.
     */
    int abandonedStreams(Target t, Buffer body, int count) {
        HttpClient c = client(count);
        AtomicInteger abandoned = new AtomicInteger();
        AtomicInteger left = new AtomicInteger(count);
        Promise<Void> all = Promise.promise();
        context.runOnContext(v -> {
            for (int i = 0; i < count; i++) {
                RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                        .setPort(t.port()).setURI(t.path()).setIdleTimeout(60_000)
                        .putHeader("content-type", "application/json").putHeader("authorization", "Bearer sk-bench");
                t.headers().forEach(o::putHeader);
                c.request(o).compose(req -> req.send(body).compose(resp -> {
                    Promise<Void> gone = Promise.promise();
                    resp.handler(buf -> {
                        // the first content: a non-empty "content" (the role chunk's is empty)
                        if (!gone.future().isComplete()
                                && buf.toString().replace("\"content\":\"\"", "").contains("\"content\":\"")) {
                            abandoned.incrementAndGet();
                            req.reset();
                            gone.tryComplete();
                        }
                    });
                    resp.exceptionHandler(err -> gone.tryComplete());
                    resp.endHandler(e -> gone.tryComplete());
                    return gone.future();
                })).onComplete(ar -> {
                    if (left.decrementAndGet() == 0) {
                        all.complete();
                    }
                });
            }
        });
        all.future().await();
        c.close().await();
        return abandoned.get();
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
