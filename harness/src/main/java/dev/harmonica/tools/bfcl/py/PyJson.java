package dev.harmonica.tools.bfcl.py;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Python 3.11's {@code json.loads} for a str, with its exact values and errors: the C scanner of
 * {@code Modules/_json.c} ({@code scan_once_unicode}, {@code scanstring_unicode}, {@code _parse_object_unicode},
 * {@code _parse_array_unicode}, {@code _match_number_unicode}) behind {@code json.decoder.JSONDecoder.decode}
 * (https://github.com/python/cpython/tree/3.11). Values are the {@link Py} value model (dict, list, str, int, float,
 * bool, None; {@code NaN} and {@code Infinity} accepted). Errors are {@link PyException}s whose {@code str} is
 * Python's, e.g. {@code Extra data: line 1 column 9 (char 8)} ({@code JSONDecodeError}; positions count code
 * points), {@code Exceeds the limit (4300 digits) ...} ({@code ValueError}), or {@code maximum recursion depth
 * exceeded while decoding a JSON array from a unicode string} ({@code RecursionError}) beyond {@link #MAX_NESTING}.
 */
public final class PyJson {
    /**
     * Nesting at which CPython's decoder hits the recursion limit (1000 frames, less the caller's own: BFCL decodes
     * about 20 frames deep). A documented bound: Python's exact limit depends on the caller.
     */
    public static final int MAX_NESTING = 980;

    private static final int MAX_STR_DIGITS = 4300;

    private final String s;
    private final int len;
    private int depth;

    private PyJson(String s) {
        this.s = s;
        this.len = s.length();
    }

    /** {@code json.loads(s)}. */
    public static Object loads(String s) throws PyException {
        if (s.startsWith("\ufeff")) throw new PyJson(s).error("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
        PyJson p = new PyJson(s);
        int idx = p.whitespace(0);
        Object[] r = p.scanOnceTop(idx);
        int end = p.whitespace((int) r[1]);
        if (end != p.len) throw p.error("Extra data", end);
        return r[0];
    }

    /** {@code JSONDecoder.raw_decode}: a StopIteration is "Expecting value" at its position. */
    private Object[] scanOnceTop(int idx) throws PyException {
        try {
            return scanOnce(idx);
        } catch (StopIteration e) {
            throw error("Expecting value", e.idx);
        }
    }

    /** CPython's StopIteration(idx) from the scanner. */
    private static final class StopIteration extends Exception {
        final int idx;

        StopIteration(int idx) {
            super(null, null, false, false);
            this.idx = idx;
        }
    }

    private static boolean isWs(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private int whitespace(int i) {
        while (i < len && isWs(s.charAt(i))) i++;
        return i;
    }

    /** {@code JSONDecodeError(msg, doc, pos)}: {@code msg: line L column C (char P)} in code points. */
    private PyException error(String msg, int pos) {
        int cpPos = s.codePointCount(0, Math.min(pos, len)) + Math.max(0, pos - len);
        int line = 1;
        int lastNl = -1;
        for (int i = 0; i < Math.min(pos, len); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lastNl = i;
            }
        }
        int col = lastNl < 0 ? cpPos + 1 : s.codePointCount(lastNl, Math.min(pos, len)) + Math.max(0, pos - len);
        return new PyException("JSONDecodeError", msg + ": line " + line + " column " + col + " (char " + cpPos + ")");
    }

    private boolean at(int i, String word) {
        return s.startsWith(word, i);
    }

    /** {@code scan_once_unicode}: the value at idx and the index after it. */
    private Object[] scanOnce(int idx) throws PyException, StopIteration {
        if (idx >= len) throw new StopIteration(idx);
        char c = s.charAt(idx);
        switch (c) {
            case '"':
                return scanString(idx + 1);
            case '{':
                return nested(idx, true);
            case '[':
                return nested(idx, false);
            case 'n':
                if (at(idx, "null")) return new Object[]{null, idx + 4};
                break;
            case 't':
                if (at(idx, "true")) return new Object[]{Boolean.TRUE, idx + 4};
                break;
            case 'f':
                if (at(idx, "false")) return new Object[]{Boolean.FALSE, idx + 5};
                break;
            case 'N':
                if (at(idx, "NaN")) return new Object[]{Double.NaN, idx + 3};
                break;
            case 'I':
                if (at(idx, "Infinity")) return new Object[]{Double.POSITIVE_INFINITY, idx + 8};
                break;
            case '-':
                if (at(idx, "-Infinity")) return new Object[]{Double.NEGATIVE_INFINITY, idx + 9};
                break;
            default:
                break;
        }
        return number(idx);
    }

    private Object[] nested(int idx, boolean object) throws PyException, StopIteration {
        if (++depth > MAX_NESTING) {
            throw new PyException("RecursionError", "maximum recursion depth exceeded while decoding a JSON "
                    + (object ? "object" : "array") + " from a unicode string");
        }
        try {
            return object ? parseObject(idx + 1) : parseArray(idx + 1);
        } finally {
            depth--;
        }
    }

    /** {@code _parse_object_unicode}, after the '{'. */
    private Object[] parseObject(int idx) throws PyException, StopIteration {
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        int endIdx = len - 1;
        idx = whitespace(idx);
        if (idx > endIdx || s.charAt(idx) != '}') {
            while (true) {
                if (idx > endIdx || s.charAt(idx) != '"') {
                    throw error("Expecting property name enclosed in double quotes", idx);
                }
                Object[] key = scanString(idx + 1);
                idx = whitespace((int) key[1]);
                if (idx > endIdx || s.charAt(idx) != ':') throw error("Expecting ':' delimiter", idx);
                idx = whitespace(idx + 1);
                Object[] val = scanOnce(idx);
                out.put(key[0], val[0]);
                idx = whitespace((int) val[1]);
                if (idx <= endIdx && s.charAt(idx) == '}') break;
                if (idx > endIdx || s.charAt(idx) != ',') throw error("Expecting ',' delimiter", idx);
                idx = whitespace(idx + 1);
            }
        }
        return new Object[]{out, idx + 1};
    }

    /** {@code _parse_array_unicode}, after the '['. */
    private Object[] parseArray(int idx) throws PyException, StopIteration {
        ArrayList<Object> out = new ArrayList<>();
        int endIdx = len - 1;
        idx = whitespace(idx);
        if (idx > endIdx || s.charAt(idx) != ']') {
            while (true) {
                Object[] val = scanOnce(idx);
                out.add(val[0]);
                idx = whitespace((int) val[1]);
                if (idx <= endIdx && s.charAt(idx) == ']') break;
                if (idx > endIdx || s.charAt(idx) != ',') throw error("Expecting ',' delimiter", idx);
                idx = whitespace(idx + 1);
            }
        }
        if (idx > endIdx || s.charAt(idx) != ']') throw error("Expecting value", endIdx);
        return new Object[]{out, idx + 1};
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code _match_number_unicode}: JSON's number grammar with ASCII digits; ints exact, floats by strtod. */
    private Object[] number(int start) throws PyException, StopIteration {
        int idx = start;
        int endIdx = len - 1;
        if (s.charAt(idx) == '-') {
            idx++;
            if (idx > endIdx) throw new StopIteration(start);
        }
        if (s.charAt(idx) >= '1' && s.charAt(idx) <= '9') {
            idx++;
            while (idx <= endIdx && isDigit(s.charAt(idx))) idx++;
        } else if (s.charAt(idx) == '0') {
            idx++;
        } else {
            throw new StopIteration(start);
        }
        boolean isFloat = false;
        if (idx < endIdx && s.charAt(idx) == '.' && isDigit(s.charAt(idx + 1))) {
            isFloat = true;
            idx += 2;
            while (idx <= endIdx && isDigit(s.charAt(idx))) idx++;
        }
        if (idx < endIdx && (s.charAt(idx) == 'e' || s.charAt(idx) == 'E')) {
            int eStart = idx;
            idx++;
            if (idx < endIdx && (s.charAt(idx) == '-' || s.charAt(idx) == '+')) idx++;
            while (idx <= endIdx && isDigit(s.charAt(idx))) idx++;
            if (isDigit(s.charAt(idx - 1))) isFloat = true;
            else idx = eStart;
        }
        String text = s.substring(start, idx);
        if (isFloat) return new Object[]{Double.parseDouble(text), idx};
        int digits = text.startsWith("-") ? text.length() - 1 : text.length();
        if (digits > MAX_STR_DIGITS) {
            throw PyException.valueError("Exceeds the limit (" + MAX_STR_DIGITS + " digits) for integer string "
                    + "conversion: value has " + digits + " digits; use sys.set_int_max_str_digits() to increase the limit");
        }
        return new Object[]{Py.intOf(new BigInteger(text)), idx};
    }

    /** {@code scanstring_unicode}, {@code begin} after the opening quote: the str and the index after the closing one. */
    private Object[] scanString(int begin) throws PyException {
        StringBuilder sb = new StringBuilder();
        int end = begin;
        while (true) {
            int next = end;
            char c = 0;
            for (; next < len; next++) {
                c = s.charAt(next);
                if (c == '"' || c == '\\') break;
                if (c <= 0x1f) throw error("Invalid control character at", next);
            }
            if (next >= len) throw error("Unterminated string starting at", begin - 1);
            sb.append(s, end, next);
            next++;
            if (c == '"') return new Object[]{sb.toString(), next};
            if (next == len) throw error("Unterminated string starting at", begin - 1);
            c = s.charAt(next);
            if (c != 'u') {
                end = next + 1;
                char out = switch (c) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> 0;
                };
                if (out == 0) throw error("Invalid \\escape", end - 2);
                sb.append(out);
            } else {
                end = unicodeEscape(next + 1, sb);
            }
        }
    }

    /** A {@code \\uXXXX} escape (and a following low surrogate escape), {@code next} at the first hex digit. */
    private int unicodeEscape(int next, StringBuilder sb) throws PyException {
        int end = next + 4;
        if (end >= len) throw error("Invalid \\uXXXX escape", next - 1);
        int c = hex4(next, end);
        if (c >= 0xD800 && c <= 0xDBFF && end + 6 < len && s.charAt(end) == '\\' && s.charAt(end + 1) == 'u') {
            int c2 = hex4(end + 2, end + 6);
            if (c2 >= 0xDC00 && c2 <= 0xDFFF) {
                sb.appendCodePoint(Character.toCodePoint((char) c, (char) c2));
                return end + 6;
            }
        }
        sb.append((char) c);
        return end;
    }

    private int hex4(int from, int end) throws PyException {
        int c = 0;
        for (int i = from; i < end; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) >= 0x80) throw error("Invalid \\uXXXX escape", end - 5);
            c = (c << 4) | d;
        }
        return c;
    }
}
