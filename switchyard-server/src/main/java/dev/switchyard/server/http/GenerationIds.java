package dev.switchyard.server.http;

import java.security.SecureRandom;

/** Generation ids: {@code gen-} and 24 random base-62 characters (about 143 bits), unguessable and URL-safe. */
public final class GenerationIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private GenerationIds() {
    }

    public static String next() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        char[] out = new char[28];
        out[0] = 'g';
        out[1] = 'e';
        out[2] = 'n';
        out[3] = '-';
        for (int i = 0; i < 24; i++) {
            out[4 + i] = ALPHABET[(bytes[i] & 0xff) % 62];
        }
        return new String(out);
    }
}
