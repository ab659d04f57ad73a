package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A caller that leaves mid-stream is counted as aborted and its response released. */
class AbortedCountTest {

    @Test
    void aClosedConnectionMidStreamCountsAsAbortedAndReleased() throws Exception {
        try (Simulator sim = Simulator.builder().build().startAndWait()) {
            byte[] body = ("{\"model\":\"m\",\"stream\":true,\"messages\":[],\"simulator\":{\"completion_tokens\":300,"
                    + "\"tokens_per_second\":20}}").getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket("127.0.0.1", sim.port())) {
                s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: "
                        + "application/json\r\ncontent-length: " + body.length + "\r\n\r\n").getBytes(
                        StandardCharsets.US_ASCII));
                s.getOutputStream().write(body);
                s.getInputStream().readNBytes(2000);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((sim.stats().aborted() == 0 || sim.stats().inFlight() != 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(sim.stats().aborted()).as(sim.stats().toJson()).isEqualTo(1);
            assertThat(sim.stats().inFlight()).isZero();
            assertThat(sim.stats().completed()).isZero();
        }
    }
}
