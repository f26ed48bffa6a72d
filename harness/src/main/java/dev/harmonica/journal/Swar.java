package dev.harmonica.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Eight-bytes-at-a-time byte searches ("SWAR") for the journal scanners. */
final class Swar {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Swar() {
    }

    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    private static long pattern(int c) {
        return ONES * (c & 0xFF);
    }

    private static final long NL = pattern('\n');
    private static final long QUOTE = pattern('"');
    private static final long BACKSLASH = pattern('\\');
    private static final long OPEN = pattern('{');
    private static final long CLOSE = pattern('}');
    private static final long CASE = pattern(0x20);

    /** Index of the first '\n' in b[from, to), or -1. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long t = zeroBytes((long) LONGS.get(b, i) ^ NL);
            if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
        }
        for (; i < to; i++) if (b[i] == '\n') return i;
        return -1;
    }

    /** Index of the first '"' or '\\' in b[from, to), or -1. */
    static int indexOfQuoteOrBackslash(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            long t = zeroBytes(w ^ QUOTE) | zeroBytes(w ^ BACKSLASH);
            if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
        }
        for (; i < to; i++) if (b[i] == '"' || b[i] == '\\') return i;
        return -1;
    }

    /**
     * Index of the first byte that is '"', '[', ']', '{' or '}' in b[from, to), or -1. Outside JSON strings only
     * structural characters, digits, literals and whitespace occur, so OR-ing 0x20 (which maps '[' to '{' and ']' to
     * '}') cannot create false matches there.
     */
    static int indexOfStructural(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            long lw = w | CASE;
            long t = zeroBytes(w ^ QUOTE) | zeroBytes(lw ^ OPEN) | zeroBytes(lw ^ CLOSE);
            if (t != 0) {
                // zeroBytes can flag a byte above a true match spuriously; the lowest flag is always exact
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"' || c == '[' || c == ']' || c == '{' || c == '}') return i;
        }
        return -1;
    }
}
