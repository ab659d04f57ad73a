package dev.switchyard.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One raw TCP connection to a gateway, for requests no well-behaved HTTP client would send. */
final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
    }

    RawConnection send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads up to and including the blank line after a response head. */
    String readHead() throws IOException {
        return readUntil("\r\n\r\n");
    }

    /** Reads one whole response with a Content-Length body: head and body. */
    String readResponse() throws IOException {
        String head = readHead();
        int length = 0;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    String readUntil(String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.UTF_8).endsWith(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before " + marker.replace("\r\n", "\\r\\n") + ": " + seen);
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection within the time (reading and dropping whatever it sent). */
    boolean closedWithin(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        socket.setSoTimeout(50);
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open
                } catch (SocketException e) {
                    return true; // reset
                }
            }
            return false;
        } finally {
            socket.setSoTimeout(5_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
