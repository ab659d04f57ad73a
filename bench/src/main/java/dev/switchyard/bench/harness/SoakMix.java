package dev.switchyard.bench.harness;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's traffic (issue 14: "streaming, errors and disconnects"), one window at a time: non-streamed calls at a
 * constant rate (open loop), a fixed number of paced streams kept open (each restarted as it ends), every
 * {@code abandonEvery}-th of them abandoned by the client after its first event (the connection reset mid-stream),
 * and calls to a model whose only provider fails (a 502 each). Whatever leaks per request, per stream, per error
 * or per disconnect shows as resident-set growth across windows.
 */
final class SoakMix {

    /** What one window did. */
    record Tally(long calls, long callErrors, long streams, long streamErrors, long abandoned, long failures,
                 long unexpected) {
    }

    private final LoadClient load;
    private final Buffer call;
    private final Buffer stream;
    private final Buffer failing;
    private final int callsPerSecond;
    private final int openStreams;
    private final int abandonEvery;
    private final int failuresPerSecond;

    SoakMix(LoadClient load, Buffer call, Buffer stream, Buffer failing, int callsPerSecond, int openStreams,
            int abandonEvery, int failuresPerSecond) {
        this.load = load;
        this.call = call;
        this.stream = stream;
        this.failing = failing;
        this.callsPerSecond = callsPerSecond;
        this.openStreams = openStreams;
        this.abandonEvery = abandonEvery;
        this.failuresPerSecond = failuresPerSecond;
    }

    /** Runs one window of the mix against the target and waits until everything it started has ended. */
    Tally window(Target t, Duration window) {
        Context context = load.context();
        HttpClient streams = load.client(openStreams);
        HttpClient failures = load.client(8);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong streamed = new AtomicLong();
        AtomicLong streamErrors = new AtomicLong();
        AtomicLong abandoned = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        CountDownLatch drained = new CountDownLatch(1);
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (stop.get()) {
                if (open.decrementAndGet() == 0) {
                    drained.countDown();
                }
                return;
            }
            if (started.incrementAndGet() % abandonEvery == 0) {
                abandon(streams, t).onComplete(ar -> {
                    (ar.succeeded() && ar.result() ? abandoned : streamErrors).incrementAndGet();
                    next[0].run();
                });
            } else {
                load.stream(streams, t, stream, false).onComplete(ar -> {
                    (ar.succeeded() && ar.result().ok() ? streamed : streamErrors).incrementAndGet();
                    next[0].run();
                });
            }
        };
        open.set(openStreams + 1);
        context.runOnContext(v -> {
            for (int i = 0; i < openStreams; i++) {
                next[0].run();
            }
            long period = Math.max(1, 1000 / failuresPerSecond);
            context.owner().setPeriodic(period, id -> {
                if (stop.get()) {
                    context.owner().cancelTimer(id);
                    if (open.decrementAndGet() == 0) {
                        drained.countDown();
                    }
                    return;
                }
                post(failures, t, failing).onComplete(ar -> (ar.succeeded() && ar.result() >= 500 ? failed
                        : unexpected).incrementAndGet());
            });
        });
        LoadClient.RunResult calls = load.openLoop(t, call, callsPerSecond, window, Duration.ofSeconds(2), 64);
        stop.set(true);
        try {
            if (!drained.await(60, TimeUnit.SECONDS)) {
                unexpected.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close().await();
        failures.close().await();
        return new Tally(calls.ok(), calls.errors(), streamed.get(), streamErrors.get(), abandoned.get(), failed.get(),
                unexpected.get());
    }

    /** A stream the client walks away from after its first bytes: completes true once it has reset the request. */
    private io.vertx.core.Future<Boolean> abandon(HttpClient c, Target t) {
        return c.request(options(t)).compose(req -> req.send(stream).compose(resp -> {
            io.vertx.core.Promise<Boolean> gone = io.vertx.core.Promise.promise();
            if (resp.statusCode() != 200) {
                resp.body().onComplete(ar -> gone.tryComplete(false));
                return gone.future();
            }
            resp.handler(first -> {
                resp.handler(null);
                req.reset(); // the client goes away mid-stream
                gone.tryComplete(true);
            });
            resp.exceptionHandler(err -> gone.tryComplete(true));
            resp.endHandler(v -> gone.tryComplete(false)); // it finished before the client could leave
            return gone.future();
        }));
    }

    private io.vertx.core.Future<Integer> post(HttpClient c, Target t, Buffer body) {
        return c.request(options(t)).compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    private static RequestOptions options(Target t) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(t.port())
                .setURI(t.path()).setIdleTimeout(30_000).putHeader("content-type", "application/json")
                .putHeader("authorization", "Bearer sk-bench");
        t.headers().forEach(o::putHeader);
        return o;
    }
}
