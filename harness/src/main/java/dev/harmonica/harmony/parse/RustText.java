package dev.harmonica.harmony.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Rust string semantics that openai/harmony's header parser depends on (harmony-format.md §5.3, §5.7), written as
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
     * escaped, and a Rust unicode escape (backslash, u, hex in braces) for every grapheme-extending character and every non-printable one (general
     * categories Zs except the ASCII space, Zl, Zp, Cc, Cf, Cs, Co, Cn).
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
                    } else if (isGraphemeExtend(c) || !isPrintable(c)) {
                        sb.append("\\u{").append(Integer.toHexString(c)).append('}');
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static boolean isPrintable(int c) {
        if (c == ' ') return true;
        switch (Character.getType(c)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** Unicode Grapheme_Extend = Mn + Me + Other_Grapheme_Extend. */
    static boolean isGraphemeExtend(int c) {
        int t = Character.getType(c);
        if (t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK) return true;
        switch (c) {
            case 0x09BE, 0x09D7, 0x0B3E, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF,
                    0x0DDF, 0x1B35, 0x200C, 0x302E, 0x302F, 0xFF9E, 0xFF9F, 0x1133E, 0x11357, 0x114B0, 0x114BD,
                    0x115AF, 0x11930, 0x1D165 -> {
                return true;
            }
            default -> {
                return (c >= 0x1D16E && c <= 0x1D172) || (c >= 0xE0020 && c <= 0xE007F);
            }
        }
    }
}
