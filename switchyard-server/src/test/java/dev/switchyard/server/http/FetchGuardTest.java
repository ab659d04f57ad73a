package dev.switchyard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard: loopback, private, link-local (cloud metadata), CGNAT, unique-local and IPv4-mapped targets are
 * refused, by literal address and by a name that resolves to one; a name is resolved once and the address pinned, so
 * a rebinding DNS answer cannot redirect the connection; an allow-listed host is accepted, and a real loopback server
 * on the allow-list is reached at the pinned address.
 */
class FetchGuardTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private final Map<String, List<InetAddress>> dns = new java.util.HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final FetchGuard guard = new FetchGuard(host -> {
        lookups.add(host);
        List<InetAddress> a = dns.get(host);
        if (a == null) {
            return List.of(InetAddress.getByName(host)); // literals
        }
        return a;
    }, Set.of("images.internal"), 5_000_000, 10_000);

    @Test
    void nonPublicTargetsAreRefused() throws Exception {
        dns.put("evil.example", List.of(ip("127.0.0.1")));
        dns.put("meta.example", List.of(ip("93.184.216.34"), ip("169.254.169.254")));
        for (String url : List.of("http://127.0.0.1/x.png", "http://localhost/x.png", "http://[::1]/x",
                "http://10.0.0.5/x", "http://192.168.1.1/x", "http://172.16.0.1/x", "http://169.254.169.254/latest/",
                "http://100.64.0.1/x", "http://[fd00::1]/x", "http://[::ffff:127.0.0.1]/x", "http://0.0.0.0/x",
                "http://evil.example/x.png", "http://meta.example/x", "file:///etc/passwd", "gopher://a/",
                "http://user:pw@93.184.216.34/x")) {
            assertThatThrownBy(() -> guard.check(url)).as(url).isInstanceOf(FetchGuard.Refused.class);
        }
    }

    @Test
    void aPublicNameIsResolvedOnceAndPinned() throws Exception {
        dns.put("cdn.example", List.of(ip("93.184.216.34")));
        FetchGuard.Target t = guard.check("https://cdn.example/cat.png");
        assertThat(t.address()).isEqualTo(ip("93.184.216.34"));
        assertThat(t.port()).isEqualTo(443);
        assertThat(lookups).containsExactly("cdn.example");
        // the name now rebinds to loopback: the target already checked keeps its pinned address
        dns.put("cdn.example", List.of(ip("127.0.0.1")));
        assertThat(t.address()).isEqualTo(ip("93.184.216.34"));
        assertThatThrownBy(() -> guard.check("https://cdn.example/cat.png")).isInstanceOf(FetchGuard.Refused.class);
    }

    @Test
    void anAllowListedHostIsAcceptedAndReached() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, ip("127.0.0.1"))) {
            dns.put("images.internal", List.of(ip("127.0.0.1")));
            FetchGuard.Target t = guard.check("http://images.internal:" + server.getLocalPort() + "/a.png");
            assertThat(t.maxBytes()).isEqualTo(5_000_000);
            try (Socket s = new Socket(t.address(), t.port()); Socket accepted = server.accept()) {
                assertThat(accepted.getInetAddress()).isEqualTo(ip("127.0.0.1"));
            }
        }
    }
}
