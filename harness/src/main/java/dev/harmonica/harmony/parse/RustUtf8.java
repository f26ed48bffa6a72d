package dev.harmonica.harmony.parse;

import java.nio.charset.StandardCharsets;

/**
 * Rust's UTF-8 verdicts, which openai/harmony's error texts and streaming decoder depend on: {@code str::from_utf8}'s
 * {@code Utf8Error} (rust-lang/rust {@code library/core/src/str/validations.rs}, {@code run_utf8_validation}: the
 * valid prefix length and, at the first error, how many bytes are invalid, or none when the input ends inside a
 * character), its {@code Display} text, and {@code String::from_utf8_lossy} (one U+FFFD per invalid chunk).
 */
final class RustUtf8 {
    private RustUtf8() {
    }

    /**
     * The first error of {@code b[from, to)}.
     *
     * @param validUpTo bytes before the error, counted from {@code from}
     * @param errorLen  length of the invalid sequence (1–3), or 0 when the input ended inside a character
     */
    record Error(int validUpTo, int errorLen) {
        /** Rust's {@code Display} of a {@code Utf8Error}. */
        String display() {
            return errorLen == 0
                    ? "incomplete utf-8 byte sequence from index " + validUpTo
                    : "invalid utf-8 sequence of " + errorLen + " bytes from index " + validUpTo;
        }
    }

    /** The first error in {@code b[from, to)}, or null when it is all valid UTF-8. */
    static Error check(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int first = b[i] & 0xFF;
            if (first < 0x80) {
                i++;
                continue;
            }
            int len = sequenceLength(b, i, to, first);
            if (len <= 0) return new Error(i - from, -len);
            i += len;
        }
        return null;
    }

    /** The length of the valid sequence at {@code i}, or minus its error length (0: the input ended first). */
    private static int sequenceLength(byte[] b, int i, int to, int first) {
        int width = first >= 0xC2 && first <= 0xDF ? 2 : first >= 0xE0 && first <= 0xEF ? 3 : first >= 0xF0 && first <= 0xF4 ? 4 : 0;
        if (width == 0) return -1;
        if (i + 1 >= to) return 0;
        int second = b[i + 1] & 0xFF;
        boolean secondOk = switch (width) {
            case 2 -> isContinuation(second);
            case 3 -> first == 0xE0 ? second >= 0xA0 && second <= 0xBF
                    : first == 0xED ? second >= 0x80 && second <= 0x9F : isContinuation(second);
            default -> first == 0xF0 ? second >= 0x90 && second <= 0xBF
                    : first == 0xF4 ? second >= 0x80 && second <= 0x8F : isContinuation(second);
        };
        if (!secondOk) return -1;
        for (int k = 2; k < width; k++) {
            if (i + k >= to) return 0;
            if (!isContinuation(b[i + k] & 0xFF)) return -k;
        }
        return width;
    }

    private static boolean isContinuation(int c) {
        return (c & 0xC0) == 0x80;
    }

    /** {@code String::from_utf8_lossy}: each invalid chunk (and an incomplete tail) becomes one U+FFFD. */
    static String lossy(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            Error e = check(b, i, to);
            if (e == null) {
                sb.append(new String(b, i, to - i, StandardCharsets.UTF_8));
                break;
            }
            sb.append(new String(b, i, e.validUpTo(), StandardCharsets.UTF_8)).append('\uFFFD');
            i += e.validUpTo() + (e.errorLen() == 0 ? to - i - e.validUpTo() : e.errorLen());
        }
        return sb.toString();
    }
}
