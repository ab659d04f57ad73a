package dev.switchyard.server.http;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Defeats DNS rebinding: a web page whose name is re-pointed at 127.0.0.1 reaches a loopback gateway from the
 * operator's own browser, but its requests still carry the page's name in {@code Host}. When the gateway is bound to
 * a loopback address, or when {@code server.allowed_hosts} is set, only the loopback names ({@code localhost},
 * {@code 127.x.x.x}, {@code [::1]}), the bound address and the configured names are served, on any port; anything
 * else is refused with 403.
 */
public final class HostCheck {

    private final boolean enforced;
    private final Set<String> allowed = new HashSet<>();

    public HostCheck(EdgeSettings settings) {
        this.enforced = isLoopback(settings.bindHost()) || !settings.allowedHosts().isEmpty();
        allowed.add("localhost");
        allowed.add("[::1]");
        String bound = hostOf(settings.bindHost());
        if (!bound.equals("0.0.0.0") && !bound.equals("[::]")) {
            allowed.add(bound);
        }
        for (String h : settings.allowedHosts()) {
            allowed.add(hostOf(h));
        }
    }

    /** Whether the check applies at all (bound to loopback, or names configured). */
    public boolean enforced() {
        return enforced;
    }

    /**
     * @param hostHeader the request's {@code Host}; null when absent (HTTP/1.0), which is allowed
     * @return null when served, else the 403 to answer
     */
    public GatewayError check(String hostHeader) {
        if (!enforced || hostHeader == null) {
            return null;
        }
        String host = hostOf(hostHeader);
        if (allowed.contains(host) || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return null;
        }
        String shown = hostHeader.length() > 100 ? hostHeader.substring(0, 100) + "…" : hostHeader;
        return GatewayError.builder(ErrorKind.PERMISSION_DENIED, "Host '" + shown + "' is not served here: this"
                + " gateway answers only localhost, 127.0.0.1, [::1] and the names in server.allowed_hosts (a web page"
                + " reaching a local gateway through DNS rebinding sends its own name)").code("host_not_allowed")
                .build();
    }

    /** The host part of a {@code Host} value or a configured name, lower-cased, without the port. */
    static String hostOf(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            return close < 0 ? v : v.substring(0, close + 1);
        }
        if (v.indexOf(':') != v.lastIndexOf(':')) {
            return "[" + v + "]"; // a bare IPv6 address (configured, not a Host header)
        }
        int colon = v.indexOf(':');
        String host = colon < 0 ? v : v.substring(0, colon);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** Whether a bind address is a loopback one ({@code localhost}, 127.0.0.0/8, ::1). */
    public static boolean isLoopback(String bindHost) {
        if (bindHost.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(bindHost);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
