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
    private final AccessLogFormat format;
    private volatile boolean closing;

    /** Writes key=value lines to standard error. */
    public AccessLogListener() {
        this(AccessLogFormat.TEXT);
    }

    /** Writes lines of this format to standard error. */
    public AccessLogListener(AccessLogFormat format) {
        this(format, new BufferedWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), 1 << 16));
    }

    AccessLogListener(Writer out) {
        this(AccessLogFormat.TEXT, out);
    }

    /** Writes lines of this format to {@code out}. */
    public AccessLogListener(AccessLogFormat format, Writer out) {
        this.format = java.util.Objects.requireNonNull(format, "format");
        this.writer = Thread.ofPlatform().name("switchyard-access-log").daemon(true).start(() -> drain(out));
    }

    @Override
    public void onComplete(UsageRecord r) {
        String line = format == AccessLogFormat.JSON ? json(r) : text(r);
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * One JSON object: the same fields as the text line, plus each attempt's provider, status, error class and
     * duration. Strings go through Jackson, so a hostile model name cannot break the line.
     */
    static String json(UsageRecord r) {
        com.fasterxml.jackson.databind.node.ObjectNode o = dev.switchyard.core.json.Json.mapper().createObjectNode()
                .put("ts", java.time.Instant.ofEpochMilli(r.createdAtMillis()).toString())
                .put("msg", "access").put("gen", r.id()).put("api", r.api())
                .put("model", r.modelRequested().length() > 256 ? r.modelRequested().substring(0, 256)
                        : r.modelRequested())
                .put("served", r.modelServed()).put("provider", r.providerId()).put("status", r.status())
                .put("error", r.errorClass()).put("stream", r.streamed()).put("latency_ms", r.latencyMillis())
                .put("ttft_ms", r.ttftMillis()).put("prompt", r.usage().promptTokens())
                .put("completion", r.usage().completionTokens()).put("cached", r.usage().cachedTokens())
                .put("cost_usd", Money.toUsd(r.cost().totalPicos()).toPlainString());
        com.fasterxml.jackson.databind.node.ArrayNode attempts = o.putArray("attempts");
        for (var a : r.attempts()) {
            attempts.addObject().put("provider", a.providerId()).put("model", a.upstreamModel())
                    .put("status", a.status()).put("error", a.errorClass()).put("latency_ms", a.durationMillis());
        }
        return o.toString();
    }

    private static String text(UsageRecord r) {
        return "access gen=" + r.id() + " api=" + r.api() + " model=" + quote(r.modelRequested()) + " served="
                + r.modelServed() + " provider=" + r.providerId() + " status=" + r.status() + " error="
                + (r.errorClass().isEmpty() ? "-" : r.errorClass()) + " stream=" + r.streamed() + " latency_ms="
                + r.latencyMillis() + " ttft_ms=" + r.ttftMillis() + " prompt=" + r.usage().promptTokens()
                + " completion=" + r.usage().completionTokens() + " cached=" + r.usage().cachedTokens() + " cost_usd="
                + Money.toUsd(r.cost().totalPicos()).toPlainString() + " attempts=" + r.attempts().size();
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
