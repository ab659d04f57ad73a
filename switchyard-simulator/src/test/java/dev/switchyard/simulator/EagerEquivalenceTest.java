package dev.switchyard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lazily generated answers are byte for byte the answers the simulator wrote when it built every event up front:
 * the files under {@code golden/} were recorded from the eager version (commit "Simulator: golden answers of the
 * eager version"), in every format, streamed and not, with thinking, tool calls, non-ASCII text and the faults that
 * change the event sequence. To re-record after an intended change, run with {@code -Dsimulator.golden.write=true}:
 * the test then writes the files and fails, so a recording run never passes.
 */
class EagerEquivalenceTest {

    private static final boolean WRITE = Boolean.getBoolean("simulator.golden.write");
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    static Stream<Arguments> answers() {
        String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        String chatStream = chat + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        String messages = "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        String gemini = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
        String plain = "{\"completion_tokens\":40}";
        String thinking = "{\"completion_tokens\":12,\"thinking\":\"Let me think about this carefully.\","
                + "\"reasoning_tokens\":6}";
        String tool = "{\"tool_call\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\",\"unit\":\"c\"}}}";
        String text = "{\"text\":\"caf\\u00e9 au lait \\u65e5\\u672c \\ud83d\\ude82 done\"}";
        String malformed = "{\"completion_tokens\":5,\"fault\":\"malformed_sse\"}";
        String cut = "{\"completion_tokens\":20,\"fault\":\"cut\",\"cut_after_chunks\":4}";
        String keepAlive = "{\"completion_tokens\":3,\"keep_alives\":2}";
        String trickle = "{\"completion_tokens\":3,\"fault\":\"trickle\",\"trickle_bytes\":7,\"trickle_delay_ms\":0}";
        Stream.Builder<Arguments> out = Stream.builder();
        String[][] scripts = {{"plain", plain}, {"thinking", thinking}, {"tool", tool}, {"text", text},
            {"malformed", malformed}, {"cut", cut}, {"keepalive", keepAlive}, {"trickle", trickle}};
        for (String[] s : scripts) {
            out.add(Arguments.of("chat-stream-" + s[0], "/v1/chat/completions", chatStream, s[1]));
            out.add(Arguments.of("messages-stream-" + s[0], "/v1/messages", messages + ",\"stream\":true}", s[1]));
            out.add(Arguments.of("gemini-stream-" + s[0], "/v1beta/models/m:streamGenerateContent?alt=sse", gemini,
                    s[1]));
        }
        for (String[] s : new String[][] {{"plain", plain}, {"thinking", thinking}, {"tool", tool}, {"text", text}}) {
            out.add(Arguments.of("chat-whole-" + s[0], "/v1/chat/completions", chat + "}", s[1]));
            out.add(Arguments.of("messages-whole-" + s[0], "/v1/messages", messages + "}", s[1]));
            out.add(Arguments.of("gemini-whole-" + s[0], "/v1beta/models/m:generateContent", gemini, s[1]));
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void sameBytesAsTheEagerVersion(String name, String path, String body, String script) throws Exception {
        byte[] answer;
        try (Simulator sim = Simulator.builder().vertx(vertx).build().startAndWait()) {
            answer = fetch(sim, path, body, script); // a simulator per answer: its sequence numbers start at 1
        }
        Path file = Path.of("src/test/resources/golden", name + ".bin");
        if (WRITE) {
            Files.write(file, answer);
            throw new AssertionError("recorded " + file + "; run again without -Dsimulator.golden.write");
        }
        try (InputStream golden = getClass().getResourceAsStream("/golden/" + name + ".bin")) {
            assertThat(golden).as("golden file for " + name).isNotNull();
            assertThat(new String(answer, StandardCharsets.ISO_8859_1))
                    .isEqualTo(new String(golden.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }

    /** The whole HTTP/1.1 exchange as bytes (head, chunk framing, body), read over a raw socket until it closes. */
    private static byte[] fetch(Simulator sim, String path, String body, String script) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", sim.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "x-simulator-script: " + script + "\r\nconnection: close\r\ncontent-length: " + payload.length
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (SocketException e) {
                // the cut fault may end in a reset: what arrived before it is the answer
            }
            return answer.toByteArray();
        }
    }
}
