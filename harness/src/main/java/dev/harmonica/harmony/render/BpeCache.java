package dev.harmonica.harmony.render;

import dev.harmonica.harmony.HarmonyEncoding;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Memoised ordinary-BPE encodings of strings that repeat across messages and conversations: header pieces
 * (role, {@code :name}, {@code  to=recipient}, channel, content type) and the text of system/developer content
 * (the same tools section in every scenario of a benchmark). Thread-safe and bounded: a table that fills up is
 * cleared, which only costs re-encoding.
 *
 * <p>Message text is split with {@link O200kPieces} (the o200k pre-tokenisation, without java.util.regex) and
 * each piece's BPE ids are memoised, as tokenizers commonly do per word; a piece's ids are what
 * {@link HarmonyEncoding#encodeOrdinary} gives for it, so the result equals encoding the whole text.
 */
final class BpeCache {
    private static final int MAX_HEADER_LENGTH = 256;
    private static final int MAX_HEADER_ENTRIES = 16_384;
    private static final int MAX_SECTION_LENGTH = 1 << 20;
    private static final int MAX_SECTION_ENTRIES = 256;

    private final HarmonyEncoding encoding;
    private final ConcurrentHashMap<String, int[]> headers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, int[]> sections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, int[]> pieces = new ConcurrentHashMap<>();
    private static final int MAX_PIECE_LENGTH = 64;
    private static final int MAX_PIECE_ENTRIES = 200_000;

    BpeCache(HarmonyEncoding encoding) {
        this.encoding = encoding;
    }

    HarmonyEncoding encoding() {
        return encoding;
    }

    /** A short, repeated header piece. The returned array must not be modified. */
    int[] header(String s) {
        if (s.length() > MAX_HEADER_LENGTH) return encodeByPieces(s);
        int[] ids = headers.get(s);
        if (ids == null) {
            ids = encodeByPieces(s);
            if (headers.size() >= MAX_HEADER_ENTRIES) headers.clear();
            headers.put(s, ids);
        }
        return ids;
    }

    /** The text of a system or developer content item. The returned array must not be modified. */
    int[] section(String s) {
        if (s.length() > MAX_SECTION_LENGTH) return encodeByPieces(s);
        int[] ids = sections.get(s);
        if (ids == null) {
            ids = encodeByPieces(s);
            if (sections.size() >= MAX_SECTION_ENTRIES) sections.clear();
            sections.put(s, ids);
        }
        return ids;
    }

    /** Message text: encoded piece by piece (the text itself is not cached). */
    int[] content(String s) {
        return encodeByPieces(s);
    }

    int[] encodeByPieces(String s) {
        int n = s.length();
        if (n == 0) return new int[0];
        int[] out = new int[Math.max(8, n / 3)];
        int size = 0;
        int p = 0;
        while (p < n) {
            int e = O200kPieces.next(s, p);
            int[] ids = piece(s.substring(p, e));
            if (size + ids.length > out.length) out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, size + ids.length));
            System.arraycopy(ids, 0, out, size, ids.length);
            size += ids.length;
            p = e;
        }
        return size == out.length ? out : java.util.Arrays.copyOf(out, size);
    }

    private int[] piece(String piece) {
        if (piece.length() > MAX_PIECE_LENGTH) return encoding.encodeOrdinary(piece);
        int[] ids = pieces.get(piece);
        if (ids == null) {
            ids = encoding.encodeOrdinary(piece);
            if (pieces.size() >= MAX_PIECE_ENTRIES) pieces.clear();
            pieces.put(piece, ids);
        }
        return ids;
    }
}
