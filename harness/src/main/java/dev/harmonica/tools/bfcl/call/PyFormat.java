package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPython 3.11's conversions of values to text: {@code str}, {@code repr} and {@code ascii} (with the 4300-digit
 * limit on int conversion), the format-spec mini-language of {@code format()} and f-strings, and printf-style
 * {@code %}. Spec features Harmonica does not evaluate end in a {@link PyLimits#BOUND} error.
 */
public final class PyFormat {
    private static final int MAX_DIGITS = PyStrings.MAX_STR_DIGITS;

    private PyFormat() {
    }

    /** {@code str(v)}; ValueError for an int of more than 4300 digits (also inside containers). */
    public static String str(Object v) throws PyException {
        checkIntDigits(v);
        if (v instanceof BfclClass c) return PyRuntime.instanceRepr(c);
        return Py.str(v);
    }

    /** {@code repr(v)}, with the same int limit. */
    public static String repr(Object v) throws PyException {
        checkIntDigits(v);
        if (v instanceof BfclClass c) return PyRuntime.instanceRepr(c);
        return Py.repr(v);
    }

    /**
     * CPython 3.11's {@code sys.get_int_max_str_digits()} limit: converting an int of more than 4300 decimal digits to
     * text raises ValueError (for repr of a container, at the first such int).
     */
    public static void checkIntDigits(Object root) throws PyException {
        Deque<Object> stack = new ArrayDeque<>();
        stack.push(root == null ? Boolean.FALSE : root);
        int visited = 0;
        while (!stack.isEmpty() && visited++ < 1_000_000) {
            Object v = stack.pop();
            if (v instanceof BigInteger b && b.bitLength() > 14_270) {
                int digits = b.abs().toString().length();
                if (digits > MAX_DIGITS) {
                    throw PyException.valueError("Exceeds the limit (" + MAX_DIGITS + " digits) for integer string "
                            + "conversion; use sys.set_int_max_str_digits() to increase the limit");
                }
            } else if (v instanceof Collection<?> c) {
                for (Object o : c) if (o != null) stack.push(o);
            } else if (v instanceof PyTuple t) {
                for (Object o : t.items()) if (o != null) stack.push(o);
            } else if (v instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getKey() != null) stack.push(e.getKey());
                    if (e.getValue() != null) stack.push(e.getValue());
                }
            }
        }
    }

    /** {@code ascii(v)}: the repr with non-ASCII characters escaped. */
    static String ascii(String repr) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < repr.length(); ) {
            int cp = repr.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) sb.append((char) cp);
            else if (cp <= 0xff) sb.append(String.format(Locale.ROOT, "\\x%02x", cp));
            else if (cp <= 0xffff) sb.append(String.format(Locale.ROOT, "\\u%04x", cp));
            else sb.append(String.format(Locale.ROOT, "\\U%08x", cp));
        }
        return sb.toString();
    }

    /** A parsed format spec: {@code [[fill]align][sign][#][0][width][grouping][.precision][type]}. */
    private record Spec(char fill, char align, char sign, boolean alt, int width, char grouping, int precision,
                        char type) {
        static Spec parse(String s) throws PyException {
            int i = 0;
            char fill = ' ';
            char align = 0;
            if (s.length() >= 2 && "<>=^".indexOf(s.charAt(1)) >= 0) {
                fill = s.charAt(0);
                align = s.charAt(1);
                i = 2;
            } else if (!s.isEmpty() && "<>=^".indexOf(s.charAt(0)) >= 0) {
                align = s.charAt(0);
                i = 1;
            }
            char sign = 0;
            if (i < s.length() && "+- ".indexOf(s.charAt(i)) >= 0) sign = s.charAt(i++);
            boolean alt = i < s.length() && s.charAt(i) == '#';
            if (alt) i++;
            if (i < s.length() && s.charAt(i) == '0') {
                if (align == 0) {
                    fill = '0';
                    align = '=';
                }
                i++;
            }
            int w = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            int width = i > w ? Integer.parseInt(s.substring(w, i)) : -1;
            char grouping = 0;
            if (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == '_')) grouping = s.charAt(i++);
            int precision = -1;
            if (i < s.length() && s.charAt(i) == '.') {
                int p = ++i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (i == p) throw PyException.valueError("Format specifier missing precision");
                precision = Integer.parseInt(s.substring(p, i));
            }
            char type = i < s.length() ? s.charAt(i++) : 0;
            if (i < s.length()) throw PyException.valueError("Invalid format specifier '" + s + "' for object of type '");
            return new Spec(fill, align, sign, alt, width, grouping, precision, type);
        }
    }

    /** {@code format(value, spec)}. */
    public static String format(Object v, String spec) throws PyException {
        if (spec.isEmpty()) return str(v);
        Spec sp;
        try {
            sp = Spec.parse(spec);
        } catch (PyException e) {
            if (e.pyStr().startsWith("Invalid format specifier")) {
                throw PyException.valueError("Invalid format specifier '" + spec + "' for object of type '"
                        + Py.typeName(v) + "'");
            }
            throw e;
        }
        if (v instanceof String s) return formatStr(s, sp, spec);
        if (Py.isIntOrBool(v) && (sp.type() == 0 || "bcdoxXn".indexOf(sp.type()) >= 0)) {
            if (v instanceof Boolean && sp.type() == 0) return formatStr(Py.str(v), sp, spec);
            return formatInt(Py.bigOf(v), sp, spec, v);
        }
        if (Py.isNumber(v)) return formatFloat(Py.toFloat(v), sp, spec, v);
        throw PyLimits.bound("format() of a '" + Py.typeName(v) + "' object with the spec '" + spec + "'");
    }

    private static PyException unknownCode(char type, Object v) {
        return PyException.valueError("Unknown format code '" + type + "' for object of type '" + Py.typeName(v) + "'");
    }

    private static String formatStr(String s, Spec sp, String spec) throws PyException {
        if (sp.type() != 0 && sp.type() != 's') throw unknownCode(sp.type(), s);
        if (sp.sign() != 0) throw PyException.valueError("Sign not allowed in string format specifier");
        if (sp.align() == '=') throw PyException.valueError("'=' alignment not allowed in string format specifier");
        if (sp.grouping() != 0) throw PyException.valueError("Cannot specify '" + sp.grouping() + "' with 's'.");
        String body = sp.precision() >= 0 && s.codePointCount(0, s.length()) > sp.precision()
                ? s.substring(0, s.offsetByCodePoints(0, sp.precision())) : s;
        return pad(body, "", sp, '<');
    }

    private static String pad(String body, String sign, Spec sp, char defaultAlign) {
        int len = body.codePointCount(0, body.length()) + sign.length();
        if (sp.width() <= len) return sign + body;
        String fill = String.valueOf(sp.fill()).repeat(sp.width() - len);
        char align = sp.align() == 0 ? defaultAlign : sp.align();
        return switch (align) {
            case '<' -> sign + body + fill;
            case '^' -> {
                int left = (sp.width() - len) / 2;
                String f = String.valueOf(sp.fill());
                yield f.repeat(left) + sign + body + f.repeat(sp.width() - len - left);
            }
            case '=' -> sign + fill + body;
            default -> fill + sign + body;
        };
    }

    private static String formatInt(BigInteger n, Spec sp, String spec, Object v) throws PyException {
        if (sp.precision() >= 0) throw PyException.valueError("Precision not allowed in integer format specifier");
        char t = sp.type() == 0 ? 'd' : sp.type();
        String digits = switch (t) {
            case 'b' -> n.abs().toString(2);
            case 'o' -> n.abs().toString(8);
            case 'x' -> n.abs().toString(16);
            case 'X' -> n.abs().toString(16).toUpperCase(Locale.ROOT);
            case 'c' -> new String(Character.toChars(n.intValueExact()));
            default -> {
                if (n.abs().toString().length() > MAX_DIGITS) checkIntDigits(n);
                yield n.abs().toString();
            }
        };
        if (sp.grouping() != 0) digits = group(digits, sp.grouping(), t == 'd' || t == 'n' ? 3 : 4);
        String prefix = sp.alt() ? switch (t) {
            case 'b' -> "0b";
            case 'o' -> "0o";
            case 'x' -> "0x";
            case 'X' -> "0X";
            default -> "";
        } : "";
        String sign = n.signum() < 0 ? "-" : sp.sign() == '+' ? "+" : sp.sign() == ' ' ? " " : "";
        return pad(digits, sign + prefix, sp, '>');
    }

    private static String group(String digits, char sep, int every) {
        StringBuilder sb = new StringBuilder();
        int n = digits.length();
        for (int i = 0; i < n; i++) {
            if (i > 0 && (n - i) % every == 0) sb.append(sep);
            sb.append(digits.charAt(i));
        }
        return sb.toString();
    }

    private static String formatFloat(double d, Spec sp, String spec, Object v) throws PyException {
        char t = sp.type();
        if (t != 0 && "eEfFgG%n".indexOf(t) < 0) throw unknownCode(t, v);
        String body;
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        double a = Math.abs(d);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            body = Double.isNaN(d) ? "nan" : "inf";
            if (t == 'E' || t == 'F' || t == 'G') body = body.toUpperCase(Locale.ROOT);
            neg = !Double.isNaN(d) && d < 0;
        } else if (t == 0 && sp.precision() < 0) {
            body = Py.floatRepr(a);
        } else {
            body = switch (t) {
                case 'f', 'F' -> fixed(a, sp.precision() < 0 ? 6 : sp.precision());
                case '%' -> fixed(a * 100, sp.precision() < 0 ? 6 : sp.precision()) + "%";
                case 'e', 'E' -> exp(a, sp.precision() < 0 ? 6 : sp.precision(), t == 'E');
                default -> general(a, sp.precision() < 0 ? 6 : sp.precision(), t == 'G', t == 0);
            };
        }
        if (sp.grouping() != 0) {
            int dot = body.indexOf('.');
            String intPart = dot < 0 ? body.replaceAll("[^0-9].*$", "") : body.substring(0, dot);
            body = group(intPart, sp.grouping(), 3) + body.substring(intPart.length());
        }
        String sign = neg ? "-" : sp.sign() == '+' ? "+" : sp.sign() == ' ' ? " " : "";
        return pad(body, sign, sp, '>');
    }

    private static String fixed(double a, int precision) {
        return new BigDecimal(a).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String exp(double a, int precision, boolean upper) {
        String r;
        if (a == 0) {
            r = (precision > 0 ? "0." + "0".repeat(precision) : "0") + "e+00";
        } else {
            BigDecimal bd = new BigDecimal(a).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            int e = bd.precision() - bd.scale() - 1;
            String digits = bd.unscaledValue().toString();
            digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
            r = digits.charAt(0) + (precision > 0 ? "." + digits.substring(1) : "") + "e" + (e < 0 ? "-" : "+")
                    + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
        }
        return upper ? r.toUpperCase(Locale.ROOT) : r;
    }

    /** {@code 'g'} (and the no-type form with a precision, which keeps one digit after the point). */
    private static String general(double a, int precision, boolean upper, boolean noType) {
        int p = precision == 0 ? 1 : precision;
        if (a == 0) return noType ? "0.0" : "0";
        BigDecimal bd = new BigDecimal(a).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int e = bd.precision() - bd.scale() - 1;
        String r;
        if (e >= -4 && e < p) {
            r = fixed(a, Math.max(0, p - 1 - e));
            if (r.contains(".")) r = r.replaceAll("0+$", "").replaceAll("\\.$", noType ? ".0" : "");
        } else {
            r = exp(a, p - 1, upper);
            int ePos = r.indexOf(upper ? 'E' : 'e');
            String mant = r.substring(0, ePos);
            if (mant.contains(".")) mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
            r = mant + r.substring(ePos);
        }
        return upper ? r.toUpperCase(Locale.ROOT) : r;
    }

    /** printf-style {@code fmt % args} for the common conversions ({@code %s %r %d %i %f %e %g %x %o %%}). */
    static String percent(String fmt, Object args) throws PyException {
        List<Object> values = args instanceof PyTuple t ? t.items() : Collections.singletonList(args);
        boolean single = !(args instanceof PyTuple);
        StringBuilder sb = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i >= fmt.length()) throw PyException.valueError("incomplete format");
            if (fmt.charAt(i) == '%') {
                sb.append('%');
                i++;
                continue;
            }
            int specStart = i;
            while (i < fmt.length() && "-+ #0123456789.".indexOf(fmt.charAt(i)) >= 0) i++;
            if (i >= fmt.length()) throw PyException.valueError("incomplete format");
            char conv = fmt.charAt(i++);
            if (next >= values.size()) throw PyException.typeError("not enough arguments for format string");
            Object v = values.get(next++);
            sb.append(convert(conv, fmt.substring(specStart, i - 1), v, i - 1));
        }
        if (next < values.size() && !(single && args instanceof Map)) {
            throw PyException.typeError("not all arguments converted during string formatting");
        }
        return sb.toString();
    }

    private static String convert(char conv, String flags, Object v, int index) throws PyException {
        String spec = flags.replace("-", "<");
        if (flags.contains("-")) spec = "<" + flags.replace("-", "");
        switch (conv) {
            case 's':
                return format(str(v), spec);
            case 'r':
                return format(repr(v), spec);
            case 'd', 'i', 'u':
                if (!Py.isNumber(v)) {
                    throw PyException.typeError("%" + conv + " format: a real number is required, not " + Py.typeName(v));
                }
                return format(Py.isFloat(v) ? Py.toInt(v) : Py.intOf(Py.bigOf(v)), spec + "d");
            case 'f', 'F', 'e', 'E', 'g', 'G':
                if (!Py.isNumber(v)) throw PyException.typeError("must be real number, not " + Py.typeName(v));
                return format(Py.toFloat(v), spec + conv);
            case 'x', 'X', 'o':
                if (!Py.isIntOrBool(v)) {
                    throw PyException.typeError("%" + conv + " format: an integer is required, not " + Py.typeName(v));
                }
                return format(v, spec + conv);
            default:
                throw PyException.valueError("unsupported format character '" + conv + "' (0x"
                        + Integer.toHexString(conv) + ") at index " + index);
        }
    }
}
