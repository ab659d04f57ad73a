package dev.switchyard.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.SecretRedactor;
import dev.switchyard.core.json.Json;
import dev.switchyard.providers.openai.PassThroughRelay;
import dev.switchyard.providers.sse.SseEventSplitter;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * The fast path's per-read cost of a streamed answer, upstream side, as CPU time and bytes allocated by the thread
 * (not wall time, which a machine shared with other builds inflates many times over): one network read carrying one
 * content event goes through the SSE splitter and the pass-through relay (its per-event parse and accounting) to the
 * delta handed up, as {@code UpstreamCall} runs it. Rounds 4 to 8 of 8 are printed (the first are JIT warm-up). Run as
 * a plain main class, see docs/benchmarks.md ("Issue 14: where a stream's time goes").
 */
public final class StreamRelayCpu {

    private static final int READS = 200_000;

    private StreamRelayCpu() {
    }

    public static void main(String[] a) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Buffer content = Buffer.buffer("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":"
                + "1767225600,\"model\":\"deepseek-flash\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" signals\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        ObjectMapper mapper = new ObjectMapper(Json.limitedFactory(256, 64 << 20));
        long sink = 0;
        for (int round = 1; round <= 8; round++) {
            PassThroughRelay relay = new PassThroughRelay(mapper, false,
                    SecretRedactor.of(List.of("sk-upstream-key-0123456789")));
            SseEventSplitter splitter = new SseEventSplitter(1 << 20);
            long tid = Thread.currentThread().threadId();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long alloc0 = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < READS; i++) {
                splitter.feed(content, relay::onEvent);
                Optional<Delta> d = relay.takeDelta();
                sink += d.isPresent() ? 1 : 0;
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            long alloc = mx.getThreadAllocatedBytes(tid) - alloc0;
            if (round >= 4) {
                System.out.printf("round %d: %.0f ns CPU and %.0f bytes allocated per read%n", round,
                        (double) cpu / READS, (double) alloc / READS);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
