package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The timing faults change when bytes go out, never which: {@code gap} sends the head and part of the answer, falls
 * silent for {@code gap_ms}, then sends the rest; {@code trickle} sends a whole body a few bytes at a time. The
 * silence is observed as a read that times out (500 ms) inside a 4 s gap; no assertion bounds how fast anything is.
 */
class GapAndTrickleTest {

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final int SILENCE_PROBE_MS = 500;
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.builder().build().startAndWait();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void aGapInAWholeBodyComesAfterItsHeadAndHalfTheBody() throws Exception {
        String plain = body(exchange(CHAT + "}", "{}", false).all);
        Exchange gapped = exchange(CHAT + "}", "{\"fault\":\"gap\",\"gap_ms\":4000}", true);
        assertThat(body(gapped.beforeSilence)).as("the head and half the body, then silence")
                .isEqualTo(plain.substring(0, plain.length() / 2));
        assertThat(body(gapped.all)).as("then the rest: the same answer").isEqualTo(plain);
    }

    @Test
    void aGapInAStreamComesAfterItsFirstChunks() throws Exception {
        String stream = CHAT + ",\"stream\":true}";
        String plain = body(exchange(stream, "{\"completion_tokens\":6}", false).all);
        Exchange gapped = exchange(stream, "{\"completion_tokens\":6,\"fault\":\"gap\",\"cut_after_chunks\":2,"
                + "\"gap_ms\":4000}", true);
        String before = body(gapped.beforeSilence);
        assertThat(before.split("data: ", -1)).as(before).hasSize(3); // two data events, then silence
        assertThat(body(gapped.all)).as("then the rest: the same stream").isEqualTo(plain);
        assertThat(plain).contains("data: [DONE]");
    }

    @Test
    void aTrickledWholeBodyIsTheSameBody() throws Exception {
        String plain = body(exchange(CHAT + "}", "{}", false).all);
        byte[] trickled = exchange(CHAT + "}", "{\"fault\":\"trickle\",\"trickle_bytes\":5,"
                + "\"trickle_delay_ms\":1}", false).all;
        assertThat(body(trickled)).isEqualTo(plain);
        assertThat(new String(trickled, StandardCharsets.UTF_8)).contains("content-length: " + plain.length());
    }

    /** The bytes of one HTTP/1.1 exchange, and those that came before the first silence (when probed). */
    private record Exchange(byte[] all, byte[] beforeSilence) {
    }

    private static Exchange exchange(String body, String script, boolean probeSilence) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", sim.port())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                    + "content-type: application/json\r\nx-simulator-script: " + script + "\r\nconnection: close\r\n"
                    + "content-length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(payload);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] before = new byte[0];
            byte[] buf = new byte[8192];
            socket.setSoTimeout(10_000);
            int n = in.read(buf); // the first bytes, whenever they come
            if (n > 0) {
                all.write(buf, 0, n);
            }
            if (probeSilence) {
                socket.setSoTimeout(SILENCE_PROBE_MS);
                try {
                    while ((n = in.read(buf)) > 0) {
                        all.write(buf, 0, n);
                    }
                } catch (SocketTimeoutException silence) {
                    before = all.toByteArray();
                }
                socket.setSoTimeout(10_000);
            }
            while (n >= 0) {
                n = in.read(buf);
                if (n > 0) {
                    all.write(buf, 0, n);
                }
            }
            return new Exchange(all.toByteArray(), before);
        }
    }

    /** What follows the head (chunk framing included), with the per-request id made the same for every answer. */
    private static String body(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.UTF_8);
        return all.substring(all.indexOf("\r\n\r\n") + 4).replaceAll("chatcmpl-sim-[0-9]+", "chatcmpl-sim-N");
    }
}
