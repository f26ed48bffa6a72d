package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyReprObject;

import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Literals as CPython 3.11's parser builds them: identifiers (NFKC), numbers (with the 4300-digit limit), and
 * string literals with prefixes, escapes, implicit concatenation and f-strings, with CPython's exact errors
 * ({@code Parser/string_parser.c}, {@code Objects/unicodeobject.c} {@code _PyUnicode_DecodeUnicodeEscapeInternal},
 * {@code Objects/bytesobject.c} {@code _PyBytes_DecodeEscape}; https://github.com/python/cpython/tree/3.11).
 */
final class PyStrings {
    /** CPython 3.11's default {@code sys.get_int_max_str_digits()}. */
    static final int MAX_STR_DIGITS = 4300;

    private PyStrings() {
    }

    /** A NAME token's identifier: NFKC-normalised when not ASCII ({@code _PyPegen_new_identifier}). */
    static String identifier(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) return Normalizer.normalize(text, Normalizer.Form.NFKC);
        }
        return text;
    }

    /** A NUMBER token's value: int, float, or complex (as a printable object). */
    static Object number(PyToken t) {
        String s = t.text().replace("_", "");
        char last = s.charAt(s.length() - 1);
        if (last == 'j' || last == 'J') return complex(Double.parseDouble(s.substring(0, s.length() - 1)));
        if (s.length() > 1 && s.charAt(0) == '0' && "xXoObB".indexOf(s.charAt(1)) >= 0) {
            int radix = switch (Character.toLowerCase(s.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            return Py.intOf(new BigInteger(s.substring(2), radix));
        }
        if (s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0) return Double.parseDouble(s);
        if (s.length() > MAX_STR_DIGITS) {
            throw new PyParser.Abort(PySyntaxError.at(t.line(), "Exceeds the limit (" + MAX_STR_DIGITS + " digits) for "
                    + "integer string conversion: value has " + s.length() + " digits; use sys.set_int_max_str_digits() "
                    + "to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal "
                    + "conversion limits."), false);
        }
        return Py.intOf(new BigInteger(s));
    }

    /** A complex number with zero real part, printable as Python prints it ({@code 1j}, {@code 2.5j}). */
    static Object complex(double imag) {
        String r = Py.floatRepr(imag);
        if (r.endsWith(".0")) r = r.substring(0, r.length() - 2);
        String repr = r + "j";
        return new PyReprObject("complex", repr, repr, null);
    }

    /** The parts of one string token. */
    private record Literal(boolean bytes, boolean raw, boolean fstring, String body, PyToken token) {
        static Literal of(PyToken t) {
            String text = t.text();
            int q = 0;
            while (text.charAt(q) != '\'' && text.charAt(q) != '"') q++;
            String prefix = text.substring(0, q).toLowerCase(Locale.ROOT);
            int quoteLen = text.length() - q >= 6 && text.charAt(q + 1) == text.charAt(q)
                    && text.charAt(q + 2) == text.charAt(q) ? 3 : 1;
            String body = text.substring(q + quoteLen, text.length() - quoteLen);
            return new Literal(prefix.contains("b"), prefix.contains("r"), prefix.contains("f"), body, t);
        }
    }

    /**
     * {@code _PyPegen_concatenate_strings}: decodes every part in order and joins them into a str or bytes constant,
     * or an f-string node. Errors abort the parse at the line CPython reports.
     *
     * @param lastLine the line of the last token read (CPython's {@code RAISE_SYNTAX_ERROR} location)
     */
    static PyNode concatenate(List<PyToken> parts, int lastLine, PyParser p) {
        StringBuilder text = new StringBuilder();
        List<PyNode> joined = null;
        boolean bytesMode = false;
        for (int i = 0; i < parts.size(); i++) {
            Literal lit = Literal.of(parts.get(i));
            String decoded = lit.fstring() ? null : decode(lit, lastLine, p);
            if (i > 0 && bytesMode != lit.bytes()) throw p.stringError(lastLine, "cannot mix bytes and nonbytes literals");
            bytesMode = lit.bytes();
            if (lit.fstring()) {
                if (joined == null) joined = new ArrayList<>();
                if (text.length() > 0) {
                    joined.add(new PyNode.Const(text.toString()));
                    text.setLength(0);
                }
                for (PyNode n : new PyFString(p, lit.raw(), lastLine, lit.token().line()).parse(lit.body())) {
                    if (n instanceof PyNode.Const c && !joined.isEmpty()
                            && joined.get(joined.size() - 1) instanceof PyNode.Const prev) {
                        joined.set(joined.size() - 1, new PyNode.Const((String) prev.value() + c.value()));
                    } else {
                        joined.add(n);
                    }
                }
            } else {
                text.append(decoded);
            }
        }
        if (joined != null) {
            if (text.length() > 0) joined.add(new PyNode.Const(text.toString()));
            return new PyNode.JoinedStr(joined);
        }
        return new PyNode.Const(bytesMode ? bytes(text.toString()) : text.toString());
    }

    private static String decode(Literal lit, int lastLine, PyParser p) {
        String s = lit.body();
        if (lit.bytes()) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    throw p.stringError(lit.token().line(), "bytes can only contain ASCII literal characters");
                }
            }
        }
        if (lit.raw() || s.indexOf('\\') < 0) return s;
        try {
            return lit.bytes() ? decodeBytesEscapes(s) : decodeUnicodeEscapes(s);
        } catch (IllegalArgumentException e) {
            throw p.stringError(lastLine, e.getMessage());
        }
    }

    /** A bytes value as a printable object. */
    static Object bytes(String latin1) {
        String r = bytesRepr(latin1);
        return new PyReprObject("bytes", r, r, null);
    }

    private static String bytesRepr(String b) {
        char quote = b.indexOf('\'') >= 0 && b.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c == quote || c == '\\') sb.append('\\').append(c);
            else if (c == '\t') sb.append("\\t");
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c < 0x20 || c >= 0x7f) sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.append(quote).toString();
    }

    /**
     * A non-raw str literal's escapes: CPython first rewrites non-ASCII characters as {@code \U} escapes (and a
     * backslash before one as {@code \u005c}), then decodes with the unicode-escape codec, whose error positions
     * refer to the rewritten text. Throws IllegalArgumentException with "(unicode error) ..." on a bad escape.
     */
    static String decodeUnicodeEscapes(String body) {
        StringBuilder buf = new StringBuilder(body.length() + 16);
        int i = 0;
        int n = body.length();
        while (i < n) {
            int cp = body.codePointAt(i);
            if (cp == '\\') {
                buf.append('\\');
                i++;
                if (i >= n || body.charAt(i) >= 0x80) {
                    buf.append("u005c");
                    if (i >= n) break;
                }
                cp = body.codePointAt(i);
            }
            if (cp >= 0x80) buf.append(String.format(Locale.ROOT, "\\U%08x", cp));
            else buf.append((char) cp);
            i += Character.charCount(cp);
        }
        return unicodeEscape(buf.toString());
    }

    private static final int NOT_SIMPLE = -1;
    private static final int CONTINUATION = -2;

    /**
     * The escapes str and bytes literals share: the character of a one-character escape, {@link #CONTINUATION} for a
     * backslash-newline, {@link #NOT_SIMPLE} for the rest.
     */
    private static int simpleEscape(char c) {
        return switch (c) {
            case '\n' -> CONTINUATION;
            case '\\', '\'', '"' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'v' -> '\u000b';
            case 'a' -> '\u0007';
            default -> NOT_SIMPLE;
        };
    }

    private static String unicodeEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            int start = i;
            i++;
            if (i >= n) throw unicodeError(start, n, "\\ at end of string");
            c = s.charAt(i++);
            int simple = simpleEscape(c);
            if (simple != NOT_SIMPLE) {
                if (simple != CONTINUATION) out.append((char) simple);
                continue;
            }
            switch (c) {
                case 'x' -> i = hexEscape(s, i, 2, start, "truncated \\xXX escape", out);
                case 'u' -> i = hexEscape(s, i, 4, start, "truncated \\uXXXX escape", out);
                case 'U' -> i = hexEscape(s, i, 8, start, "truncated \\UXXXXXXXX escape", out);
                case 'N' -> i = namedEscape(s, i, start, out);
                default -> {
                    if (c >= '0' && c <= '7') {
                        int x = c - '0';
                        for (int k = 0; k < 2 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                            x = (x << 3) + s.charAt(i++) - '0';
                        }
                        out.appendCodePoint(x);
                    } else {
                        out.append('\\').append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int hexEscape(String s, int i, int count, int start, String message, StringBuilder out) {
        int ch = 0;
        for (int k = 0; k < count; k++, i++) {
            if (i >= s.length()) throw unicodeError(start, s.length(), message);
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) >= 0x80) throw unicodeError(start, i, message);
            ch = (ch << 4) + d;
        }
        if (Integer.compareUnsigned(ch, 0x10FFFF) > 0) throw unicodeError(start, i, "illegal Unicode character");
        out.appendCodePoint(ch);
        return i;
    }

    private static int namedEscape(String s, int i, int start, StringBuilder out) {
        String malformed = "malformed \\N character escape";
        if (i >= s.length()) throw unicodeError(start, s.length(), malformed);
        if (s.charAt(i) != '{') throw unicodeError(start, i, malformed);
        int nameStart = ++i;
        while (i < s.length() && s.charAt(i) != '}') i++;
        if (i >= s.length()) throw unicodeError(start, s.length(), malformed);
        if (i == nameStart) throw unicodeError(start, i, malformed);
        String name = s.substring(nameStart, i);
        i++;
        try {
            if (!name.equals(name.strip())) throw new IllegalArgumentException();
            out.appendCodePoint(Character.codePointOf(name));
        } catch (IllegalArgumentException e) {
            throw unicodeError(start, i, "unknown Unicode character name");
        }
        return i;
    }

    private static IllegalArgumentException unicodeError(int start, int end, String message) {
        return new IllegalArgumentException("(unicode error) 'unicodeescape' codec can't decode bytes in position "
                + start + "-" + (end - 1) + ": " + message);
    }

    /** A non-raw bytes literal's escapes ({@code _PyBytes_DecodeEscape}); the result holds one char per byte. */
    static String decodeBytesEscapes(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            c = s.charAt(i++);
            int simple = simpleEscape(c);
            if (simple != NOT_SIMPLE) {
                if (simple != CONTINUATION) out.append((char) simple);
                continue;
            }
            switch (c) {
                case 'x' -> {
                    int d1 = i < n ? Character.digit(s.charAt(i), 16) : -1;
                    int d2 = i + 1 < n ? Character.digit(s.charAt(i + 1), 16) : -1;
                    if (i + 1 >= n || d1 < 0 || d2 < 0) {
                        throw new IllegalArgumentException("(value error) invalid \\x escape at position " + (i - 2));
                    }
                    out.append((char) (d1 * 16 + d2));
                    i += 2;
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int x = c - '0';
                        for (int k = 0; k < 2 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                            x = (x << 3) + s.charAt(i++) - '0';
                        }
                        out.append((char) (x & 0xFF));
                    } else {
                        out.append('\\');
                        i--;
                    }
                }
            }
        }
        return out.toString();
    }
}
