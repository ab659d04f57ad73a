package dev.switchyard.server.http;

import java.security.SecureRandom;

/**
 * Generation ids: {@code gen-}, 8 base-62 characters of the creation time in milliseconds, then 16 random base-62
 * characters (about 95 bits). The alphabet is in ASCII order, so ids sort by creation time: the ledger's primary-key
 * index then grows at its end instead of splitting pages at random, which is most of the cost of a random key. The
 * random part keeps ids unguessable.
 */
public final class GenerationIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private GenerationIds() {
    }

    public static String next() {
        return at(System.currentTimeMillis());
    }

    /** An id for the given creation time. */
    static String at(long epochMillis) {
        char[] out = new char[28];
        out[0] = 'g';
        out[1] = 'e';
        out[2] = 'n';
        out[3] = '-';
        long t = epochMillis;
        for (int i = 11; i >= 4; i--) {
            out[i] = ALPHABET[(int) (t % 62)];
            t /= 62;
        }
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        for (int i = 0; i < 16; i++) {
            out[12 + i] = ALPHABET[(bytes[i] & 0xff) % 62];
        }
        return new String(out);
    }
}
