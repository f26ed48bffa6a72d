package dev.harmonica.harmony.render;

import dev.harmonica.harmony.HarmonyEncoding;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Memoised ordinary-BPE encodings of strings that repeat across messages and conversations: header pieces
 * (role, {@code :name}, {@code  to=recipient}, channel, content type) and the text of system/developer content
 * (the same tools section in every scenario of a benchmark). Thread-safe and bounded: a table that fills up is
 * cleared, which only costs re-encoding. Message text content is never cached.
 */
final class BpeCache {
    private static final int MAX_HEADER_LENGTH = 256;
    private static final int MAX_HEADER_ENTRIES = 16_384;
    private static final int MAX_SECTION_LENGTH = 1 << 20;
    private static final int MAX_SECTION_ENTRIES = 256;

    private final HarmonyEncoding encoding;
    private final ConcurrentHashMap<String, int[]> headers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, int[]> sections = new ConcurrentHashMap<>();

    BpeCache(HarmonyEncoding encoding) {
        this.encoding = encoding;
    }

    HarmonyEncoding encoding() {
        return encoding;
    }

    /** A short, repeated header piece. The returned array must not be modified. */
    int[] header(String s) {
        if (s.length() > MAX_HEADER_LENGTH) return encoding.encodeOrdinary(s);
        int[] ids = headers.get(s);
        if (ids == null) {
            ids = encoding.encodeOrdinary(s);
            if (headers.size() >= MAX_HEADER_ENTRIES) headers.clear();
            headers.put(s, ids);
        }
        return ids;
    }

    /** The text of a system or developer content item. The returned array must not be modified. */
    int[] section(String s) {
        if (s.length() > MAX_SECTION_LENGTH) return encoding.encodeOrdinary(s);
        int[] ids = sections.get(s);
        if (ids == null) {
            ids = encoding.encodeOrdinary(s);
            if (sections.size() >= MAX_SECTION_ENTRIES) sections.clear();
            sections.put(s, ids);
        }
        return ids;
    }

    /** Message text: never cached. */
    int[] content(String s) {
        return encoding.encodeOrdinary(s);
    }
}
