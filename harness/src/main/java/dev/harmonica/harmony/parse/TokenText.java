package dev.harmonica.harmony.parse;

import dev.harmonica.harmony.HarmonyEncoding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Fast token-id → bytes → text decoding for the parsers: one flat byte table for all 201,089 ids of
 * {@code o200k_harmony} (BPE ranks + special names), so decoding a span is a few array copies and one
 * {@code new String(UTF_8)}. Immutable and shared; loaded once (about 0.2 s).
 */
public final class TokenText {
    /** Number of valid ids (0 … {@link HarmonyEncoding#LAST_SPECIAL}). */
    static final int VOCAB = HarmonyEncoding.LAST_SPECIAL + 1;

    private static volatile TokenText shared;

    private final byte[] bytes;
    private final int[] offsets; // id -> start in bytes; offsets[VOCAB] = total

    private TokenText() {
        byte[][] table = new byte[VOCAB][];
        try (InputStream in = HarmonyEncoding.class.getResourceAsStream("/com/knuddels/jtokkit/o200k_base.tiktoken")) {
            if (in == null) throw new IllegalStateException("jtokkit o200k_base.tiktoken resource not found");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
            Base64.Decoder b64 = Base64.getDecoder();
            String line;
            while ((line = reader.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space <= 0) continue;
                int rank = Integer.parseInt(line, space + 1, line.length(), 10);
                if (rank >= 0 && rank < HarmonyEncoding.FIRST_SPECIAL) table[rank] = b64.decode(line.substring(0, space));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HarmonyEncoding enc = HarmonyEncoding.get();
        for (int id = HarmonyEncoding.FIRST_SPECIAL; id < VOCAB; id++) {
            table[id] = enc.specialName(id).getBytes(StandardCharsets.UTF_8);
        }
        offsets = new int[VOCAB + 1];
        int total = 0;
        for (int id = 0; id < VOCAB; id++) {
            offsets[id] = total;
            if (table[id] != null) total += table[id].length;
        }
        offsets[VOCAB] = total;
        bytes = new byte[total];
        for (int id = 0; id < VOCAB; id++) {
            if (table[id] != null) System.arraycopy(table[id], 0, bytes, offsets[id], table[id].length);
        }
    }

    /** The shared instance. */
    public static TokenText get() {
        TokenText t = shared;
        if (t == null) {
            synchronized (TokenText.class) {
                t = shared;
                if (t == null) {
                    t = new TokenText();
                    shared = t;
                }
            }
        }
        return t;
    }

    /** Whether the tokenizer can decode this id. */
    public static boolean isValid(int id) {
        return id >= 0 && id < VOCAB;
    }

    /** Byte length of one valid token. */
    int byteLength(int id) {
        return offsets[id + 1] - offsets[id];
    }

    /** A growable byte buffer owned by one parser stream. */
    static final class Buf {
        byte[] data = new byte[256];
        int size;

        void ensure(int extra) {
            if (size + extra > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
        }
    }

    /**
     * Appends the bytes of {@code tokens[from, to)} to {@code buf}. Returns the index of the first invalid id, or
     * {@code to} if all are valid (bytes up to that id are appended).
     */
    int appendBytes(int[] tokens, int from, int to, Buf buf) {
        int total = 0, end = to;
        final int[] off = offsets;
        for (int i = from; i < to; i++) {
            int id = tokens[i];
            if (id < 0 || id >= VOCAB) {
                end = i;
                break;
            }
            total += off[id + 1] - off[id];
        }
        buf.ensure(total);
        byte[] dst = buf.data;
        final byte[] src = bytes;
        int pos = buf.size;
        for (int i = from; i < end; i++) {
            int id = tokens[i];
            int s = off[id], e = off[id + 1];
            if (e - s <= 16) {
                while (s < e) dst[pos++] = src[s++];
            } else {
                System.arraycopy(src, s, dst, pos, e - s);
                pos += e - s;
            }
        }
        buf.size = pos;
        return end;
    }

    /** Lossy decode (invalid UTF-8 → U+FFFD, invalid ids skipped). */
    public String decodeLossy(int[] tokens, int from, int to) {
        Buf buf = new Buf();
        int i = from;
        while (i < to) {
            i = appendBytes(tokens, i, to, buf);
            if (i < to) i++;
        }
        return new String(buf.data, 0, buf.size, StandardCharsets.UTF_8);
    }

    /** Rust {@code decode_utf8}: null when a token id is invalid or the bytes are not valid UTF-8. */
    String decodeUtf8OrNull(int[] tokens, int from, int to, Buf buf) {
        buf.size = 0;
        if (appendBytes(tokens, from, to, buf) != to) return null;
        if (RustUtf8.check(buf.data, 0, buf.size) != null) return null;
        return new String(buf.data, 0, buf.size, StandardCharsets.UTF_8);
    }

    /** Whether a valid id's bytes are all ASCII whitespace (space, tab, LF, FF, CR). */
    boolean isAsciiWhitespace(int id) {
        if (!isValid(id)) return false;
        for (int i = offsets[id]; i < offsets[id + 1]; i++) {
            if (!RustText.isAsciiWhitespace((char) bytes[i])) return false;
        }
        return true;
    }

    /** Appends the bytes of one valid token to {@code buf}. */
    void appendToken(int id, Buf buf) {
        int s = offsets[id], n = offsets[id + 1] - s;
        buf.ensure(n);
        System.arraycopy(bytes, s, buf.data, buf.size, n);
        buf.size += n;
    }

    /**
     * A message body's text exactly as harmony v0.0.8's {@code StreamableParser} ends it (PR #83; {@link ContentStream}):
     * invalid UTF-8 becomes U+FFFD as Rust's {@code from_utf8_lossy} replaces it (one U+FFFD per maximal invalid
     * subpart; the JDK's decoder differs, e.g. for an encoded surrogate {@code ED A0}, so any text with a U+FFFD is
     * decoded again the Rust way); with an invalid token id the streaming decoder is replayed.
     */
    String contentText(int[] tokens, int from, int to, Buf buf) {
        buf.size = 0;
        int bad = appendBytes(tokens, from, to, buf);
        if (bad != to) return ContentStream.decode(this, tokens, from, to);
        String s = new String(buf.data, 0, buf.size, StandardCharsets.UTF_8);
        return s.indexOf('\uFFFD') < 0 ? s : RustUtf8.lossy(buf.data, 0, buf.size);
    }
}
