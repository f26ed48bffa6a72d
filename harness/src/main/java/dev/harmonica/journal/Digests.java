package dev.harmonica.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digests for journal records. */
public final class Digests {
    private Digests() {
    }

    /** SHA-256 of text, first 16 hex digits. */
    public static String sha256Hex16(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fast 128-bit (two independent 64-bit lanes) hash of token ids plus a text suffix, 32 hex digits. Used for the
     * request digest of completions prompts, which are long (20k tokens) and hashed every turn.
     */
    public static String tokens(int[] ids, String suffix) {
        long h1 = 0x9E3779B97F4A7C15L ^ ids.length;
        long h2 = 0xC2B2AE3D27D4EB4FL + ids.length;
        for (int id : ids) {
            h1 = (h1 ^ id) * 0x100000001B3L;
            h1 = Long.rotateLeft(h1, 29);
            h2 = (h2 + id) * 0xFF51AFD7ED558CCDL;
            h2 ^= h2 >>> 31;
        }
        for (int i = 0; i < suffix.length(); i++) {
            char c = suffix.charAt(i);
            h1 = Long.rotateLeft((h1 ^ c) * 0x100000001B3L, 29);
            h2 = (h2 + c) * 0xFF51AFD7ED558CCDL;
            h2 ^= h2 >>> 31;
        }
        return String.format("%016x%016x", mix(h1), mix(h2));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Stable shard bucket of a scenario id: the first 8 bytes of SHA-256, unsigned, mod n. */
    public static int shardOf(String scenarioId, int n) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(scenarioId.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (d[i] & 0xFF);
            return (int) Long.remainderUnsigned(v, n);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
