package dev.switchyard.server.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether the gateway may fetch a URL itself, and where to: the SSRF guard for any code path that must fetch
 * (docs/security.md, "Fetching URLs"). No code path fetches today (image URLs are passed to providers, which fetch them
 * from their own network); this is the guard such a path must go through.
 *
 * <p>Rules: only {@code http} and {@code https}; no user-info; the host is resolved <em>once</em>, here, and every
 * address it resolves to must be public (not loopback, private, link-local — which holds the cloud metadata address
 * 169.254.169.254 —, carrier-grade NAT, unique-local, multicast, unspecified, or an IPv4-mapped form of these). The
 * caller connects to the returned address (pinned), sending the original name as {@code Host}, so a DNS answer that
 * changes between the check and the connection (rebinding) cannot redirect it. Hosts on the allow-list (exact names,
 * case-insensitive) skip the address check, for an internal image store the operator trusts. Size and time limits
 * belong to the fetch itself and are given here for it to apply.
 */
public final class FetchGuard {

    /** Resolves a name; injected so tests (and rebinding tests) control DNS. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** Where to connect: the pinned address, the name for {@code Host} and TLS, and the limits of the fetch. */
    public record Target(URI uri, InetAddress address, int port, long maxBytes, long timeoutMillis) {
    }

    /** A refused URL, with why. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final Resolver resolver;
    private final Set<String> allowedHosts;
    private final long maxBytes;
    private final long timeoutMillis;

    /**
     * @param allowedHosts host names whose addresses are not checked (lower case)
     * @param maxBytes most bytes the fetch may read
     * @param timeoutMillis longest the fetch may take
     */
    public FetchGuard(Resolver resolver, Set<String> allowedHosts, long maxBytes, long timeoutMillis) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
    }

    /** A guard on the system's DNS. */
    public static FetchGuard system(Set<String> allowedHosts, long maxBytes, long timeoutMillis) {
        return new FetchGuard(host -> List.of(InetAddress.getAllByName(host)), allowedHosts, maxBytes, timeoutMillis);
    }

    /** Where the URL may be fetched from, resolved once and pinned. */
    public Target check(String url) throws Refused {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Refused("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https URLs are fetched");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("URLs with user info are not fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new Refused("the URL has no host");
        }
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw new Refused("the host does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new Refused("the host does not resolve");
        }
        if (!allowedHosts.contains(name.toLowerCase(Locale.ROOT))) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    throw new Refused("the host resolves to a non-public address (" + a.getHostAddress() + ")");
                }
            }
        }
        return new Target(uri, addresses.get(0), port, maxBytes, timeoutMillis);
    }

    /** Whether an address is on the public internet. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0 || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first >= 240); // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
