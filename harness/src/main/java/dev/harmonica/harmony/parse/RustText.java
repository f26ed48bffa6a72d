package dev.harmonica.harmony.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rust string semantics that openai/harmony's header parser depends on (openai/harmony v0.0.8 src/encoding.rs (StreamableParser)), written as
 * explicit predicates because Java's {@code Character.isWhitespace}, {@code String.trim()} and the regex class {@code \\s}
 * all differ from them.
 */
public final class RustText {
    private RustText() {
    }

    /** Rust {@code char::is_whitespace}: the Unicode White_Space property (includes U+0085, excludes U+FEFF). */
    public static boolean isWhitespace(int c) {
        if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D);
        if (c < 0x85) return false;
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** Rust {@code u8::is_ascii_whitespace}: space, tab, LF, form feed, CR (not U+000B). */
    public static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    /** Rust {@code str::trim}: strips {@link #isWhitespace} characters at both ends. */
    public static String trim(String s) {
        int start = 0, end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) start++;
        while (end > start && isWhitespace(s.charAt(end - 1))) end--;
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** Rust {@code str::split_ascii_whitespace}: non-empty runs between ASCII whitespace. */
    public static List<String> splitAsciiWhitespace(String s) {
        List<String> parts = new ArrayList<>(4);
        int n = s.length(), i = 0;
        while (i < n) {
            while (i < n && isAsciiWhitespace(s.charAt(i))) i++;
            int start = i;
            while (i < n && !isAsciiWhitespace(s.charAt(i))) i++;
            if (i > start) parts.add(s.substring(start, i));
        }
        return parts;
    }

    /**
     * Rust {@code format!("{:?}", s)} for a {@code &str}: the string in double quotes with {@code \0 \t \r \n \\ \"}
     * escaped, and a Rust unicode escape (backslash, u, hex in braces) for every grapheme-extending character and every
     * non-printable one (general categories Zs except the ASCII space, Zl, Zp, Cc, Cf, Cs, Co, Cn). Which code points
     * those are depends on Rust's Unicode version (16.0 in the rustc that built openai-harmony 0.0.8), not Java's
     * (13.0 in JDK 17), so they are read from a table measured from the wheel ({@code rust-debug-escaped.txt}).
     */
    public static String debugQuoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case 0 -> sb.append("\\0");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        sb.append((char) c);
                    } else if (isDebugEscaped(c)) {
                        sb.append("\\u{").append(Integer.toHexString(c)).append('}');
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Whether Rust's {@code Debug} writes this code point as a unicode escape (ASCII controls included). */
    public static boolean isDebugEscaped(int c) {
        if (c < 0x80) return c < 0x20 || c == 0x7F;
        int[] starts = DebugEscapes.STARTS;
        int k = Arrays.binarySearch(starts, c);
        if (k >= 0) return true;
        int range = -k - 2;
        return range >= 0 && c <= DebugEscapes.ENDS[range];
    }

    /** The measured table, loaded once. */
    private static final class DebugEscapes {
        static final int[] STARTS;
        static final int[] ENDS;

        static {
            List<int[]> ranges = new ArrayList<>(1024);
            try (InputStream in = RustText.class.getResourceAsStream("rust-debug-escaped.txt")) {
                if (in == null) throw new IllegalStateException("resource rust-debug-escaped.txt not found");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    int sp = line.indexOf(' ');
                    ranges.add(new int[]{Integer.parseInt(line, 0, sp, 16), Integer.parseInt(line, sp + 1, line.length(), 16)});
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            STARTS = new int[ranges.size()];
            ENDS = new int[ranges.size()];
            for (int i = 0; i < STARTS.length; i++) {
                STARTS[i] = ranges.get(i)[0];
                ENDS[i] = ranges.get(i)[1];
            }
        }
    }
}
