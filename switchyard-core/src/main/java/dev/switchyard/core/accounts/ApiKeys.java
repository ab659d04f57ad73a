package dev.switchyard.core.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Mints API key secrets and recognises them again.
 *
 * <p>A secret is {@value #PREFIX} followed by {@value #BODY_CHARS} base62 characters drawn from an injected
 * {@link SecureRandom} (about 285 bits). Its first {@value #LABEL_CHARS} body characters, with the prefix, are the
 * key's public label (how it is found and shown); the other {@value #HIDDEN_CHARS} (about 214 bits) never leave the
 * holder. The key's public id is the SHA-256 hex of the whole secret. Secrets themselves are never stored.
 */
public final class ApiKeys {

    /** Every Switchyard secret starts with this. */
    public static final String PREFIX = "sk-swy-";
    /** Random base62 characters after the prefix. */
    public static final int BODY_CHARS = 48;
    /** Body characters that belong to the public label. */
    public static final int LABEL_CHARS = 12;
    /** Body characters known only to the holder. */
    public static final int HIDDEN_CHARS = BODY_CHARS - LABEL_CHARS;
    /** Length of a whole secret. */
    public static final int SECRET_LENGTH = PREFIX.length() + BODY_CHARS;
    /** Length of a label. */
    public static final int LABEL_LENGTH = PREFIX.length() + LABEL_CHARS;

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ApiKeys::newDigest);

    private final SecureRandom random;

    public ApiKeys(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A new secret with its label and hash.
     *
     * @param secret the whole secret, shown to its owner once
     * @param label its public prefix
     * @param hash SHA-256 hex of the secret
     */
    public record Minted(String secret, String label, String hash) {
        public Minted {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(hash, "hash");
        }

        /** Never the secret: the label and the hash only. */
        @Override
        public String toString() {
            return "Minted[label=" + label + ", hash=" + hash + "]";
        }
    }

    /** Draws a fresh secret. */
    public Minted mint() {
        char[] out = new char[SECRET_LENGTH];
        PREFIX.getChars(0, PREFIX.length(), out, 0);
        for (int i = PREFIX.length(); i < out.length; i++) {
            out[i] = BASE62[random.nextInt(BASE62.length)];
        }
        String secret = new String(out);
        return new Minted(secret, secret.substring(0, LABEL_LENGTH), hash(secret));
    }

    /** Whether the text has the shape of a secret (prefix, length, base62 body); says nothing about whether it exists. */
    public static boolean looksLikeSecret(String text) {
        if (text == null || text.length() != SECRET_LENGTH || !text.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** The label of a secret, or empty when the text is not shaped like one. */
    public static Optional<String> labelOf(String presented) {
        return looksLikeSecret(presented) ? Optional.of(presented.substring(0, LABEL_LENGTH)) : Optional.empty();
    }

    /** The label as shown in listings: {@code sk-swy-abcd1234efgh…}. */
    public static String displayLabel(String label) {
        return label + "\u2026";
    }

    /** SHA-256 of the secret's ASCII bytes. */
    public static byte[] digest(String secret) {
        MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(secret.getBytes(StandardCharsets.US_ASCII));
    }

    /** SHA-256 hex of the secret: the key's public id. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    /** Whether the presented secret hashes to {@code expectedDigest}, compared in constant time. */
    public static boolean matches(String presented, byte[] expectedDigest) {
        return MessageDigest.isEqual(digest(presented), expectedDigest);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
