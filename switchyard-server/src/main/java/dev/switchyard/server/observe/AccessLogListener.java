package dev.switchyard.server.observe;

import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One structured line per request, written by a background thread: ids, models, status, timings, tokens and cost;
 * never headers, keys or message content. The event loop only formats the line and offers it to a bounded queue; the
 * writer drains it into a buffered stream and flushes when the queue runs dry, so a busy gateway pays one write
 * system call per batch of lines rather than per request. Lines beyond the queue are dropped and counted.
 */
public final class AccessLogListener implements ExchangeListener, AutoCloseable {

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(65_536);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    /** Writes to standard error. */
    public AccessLogListener() {
        this(new BufferedWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), 1 << 16));
    }

    AccessLogListener(Writer out) {
        this.writer = Thread.ofPlatform().name("switchyard-access-log").daemon(true).start(() -> drain(out));
    }

    @Override
    public void onComplete(UsageRecord r) {
        String line = "access gen=" + r.id() + " api=" + r.api() + " model=" + quote(r.modelRequested()) + " served="
                + r.modelServed() + " provider=" + r.providerId() + " status=" + r.status() + " error="
                + (r.errorClass().isEmpty() ? "-" : r.errorClass()) + " stream=" + r.streamed() + " latency_ms="
                + r.latencyMillis() + " ttft_ms=" + r.ttftMillis() + " prompt=" + r.usage().promptTokens()
                + " completion=" + r.usage().completionTokens() + " cached=" + r.usage().cachedTokens() + " cost_usd="
                + Money.toUsd(r.cost().totalPicos()).toPlainString() + " attempts=" + r.attempts().size();
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines dropped because the writer could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    private void drain(Writer out) {
        try {
            while (!closing || !queue.isEmpty()) {
                String line = queue.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                out.write(line);
                out.write('\n');
                while ((line = queue.poll()) != null) {
                    out.write(line);
                    out.write('\n');
                }
                out.flush();
            }
        } catch (IOException e) {
            // standard error is gone: nothing left to log to
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The client's model string, quoted and cut short, so a hostile value cannot forge log fields. */
    private static String quote(String s) {
        int n = Math.min(100, s.length());
        StringBuilder b = new StringBuilder(n + 2).append('"');
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c == '"' ? '\'' : c < 0x20 || c > 0x7e ? '?' : c);
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
