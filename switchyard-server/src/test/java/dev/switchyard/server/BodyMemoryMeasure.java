package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A measurement, not a check (docs/benchmarks.md, "Request bodies and heap"): how many bytes the gateway allocates per
 * MB of request body on each door, for a 4 MB body whose request is decoded, translated and sent upstream (to a port
 * nothing listens on, so no provider's allocation is counted). The client writes prepared bytes on a raw socket, so
 * nearly every allocated byte is the gateway's. Run with
 * {@code mvn -o -pl switchyard-server -am test -Dtest=BodyMemoryMeasure -Dswitchyard.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; it prints one line per door.
 */
@EnabledIfSystemProperty(named = "switchyard.measure", matches = "true")
class BodyMemoryMeasure {

    private static final int BODY_MB = 4;

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.maxBodyBytes(16L * 1024 * 1024)
            .retry(new dev.switchyard.core.routing.RetryPolicy(1, 1, java.time.Duration.ZERO,
                    java.time.Duration.ZERO)));

    @Test
    void allocatedBytesPerMbOfBody() throws Exception {
        String text = "lorem ipsum dolor sit amet ".repeat(BODY_MB * 1024 * 1024 / 27);
        String[][] doors = {
                {"chat", "/v1/chat/completions", "{\"model\":\"test/dead\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + text + "\"}]}"},
                {"messages", "/v1/messages", "{\"model\":\"test/dead\",\"max_tokens\":10,\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"" + text + "\"}]}"},
                {"responses", "/v1/responses", "{\"model\":\"test/dead\",\"input\":\"" + text + "\"}"},
                {"gemini", "/v1beta/models/test/dead:generateContent", "{\"contents\":[{\"role\":\"user\",\"parts\":"
                        + "[{\"text\":\"" + text + "\"}]}]}"}};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String[] door : doors) {
            byte[] body = door[2].getBytes(StandardCharsets.UTF_8);
            byte[] request = ("POST " + door[1] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            send(request, body); // warm-up
            send(request, body);
            int rounds = 5;
            long before = threads.getTotalThreadAllocatedBytes();
            for (int i = 0; i < rounds; i++) {
                send(request, body);
            }
            long allocated = (threads.getTotalThreadAllocatedBytes() - before) / rounds;
            double mb = body.length / (1024.0 * 1024.0);
            System.out.printf("door %-9s body %.1f MB: %6.1f MB allocated per request, %5.1f MB per MB of body%n",
                    door[0], mb, allocated / (1024.0 * 1024.0), allocated / (1024.0 * 1024.0) / mb);
        }
    }

    private void send(byte[] head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", env.gateway.port())) {
            s.getOutputStream().write(head);
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            byte[] answer = s.getInputStream().readAllBytes();
            String status = new String(Arrays.copyOf(answer, Math.min(12, answer.length)), StandardCharsets.US_ASCII);
            assertThat(status).startsWith("HTTP/1.1 5"); // the provider is unreachable on purpose
        }
    }
}
