package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A long answer costs the simulator no memory: 100 concurrent streams of 300,000 tokens each (about 70 MB of events
 * apiece, 7 GB in all, which the eager version built up front) are started and read only in part, so every one of them
 * is held by back-pressure; the heap they add stays a few megabytes. One more is read to its end, token by token.
 * (Small socket buffers make the back-pressure reach the simulator after kilobytes rather than the megabytes loopback
 * sockets buffer, which keeps the test short; the simulator's memory does not depend on them.)
 */
class LazyStreamMemoryTest {

    private static final int TOKENS = 300_000;
    private static final int STREAMS = 100;
    private static final long MAX_HEAP_GROWTH = 64L * 1024 * 1024;
    private static final byte[] CONTENT = "{\"content\":\"".getBytes(StandardCharsets.US_ASCII);
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().sendBufferBytes(16 * 1024).defaultScript(Script.builder().completionTokens(TOKENS).build()).build()
                .startAndWait();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Socket open() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(8 * 1024); // before connecting, so that the window stays small: back-pressure comes early
        s.connect(new java.net.InetSocketAddress("127.0.0.1", sim.port()));
        s.setSoTimeout(30_000);
        byte[] body = "{\"model\":\"long\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "content-type: application/json\r\nconnection: close\r\ncontent-length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(body);
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void aHundredLongStreamsHeldByBackPressureKeepTheHeapSmall() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                Socket s = open();
                sockets.add(s);
                s.getInputStream().readNBytes(4 * 1024); // under way, then left unread: the simulator must wait
            }
            await("every stream in flight", () -> sim.stats().inFlight() == STREAMS);
            long during = usedAfterGc(memory);
            System.out.printf("simulator heap: %d MB before, %d MB with %d streams of %d tokens in flight%n",
                    before >> 20, during >> 20, STREAMS, TOKENS);
            assertThat(during - before).as("heap growth with %d long streams in flight", STREAMS)
                    .isLessThan(MAX_HEAP_GROWTH);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        await("every abandoned stream released", () -> sim.stats().inFlight() == 0);
    }

    @Test
    void aLongStreamReadToTheEndCarriesEveryToken() throws Exception {
        long contentEvents = 0;
        boolean done = false;
        try (Socket s = open(); InputStream in = s.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            int matched = 0;
            StringBuilder tail = new StringBuilder();
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    matched = b == CONTENT[matched] ? matched + 1 : (b == CONTENT[0] ? 1 : 0);
                    if (matched == CONTENT.length) {
                        contentEvents++;
                        matched = 0;
                    }
                }
                tail.append(new String(buf, Math.max(0, n - 64), Math.min(n, 64), StandardCharsets.US_ASCII));
                tail.delete(0, Math.max(0, tail.length() - 64));
            }
            done = tail.toString().contains("data: [DONE]");
        }
        assertThat(contentEvents).isEqualTo(TOKENS);
        assertThat(done).as("the stream ends with [DONE]").isTrue();
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for: " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
