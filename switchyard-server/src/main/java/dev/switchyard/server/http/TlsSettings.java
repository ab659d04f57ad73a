package dev.switchyard.server.http;

import java.util.Objects;

/**
 * Optional TLS termination at the gateway ({@code server.tls.cert} and {@code server.tls.key}): a PEM certificate
 * chain and its PEM private key (PKCS#8 or PKCS#1). Both or neither: {@link #NONE} serves cleartext HTTP.
 *
 * @param certPath the certificate chain's PEM file, empty for none
 * @param keyPath the private key's PEM file, empty for none
 */
public record TlsSettings(String certPath, String keyPath) {

    /** Cleartext HTTP. */
    public static final TlsSettings NONE = new TlsSettings("", "");

    public TlsSettings {
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(keyPath, "keyPath");
        if (certPath.isBlank() != keyPath.isBlank()) {
            throw new IllegalArgumentException("server.tls: set both cert and key (PEM files), or neither");
        }
    }

    /** Whether the server terminates TLS. */
    public boolean enabled() {
        return !certPath.isBlank();
    }
}
