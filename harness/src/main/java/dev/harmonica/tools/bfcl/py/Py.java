package dev.harmonica.tools.bfcl.py;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Python values as plain Java objects, and Python's operations on them (reference: ShishirPatil/gorilla bfcl_eval func_source_code (Python semantics)).
 *
 * <p>Representation (the contract every BFCL class relies on):
 * <ul>
 *   <li>None → {@code null}; bool → {@link Boolean}; int → {@link Long} (or {@link java.math.BigInteger} beyond
 *       64 bits; {@link Integer} is accepted as input everywhere); float → {@link Double}; str → {@link String}</li>
 *   <li>list → {@link java.util.ArrayList} (mutable); tuple → {@link PyTuple}; dict → {@link java.util.LinkedHashMap}
 *       (insertion order, like Python 3.7+); set → {@link java.util.LinkedHashSet}</li>
 *   <li>objects with a custom repr (mpmath {@code mpf}, {@code Decimal}, datetime) → {@link PyReprObject};
 *       {@code Ellipsis} → {@link #ELLIPSIS}; backend objects (Directory, File) → {@link PyObject}</li>
 * </ul>
 *
 * <p>Operations throw {@link PyException} with CPython's exception type and exact {@code str(e)} text (CPython 3.10–3.12
 * wording, as of CPython 3.11), so that a backend's error result reads {@code "Error during execution: " + e.pyStr()} exactly as in BFCL.
 * Known deviation: the iteration order of {@code set}s is insertion order, not CPython's hash order.
 */
public final class Py {
    private Py() {
    }

    /** Python's {@code Ellipsis} ({@code ...}); str and repr are {@code Ellipsis}. */
    public static final PyReprObject ELLIPSIS = new PyReprObject("ellipsis", "Ellipsis", "Ellipsis", null);

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    // ---------------------------------------------------------------- classification

    /** Whether v is a Python int (Long, Integer, Short, Byte, BigInteger); bool is not included. */
    public static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof Short
                || v instanceof Byte;
    }

    /** Whether v is an int or a bool (Python's {@code isinstance(v, int)}). */
    public static boolean isIntOrBool(Object v) {
        return v instanceof Boolean || isInt(v);
    }

    /** Whether v is a float. */
    public static boolean isFloat(Object v) {
        return v instanceof Double || v instanceof Float;
    }

    /** Whether v is a real number (bool, int or float): {@code isinstance(v, (int, float))}. */
    public static boolean isNumber(Object v) {
        return isIntOrBool(v) || isFloat(v);
    }

    /** Whether v is a list (any {@link List}; tuples are {@link PyTuple}). */
    public static boolean isList(Object v) {
        return v instanceof List;
    }

    /** Whether v is a dict. */
    public static boolean isDict(Object v) {
        return v instanceof Map;
    }

    /** An int normalised to Long when it fits, else BigInteger. */
    public static Object intOf(BigInteger b) {
        return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
    }

    /** The value of an int or bool as a BigInteger. */
    public static BigInteger bigOf(Object v) {
        if (v instanceof BigInteger b) return b;
        if (v instanceof Boolean b) return b ? BigInteger.ONE : BigInteger.ZERO;
        return BigInteger.valueOf(((Number) v).longValue());
    }

    /** The value of a bool/int/float as a double (Python's {@code float(x)} for numbers, without overflow check). */
    public static double toDouble(Object v) {
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        if (v instanceof BigInteger b) return b.doubleValue();
        return ((Number) v).doubleValue();
    }

    private static boolean fitsLong(Object v) {
        return !(v instanceof BigInteger);
    }

    private static long longOf(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        return ((Number) v).longValue();
    }

    // ---------------------------------------------------------------- repr / str

    /** {@code repr(v)}. */
    public static String repr(Object v) {
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, v);
        return sb.toString();
    }

    /** {@code str(v)}. */
    public static String str(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof PyReprObject o) return o.str();
        if (v instanceof PyObject o) return o.pyStr();
        return repr(v);
    }

    private static void appendRepr(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("None");
        } else if (v instanceof String s) {
            appendStrRepr(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(PyFloats.repr(((Number) v).doubleValue()));
        } else if (isInt(v)) {
            sb.append(v.toString());
        } else if (v instanceof List<?> l) {
            sb.append('[');
            boolean first = true;
            for (Object o : l) {
                if (!first) sb.append(", ");
                first = false;
                appendRepr(sb, o);
            }
            sb.append(']');
        } else if (v instanceof PyTuple t) {
            sb.append('(');
            List<Object> items = t.items();
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(", ");
                appendRepr(sb, items.get(i));
            }
            if (items.size() == 1) sb.append(',');
            sb.append(')');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                appendRepr(sb, e.getKey());
                sb.append(": ");
                appendRepr(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Set<?> s) {
            if (s.isEmpty()) {
                sb.append("set()");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Object o : s) {
                if (!first) sb.append(", ");
                first = false;
                appendRepr(sb, o);
            }
            sb.append('}');
        } else if (v instanceof PyReprObject o) {
            sb.append(o.repr());
        } else if (v instanceof PyObject o) {
            sb.append(o.pyRepr());
        } else {
            sb.append(v);
        }
    }

    /** Python's {@code repr(str)}: single quotes unless the text has ' and no ", escapes for non-printables. */
    private static void appendStrRepr(StringBuilder sb, String s) {
        char quote = (s.indexOf('\'') >= 0 && s.indexOf('"') < 0) ? '"' : '\'';
        sb.append(quote);
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').append((char) cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7f) {
                sb.append((char) cp);
            } else if (isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        }
        sb.append(quote);
    }

    /** Python's {@code str.isprintable()} for one code point (CPython 3.11's Unicode 14 table, {@link PyChars}). */
    static boolean isPrintable(int cp) {
        return PyChars.isPrintable(cp);
    }

    /** {@code repr(float)} (shortest round-trip, e.g. {@code 1e-07}, {@code 10.0}, {@code -0.0}, {@code inf}). */
    public static String floatRepr(double d) {
        return PyFloats.repr(d);
    }

    /** {@code '%.Nf' % d} / {@code f"{d:.Nf}"}: correctly rounded, half to even on the binary value. */
    public static String formatFixed(double d, int decimals) {
        return PyFloats.fixed(d, decimals);
    }

    // ---------------------------------------------------------------- json

    /** {@code json.dumps(v)} with default settings; throws {@code TypeError} for values JSON cannot encode. */
    public static String jsonDumps(Object v) throws PyException {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, v);
        return sb.toString();
    }

    /**
     * {@code json.dumps(v, ensure_ascii=False)}: like {@link #jsonDumps(Object)} but non-ASCII text is written as is.
     */
    public static String jsonDumpsUnicode(Object v) throws PyException {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, v, false);
        return sb.toString();
    }

    private static void appendJson(StringBuilder sb, Object v) throws PyException {
        appendJson(sb, v, true);
    }

    private static void appendJson(StringBuilder sb, Object v, boolean ascii) throws PyException {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            appendJsonString(sb, s, ascii);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(jsonFloat(((Number) v).doubleValue()));
        } else if (isInt(v)) {
            sb.append(v.toString());
        } else if (v instanceof List<?> l) {
            appendJsonArray(sb, l, ascii);
        } else if (v instanceof PyTuple t) {
            appendJsonArray(sb, t.items(), ascii);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                String key;
                if (k instanceof String s) key = s;
                else if (k instanceof Boolean b) key = b ? "true" : "false";
                else if (k == null) key = "null";
                else if (k instanceof Double || k instanceof Float) key = jsonFloat(((Number) k).doubleValue());
                else if (isInt(k)) key = k.toString();
                else throw PyException.typeError("keys must be str, int, float, bool or None, not " + typeName(k));
                if (!first) sb.append(", ");
                first = false;
                appendJsonString(sb, key, ascii);
                sb.append(": ");
                appendJson(sb, e.getValue(), ascii);
            }
            sb.append('}');
        } else {
            throw PyException.typeError("Object of type " + typeName(v) + " is not JSON serializable");
        }
    }

    private static void appendJsonArray(StringBuilder sb, List<?> l, boolean ascii) throws PyException {
        if (l.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        boolean first = true;
        for (Object o : l) {
            if (!first) sb.append(", ");
            first = false;
            appendJson(sb, o, ascii);
        }
        sb.append(']');
    }

    private static String jsonFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return PyFloats.repr(d);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void appendJsonString(StringBuilder sb, String s, boolean ascii) {
        sb.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ascii && c > 0x7e)) {
                        sb.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15])
                                .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    // ---------------------------------------------------------------- equality, type, truth

    /** Python {@code a == b} ({@code 1 == 1.0 == True}, deep for containers). */
    public static boolean eq(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (isNumber(a) || a instanceof PyReprObject) {
            return numericEq(a, b);
        }
        if (a instanceof String s) return s.equals(b);
        if (a instanceof List<?> la) {
            if (!(b instanceof List<?> lb) || la.size() != lb.size()) return false;
            Iterator<?> ia = la.iterator();
            Iterator<?> ib = lb.iterator();
            while (ia.hasNext()) if (!eq(ia.next(), ib.next())) return false;
            return true;
        }
        if (a instanceof PyTuple ta) {
            if (!(b instanceof PyTuple tb) || ta.items().size() != tb.items().size()) return false;
            for (int i = 0; i < ta.items().size(); i++) if (!eq(ta.items().get(i), tb.items().get(i))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> ma) {
            if (!(b instanceof Map<?, ?> mb) || ma.size() != mb.size()) return false;
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                Object k = e.getKey();
                Object bv;
                if (mb.containsKey(k)) {
                    bv = mb.get(k);
                } else {
                    Object bk = findKey(mb.keySet(), k);
                    if (bk == NOT_FOUND) return false;
                    bv = mb.get(bk);
                }
                if (!eq(e.getValue(), bv)) return false;
            }
            return true;
        }
        if (a instanceof Set<?> sa) {
            if (!(b instanceof Set<?> sb) || sa.size() != sb.size()) return false;
            for (Object o : sa) {
                if (!sb.contains(o) && findKey(sb, o) == NOT_FOUND) return false;
            }
            return true;
        }
        if (a instanceof PyObject o) return o.pyEquals(b);
        if (b instanceof PyObject o) return o.pyEquals(a);
        return a.equals(b);
    }

    private static final Object NOT_FOUND = new Object();

    private static Object findKey(Collection<?> keys, Object k) {
        for (Object o : keys) if (eq(o, k)) return o;
        return NOT_FOUND;
    }

    private static boolean numericEq(Object a, Object b) {
        if (a instanceof PyReprObject pa) {
            if (pa.numeric() == null) return pa.equals(b);
            if (b instanceof PyReprObject pb) return pb.numeric() != null && pa.numeric().doubleValue() == pb.numeric();
            return isNumber(b) && numericEq(pa.numeric(), b);
        }
        if (b instanceof PyReprObject pb) return numericEq(b, a);
        if (!isNumber(b)) return false;
        boolean fa = isFloat(a);
        boolean fb = isFloat(b);
        if (!fa && !fb) {
            if (fitsLong(a) && fitsLong(b)) return longOf(a) == longOf(b);
            return bigOf(a).equals(bigOf(b));
        }
        if (fa && fb) return toDouble(a) == toDouble(b);
        double d = toDouble(fa ? a : b);
        Object i = fa ? b : a;
        if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) return false;
        return new BigDecimal(d).toBigIntegerExact().equals(bigOf(i));
    }

    /** Python {@code a != b}. */
    public static boolean ne(Object a, Object b) {
        return !eq(a, b);
    }

    /** {@code type(v).__name__}: {@code int}, {@code str}, {@code NoneType}, … */
    public static String typeName(Object v) {
        if (v == null) return "NoneType";
        if (v instanceof Boolean) return "bool";
        if (isInt(v)) return "int";
        if (isFloat(v)) return "float";
        if (v instanceof String) return "str";
        if (v instanceof List) return "list";
        if (v instanceof PyTuple) return "tuple";
        if (v instanceof Map) return "dict";
        if (v instanceof Set) return "set";
        if (v instanceof PyReprObject o) return o.typeName();
        if (v instanceof PyObject o) return o.pyTypeName();
        return v.getClass().getSimpleName();
    }

    /** Python truthiness. */
    public static boolean truthy(Object v) {
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (isFloat(v)) return toDouble(v) != 0.0;
        if (v instanceof BigInteger b) return b.signum() != 0;
        if (isInt(v)) return longOf(v) != 0;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof Collection<?> c) return !c.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        if (v instanceof PyTuple t) return !t.items().isEmpty();
        if (v instanceof PyReprObject o) return o.numeric() == null || o.numeric() != 0.0;
        return true;
    }

    // ---------------------------------------------------------------- JSON in, copies

    /** A JSON value as a Python value ({@code json.loads}): integers stay int, decimals become float. */
    public static Object fromJson(JsonNode node) {
        return fromJson(node, false);
    }

    /**
     * Like {@link #fromJson(JsonNode)}, but also decodes the marker {@code {"__python__": "Ellipsis"}} to
     * {@link #ELLIPSIS} (the encoding of {@code long_context_constants.json}, ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/func_source_code/long_context.py).
     */
    public static Object fromJsonConstants(JsonNode node) {
        return fromJson(node, true);
    }

    private static Object fromJson(JsonNode node, boolean markers) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        if (node.isTextual()) return node.textValue();
        if (node.isBoolean()) return node.booleanValue();
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) return node.longValue();
            return intOf(node.bigIntegerValue());
        }
        if (node.isNumber()) return node.doubleValue();
        if (node.isArray()) {
            ArrayList<Object> out = new ArrayList<>(node.size());
            for (JsonNode c : node) out.add(fromJson(c, markers));
            return out;
        }
        if (node.isObject()) {
            if (markers && node.size() == 1 && node.has("__python__")
                    && "Ellipsis".equals(node.get("__python__").asText())) {
                return ELLIPSIS;
            }
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), fromJson(e.getValue(), markers));
            }
            return out;
        }
        return node.asText();
    }

    /** A deep copy ({@code copy.deepcopy}) of a Python value; shared sub-objects stay shared in the copy. */
    public static Object deepCopy(Object v) {
        return deepCopy(v, new IdentityHashMap<>());
    }

    /** {@code copy.deepcopy} with an explicit memo (for {@link PyObject#pyDeepCopy}). */
    @SuppressWarnings("unchecked")
    public static Object deepCopy(Object v, IdentityHashMap<Object, Object> memo) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof PyReprObject) {
            return v;
        }
        Object done = memo.get(v);
        if (done != null) return done;
        if (v instanceof List<?> l) {
            ArrayList<Object> out = new ArrayList<>(l.size());
            memo.put(v, out);
            for (Object o : l) out.add(deepCopy(o, memo));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            memo.put(v, out);
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(deepCopy(e.getKey(), memo), deepCopy(e.getValue(), memo));
            return out;
        }
        if (v instanceof Set<?> s) {
            LinkedHashSet<Object> out = new LinkedHashSet<>();
            memo.put(v, out);
            for (Object o : s) out.add(deepCopy(o, memo));
            return out;
        }
        if (v instanceof PyTuple t) {
            ArrayList<Object> items = new ArrayList<>(t.items().size());
            for (Object o : t.items()) items.add(deepCopy(o, memo));
            PyTuple out = new PyTuple(items);
            memo.put(v, out);
            return out;
        }
        if (v instanceof PyObject o) {
            Object out = o.pyDeepCopy(memo);
            memo.put(v, out);
            return out;
        }
        return v;
    }

    /** A new tuple of the given items. */
    public static PyTuple tuple(Object... items) {
        return new PyTuple(Arrays.asList(items));
    }

    /** A new mutable list of the given items. */
    public static ArrayList<Object> list(Object... items) {
        ArrayList<Object> out = new ArrayList<>(items.length);
        Collections.addAll(out, items);
        return out;
    }

    /** A new dict from alternating keys and values: {@code dict("a", 1L, "b", 2L)}. */
    public static LinkedHashMap<Object, Object> dict(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("odd number of key/value arguments");
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put(keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }

    // ---------------------------------------------------------------- exceptions

    /** {@code KeyError(key)}: {@code str(e)} is {@code repr(key)}, e.g. {@code 'id'}. */
    public static PyException keyError(Object key) {
        return new PyException("KeyError", repr(key));
    }

    /** {@code IndexError(message)}. */
    public static PyException indexError(String message) {
        return new PyException("IndexError", message);
    }

    /** {@code ZeroDivisionError(message)}. */
    public static PyException zeroDivision(String message) {
        return new PyException("ZeroDivisionError", message);
    }

    /** {@code AttributeError: 'T' object has no attribute 'name'}. */
    public static PyException attributeError(Object obj, String name) {
        if (obj instanceof PyObject o && o.pyTypeName().equals("type")) {
            String r = o.pyRepr();
            String type = r.startsWith("<class '") ? r.substring(8, r.length() - 2) : r;
            return new PyException("AttributeError", "type object '" + type.substring(type.lastIndexOf('.') + 1)
                    + "' has no attribute '" + name + "'");
        }
        return new PyException("AttributeError", "'" + typeName(obj) + "' object has no attribute '" + name + "'");
    }

    // ---------------------------------------------------------------- arithmetic

    private static PyException unsupported(String op, Object a, Object b) {
        return PyException.typeError("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    /** {@code a + b} (numbers, str, list, tuple concatenation). */
    public static Object add(Object a, Object b) throws PyException {
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) return toFloat(a) + toFloat(b);
            if (fitsLong(a) && fitsLong(b)) {
                long x = longOf(a);
                long y = longOf(b);
                long r = x + y;
                if (((x ^ r) & (y ^ r)) >= 0) return r;
            }
            return intOf(bigOf(a).add(bigOf(b)));
        }
        if (a instanceof String sa) {
            if (b instanceof String sb) return sa + sb;
            throw PyException.typeError("can only concatenate str (not \"" + typeName(b) + "\") to str");
        }
        if (a instanceof List<?> la) {
            if (b instanceof List<?> lb) {
                ArrayList<Object> out = new ArrayList<>(la);
                out.addAll(lb);
                return out;
            }
            throw PyException.typeError("can only concatenate list (not \"" + typeName(b) + "\") to list");
        }
        if (a instanceof PyTuple ta) {
            if (b instanceof PyTuple tb) {
                ArrayList<Object> out = new ArrayList<>(ta.items());
                out.addAll(tb.items());
                return new PyTuple(out);
            }
            throw PyException.typeError("can only concatenate tuple (not \"" + typeName(b) + "\") to tuple");
        }
        throw unsupported("+", a, b);
    }

    /** {@code a - b} (numbers; set difference). */
    public static Object sub(Object a, Object b) throws PyException {
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) return toFloat(a) - toFloat(b);
            if (fitsLong(a) && fitsLong(b)) {
                long x = longOf(a);
                long y = longOf(b);
                long r = x - y;
                if (((x ^ y) & (x ^ r)) >= 0) return r;
            }
            return intOf(bigOf(a).subtract(bigOf(b)));
        }
        if (a instanceof Set<?> sa && b instanceof Set<?> sb) {
            LinkedHashSet<Object> out = new LinkedHashSet<>();
            for (Object o : sa) if (!contains0(sb, o)) out.add(o);
            return out;
        }
        throw unsupported("-", a, b);
    }

    /** {@code a * b} (numbers; str/list/tuple repetition by an int). */
    public static Object mul(Object a, Object b) throws PyException {
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) return toFloat(a) * toFloat(b);
            if (fitsLong(a) && fitsLong(b)) {
                long x = longOf(a);
                long y = longOf(b);
                long hi = Math.multiplyHigh(x, y);
                long lo = x * y;
                if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return lo;
            }
            return intOf(bigOf(a).multiply(bigOf(b)));
        }
        if (isSequence(a) || isSequence(b)) {
            Object seq = isSequence(a) ? a : b;
            Object n = isSequence(a) ? b : a;
            if (!isIntOrBool(n)) {
                if (isSequence(n) && isSequence(seq) && seq == a) {
                    throw PyException.typeError("can't multiply sequence by non-int of type '" + typeName(n) + "'");
                }
                throw PyException.typeError("can't multiply sequence by non-int of type '" + typeName(n) + "'");
            }
            if (n instanceof BigInteger) {
                throw new PyException("OverflowError", "cannot fit 'int' into an index-sized integer");
            }
            long times = Math.max(0, longOf(n));
            if (seq instanceof String s) {
                if (s.isEmpty()) return s;
                if (times > MAX_REPEATED_CHARS / s.length()) throw new PyException("MemoryError", "");
                return s.repeat((int) times);
            }
            List<?> items = seq instanceof PyTuple t ? t.items() : (List<?>) seq;
            if (items.isEmpty()) times = 0;
            else if (times > MAX_REPEATED_ITEMS / items.size()) throw new PyException("MemoryError", "");
            ArrayList<Object> out = new ArrayList<>();
            for (long i = 0; i < times; i++) out.addAll(items);
            return seq instanceof PyTuple ? new PyTuple(out) : out;
        }
        throw unsupported("*", a, b);
    }

    /** Repetitions beyond these sizes raise MemoryError instead of exhausting the harness's heap. */
    private static final long MAX_REPEATED_CHARS = 100_000_000L;
    private static final long MAX_REPEATED_ITEMS = 10_000_000L;

    private static boolean isSequence(Object v) {
        return v instanceof String || v instanceof List || v instanceof PyTuple;
    }

    /** {@code a / b} (always a float; ZeroDivisionError {@code division by zero} / {@code float division by zero}). */
    public static Object truediv(Object a, Object b) throws PyException {
        if (!(isNumber(a) && isNumber(b))) throw unsupported("/", a, b);
        if (isFloat(a) || isFloat(b)) {
            double y = toFloat(b);
            if (y == 0) throw zeroDivision("float division by zero");
            return toFloat(a) / y;
        }
        double y = toDouble(b);
        if (y == 0) throw zeroDivision("division by zero");
        if (!fitsLong(a) || !fitsLong(b) || Math.abs(longOf(a)) > (1L << 53) || Math.abs(longOf(b)) > (1L << 53)) {
            // int / int is correctly rounded in CPython even for big operands.
            return new BigDecimal(bigOf(a)).divide(new BigDecimal(bigOf(b)), MathContext.DECIMAL128)
                    .doubleValue();
        }
        return toDouble(a) / y;
    }

    /** {@code a // b} (floor division). */
    public static Object floordiv(Object a, Object b) throws PyException {
        if (!(isNumber(a) && isNumber(b))) throw unsupported("//", a, b);
        if (isFloat(a) || isFloat(b)) {
            double x = toDouble(a);
            double y = toDouble(b);
            if (y == 0) throw zeroDivision("float floor division by zero");
            return floorDivFloat(x, y);
        }
        if (bigOf(b).signum() == 0) throw zeroDivision("integer division or modulo by zero");
        if (fitsLong(a) && fitsLong(b) && !(longOf(a) == Long.MIN_VALUE && longOf(b) == -1)) {
            return Math.floorDiv(longOf(a), longOf(b));
        }
        BigInteger[] qr = bigOf(a).divideAndRemainder(bigOf(b));
        BigInteger q = qr[0];
        if (qr[1].signum() != 0 && (qr[1].signum() != bigOf(b).signum())) q = q.subtract(BigInteger.ONE);
        return intOf(q);
    }

    private static double floorDivFloat(double x, double y) {
        // CPython float_floor_div via divmod
        double mod = x % y;
        double div = (x - mod) / y;
        if (mod != 0 && ((y < 0) != (mod < 0))) {
            div -= 1.0;
        }
        double floordiv;
        if (div != 0) {
            floordiv = Math.floor(div);
            if (div - floordiv > 0.5) floordiv += 1.0;
        } else {
            floordiv = Math.copySign(0.0, x / y);
        }
        return floordiv;
    }

    /** {@code a % b} (numbers; result has the sign of b). String %-formatting is not supported. */
    public static Object mod(Object a, Object b) throws PyException {
        if (!(isNumber(a) && isNumber(b))) throw unsupported("%", a, b);
        if (isFloat(a) || isFloat(b)) {
            double x = toFloat(a);
            double y = toFloat(b);
            if (y == 0) throw zeroDivision("float modulo");
            double m = x % y;
            if (m != 0) {
                if ((y < 0) != (m < 0)) m += y;
            } else {
                m = Math.copySign(0.0, y);
            }
            return m;
        }
        if (bigOf(b).signum() == 0) throw zeroDivision("integer modulo by zero");
        if (fitsLong(a) && fitsLong(b)) return Math.floorMod(longOf(a), longOf(b));
        BigInteger r = bigOf(a).mod(bigOf(b).abs());
        if (bigOf(b).signum() < 0 && r.signum() != 0) r = r.add(bigOf(b));
        return intOf(r);
    }

    /** {@code a ** b}. */
    public static Object pow(Object a, Object b) throws PyException {
        if (!(isNumber(a) && isNumber(b))) throw unsupported("** or pow()", a, b);
        if (!isFloat(a) && !isFloat(b)) {
            BigInteger e = bigOf(b);
            if (e.signum() >= 0) {
                if (e.bitLength() > 31) throw new PyException("OverflowError", "exponent too large");
                return intOf(bigOf(a).pow(e.intValue()));
            }
            double base = toDouble(a);
            if (base == 0) throw zeroDivision("0.0 cannot be raised to a negative power");
            return Math.pow(base, e.doubleValue());
        }
        double x = toDouble(a);
        double y = toDouble(b);
        if (x == 0 && y < 0) throw zeroDivision("0.0 cannot be raised to a negative power");
        if (x < 0 && y != Math.rint(y) && !Double.isInfinite(y)) {
            throw PyException.valueError("complex results of negative ** fractional powers are not supported");
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
            throw new PyException("OverflowError", "(34, 'Numerical result out of range')");
        }
        return r;
    }

    /** {@code -a}. */
    public static Object neg(Object a) throws PyException {
        if (isFloat(a)) return -toDouble(a);
        if (isIntOrBool(a)) {
            if (fitsLong(a) && longOf(a) != Long.MIN_VALUE) return -longOf(a);
            return intOf(bigOf(a).negate());
        }
        throw PyException.typeError("bad operand type for unary -: '" + typeName(a) + "'");
    }

    /** {@code abs(a)}. */
    public static Object abs(Object a) throws PyException {
        if (isFloat(a)) return Math.abs(toDouble(a));
        if (isIntOrBool(a)) return intOf(bigOf(a).abs());
        throw PyException.typeError("bad operand type for abs(): '" + typeName(a) + "'");
    }

    /** {@code round(x)}: an int, half to even on the binary value. */
    public static Object round(Object x) throws PyException {
        if (isIntOrBool(x)) return intOf(bigOf(x));
        if (isFloat(x)) {
            double d = toDouble(x);
            if (Double.isNaN(d)) throw PyException.valueError("cannot convert float NaN to integer");
            if (Double.isInfinite(d)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
            double r = Math.rint(d);
            return intOf(new BigDecimal(r).toBigInteger());
        }
        throw PyException.typeError("type " + typeName(x) + " doesn't define __round__ method");
    }

    /** {@code round(x, ndigits)}: a float for floats (correctly rounded, half even), an int for ints. */
    public static Object round(Object x, Object ndigits) throws PyException {
        if (ndigits == null) return round(x);
        if (!isIntOrBool(ndigits)) {
            throw PyException.typeError("'" + typeName(ndigits) + "' object cannot be interpreted as an integer");
        }
        long n = longOf(ndigits);
        if (isFloat(x)) return PyFloats.round(toDouble(x), n);
        if (isIntOrBool(x)) {
            if (n >= 0) return intOf(bigOf(x));
            BigDecimal r = new BigDecimal(bigOf(x)).setScale((int) n, RoundingMode.HALF_EVEN);
            return intOf(r.setScale(0, RoundingMode.UNNECESSARY).toBigInteger());
        }
        throw PyException.typeError("type " + typeName(x) + " doesn't define __round__ method");
    }

    // ---------------------------------------------------------------- comparisons

    /** What {@link #compare} returns when a NaN makes the operands unordered. */
    public static final int UNORDERED = 2;

    /** {@code a < b}. */
    public static boolean lt(Object a, Object b) throws PyException {
        int c = compare("<", a, b);
        return c != UNORDERED && c < 0;
    }

    /** {@code a <= b}. */
    public static boolean le(Object a, Object b) throws PyException {
        int c = compare("<=", a, b);
        return c != UNORDERED && c <= 0;
    }

    /** {@code a > b}. */
    public static boolean gt(Object a, Object b) throws PyException {
        int c = compare(">", a, b);
        return c != UNORDERED && c > 0;
    }

    /** {@code a >= b}. */
    public static boolean ge(Object a, Object b) throws PyException {
        int c = compare(">=", a, b);
        return c != UNORDERED && c >= 0;
    }

    /**
     * Three-way comparison with Python's ordering (numbers across int/float, str by code point, list/tuple
     * lexicographically); TypeError {@code '<' not supported between instances of 'str' and 'int'} otherwise.
     * Returns {@link #UNORDERED} when a NaN is involved (then every comparison operator is false).
     */
    public static int compare(String op, Object a, Object b) throws PyException {
        if (isNumber(a) && isNumber(b)) return numericCompare(a, b);
        if (a instanceof PyReprObject pa && pa.numeric() != null && (isNumber(b) || b instanceof PyReprObject)) {
            Object nb = b instanceof PyReprObject pb ? pb.numeric() : b;
            if (nb != null) return numericCompare(pa.numeric(), nb);
        }
        if (b instanceof PyReprObject pb && pb.numeric() != null && isNumber(a)) {
            return numericCompare(a, pb.numeric());
        }
        if (a instanceof String sa && b instanceof String sb) return compareCodePoints(sa, sb);
        if (a instanceof List<?> la && b instanceof List<?> lb) return compareSeq(op, la, lb);
        if (a instanceof PyTuple ta && b instanceof PyTuple tb) return compareSeq(op, ta.items(), tb.items());
        throw PyException.typeError("'" + op + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static int compareSeq(String op, List<?> a, List<?> b) throws PyException {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!eq(a.get(i), b.get(i))) return compare(op, a.get(i), b.get(i));
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int numericCompare(Object a, Object b) {
        boolean fa = isFloat(a);
        boolean fb = isFloat(b);
        if (!fa && !fb) {
            if (fitsLong(a) && fitsLong(b)) return Long.compare(longOf(a), longOf(b));
            return bigOf(a).compareTo(bigOf(b));
        }
        double x = fa ? toDouble(a) : Double.NaN;
        double y = fb ? toDouble(b) : Double.NaN;
        if (fa && fb) return x < y ? -1 : (x > y ? 1 : (x == y ? 0 : UNORDERED));
        double d = fa ? x : y;
        if (Double.isNaN(d)) return UNORDERED;
        if (Double.isInfinite(d)) return fa ? (d < 0 ? -1 : 1) : (d < 0 ? 1 : -1);
        int c = new BigDecimal(d).compareTo(new BigDecimal(bigOf(fa ? b : a)));
        return fa ? c : -c;
    }

    /** Compares strings by Unicode code point (Python's str ordering; differs from UTF-16 order for astral text). */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** A comparator with Python's {@code <} ordering; it throws {@link PyTypeErrorInSort} on incomparable items. */
    public static Comparator<Object> ordering() {
        return (x, y) -> {
            try {
                if (lt(x, y)) return -1;
                return lt(y, x) ? 1 : 0;
            } catch (PyException e) {
                throw new PyTypeErrorInSort(e);
            }
        };
    }

    /** Carries a {@link PyException} out of a {@link Comparator}. */
    public static final class PyTypeErrorInSort extends RuntimeException {
        private final PyException cause;

        PyTypeErrorInSort(PyException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }

        public PyException pyException() {
            return cause;
        }
    }

    /** {@code sorted(iterable)}: a new list in Python order (stable). */
    public static ArrayList<Object> sorted(Object iterable) throws PyException {
        return sorted(iterable, false);
    }

    /** {@code sorted(iterable, reverse=reverse)}: stable, like Python's. */
    public static ArrayList<Object> sorted(Object iterable, boolean reverse) throws PyException {
        ArrayList<Object> out = new ArrayList<>(iterate(iterable));
        Comparator<Object> c = ordering();
        try {
            out.sort(reverse ? c.reversed() : c);
        } catch (PyTypeErrorInSort e) {
            throw e.pyException();
        }
        return out;
    }

    /** {@code list.sort(key=..., reverse=...)} in place with a key function. */
    public static void sortBy(List<Object> list, PyFunction key, boolean reverse) throws PyException {
        ArrayList<Object[]> decorated = new ArrayList<>(list.size());
        for (Object o : list) decorated.add(new Object[] {key.apply(o), o});
        Comparator<Object> c = ordering();
        Comparator<Object[]> dc = (x, y) -> c.compare(x[0], y[0]);
        try {
            decorated.sort(reverse ? dc.reversed() : dc);
        } catch (PyTypeErrorInSort e) {
            throw e.pyException();
        }
        for (int i = 0; i < list.size(); i++) list.set(i, decorated.get(i)[1]);
    }

    /** A Python callable of one argument (for sort keys). */
    @FunctionalInterface
    public interface PyFunction {
        Object apply(Object v) throws PyException;
    }

    /** {@code min(iterable)}: the first smallest item; ValueError on empty input. */
    public static Object min(Object iterable) throws PyException {
        List<Object> items = iterate(iterable);
        if (items.isEmpty()) throw PyException.valueError("min() arg is an empty sequence");
        Object best = items.get(0);
        for (int i = 1; i < items.size(); i++) if (lt(items.get(i), best)) best = items.get(i);
        return best;
    }

    /** {@code max(iterable)}: the first largest item; ValueError on empty input. */
    public static Object max(Object iterable) throws PyException {
        List<Object> items = iterate(iterable);
        if (items.isEmpty()) throw PyException.valueError("max() arg is an empty sequence");
        Object best = items.get(0);
        for (int i = 1; i < items.size(); i++) if (gt(items.get(i), best)) best = items.get(i);
        return best;
    }

    /**
     * {@code sum(iterable)} starting at int 0, adding left to right like CPython ≤ 3.11 (plain float addition;
     * CPython 3.12 uses compensated summation for floats, see {@link #sumCompensated(Object)}).
     */
    public static Object sum(Object iterable) throws PyException {
        Object acc = 0L;
        for (Object o : iterate(iterable)) {
            if (o instanceof String) {
                throw PyException.typeError("unsupported operand type(s) for +: '" + typeName(acc) + "' and 'str'");
            }
            acc = add(acc, o);
        }
        return acc;
    }

    /** {@code sum(iterable)} as CPython 3.12+ computes it (Neumaier compensation once floats appear). */
    public static Object sumCompensated(Object iterable) throws PyException {
        List<Object> items = iterate(iterable);
        Object acc = 0L;
        int i = 0;
        for (; i < items.size(); i++) {
            Object o = items.get(i);
            if (isFloat(o) || isFloat(acc)) break;
            acc = add(acc, o);
        }
        if (i == items.size()) return acc;
        double f = toDouble(acc);
        double c = 0.0;
        for (; i < items.size(); i++) {
            Object o = items.get(i);
            if (!isNumber(o)) throw unsupported("+", f, o);
            double x = toDouble(o);
            double t = f + x;
            if (Math.abs(f) >= Math.abs(x)) c += (f - t) + x;
            else c += (x - t) + f;
            f = t;
        }
        return (c != 0.0 && !Double.isInfinite(c)) ? f + c : f;
    }

    // ---------------------------------------------------------------- conversions

    /** {@code int(x)} for bool, int, float (truncation) and str (base 10, Python syntax). */
    public static Object toInt(Object x) throws PyException {
        if (isIntOrBool(x)) return intOf(bigOf(x));
        if (isFloat(x)) {
            double d = toDouble(x);
            if (Double.isNaN(d)) throw PyException.valueError("cannot convert float NaN to integer");
            if (Double.isInfinite(d)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
            return intOf(new BigDecimal(d).toBigInteger());
        }
        if (x instanceof String s) {
            String t = stripWs(s).replace("_", "");
            boolean ok = !t.isEmpty() && !stripWs(s).startsWith("_") && !stripWs(s).endsWith("_")
                    && !stripWs(s).contains("__");
            if (ok) {
                int start = (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
                ok = t.length() > start;
                for (int i = start; ok && i < t.length(); i++) ok = Character.isDigit(t.charAt(i));
                if (ok) {
                    StringBuilder ascii = new StringBuilder();
                    for (int i = 0; i < t.length(); i++) {
                        char c = t.charAt(i);
                        ascii.append(Character.isDigit(c) ? (char) ('0' + Character.digit(c, 10)) : c);
                    }
                    return intOf(new BigInteger(ascii.toString()));
                }
            }
            throw PyException.valueError("invalid literal for int() with base 10: " + repr(s));
        }
        if (x instanceof PyReprObject o && o.numeric() != null) return toInt(o.numeric());
        throw PyException.typeError("int() argument must be a string, a bytes-like object or a real number, not '"
                + typeName(x) + "'");
    }

    /** {@code float(x)} for bool, int, float and str (Python syntax incl. inf/nan and underscores). */
    public static double toFloat(Object x) throws PyException {
        if (isFloat(x)) return toDouble(x);
        if (isIntOrBool(x)) {
            BigInteger b = bigOf(x);
            double d = b.doubleValue();
            if (Double.isInfinite(d)) throw new PyException("OverflowError", "int too large to convert to float");
            return d;
        }
        if (x instanceof String s) {
            String t = stripWs(s);
            String lower = t.toLowerCase(Locale.ROOT);
            String body = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
            double sign = lower.startsWith("-") ? -1.0 : 1.0;
            if (body.equals("inf") || body.equals("infinity")) return sign * Double.POSITIVE_INFINITY;
            if (body.equals("nan")) return Double.NaN;
            if (t.matches("[+-]?((\\d(_?\\d)*)?\\.\\d(_?\\d)*|\\d(_?\\d)*\\.?)([eE][+-]?\\d(_?\\d)*)?")) {
                return Double.parseDouble(t.replace("_", ""));
            }
            throw PyException.valueError("could not convert string to float: " + repr(s));
        }
        if (x instanceof PyReprObject o && o.numeric() != null) return o.numeric();
        throw PyException.typeError("float() argument must be a string or a real number, not '" + typeName(x) + "'");
    }

    /** {@code len(x)}: code points for str. */
    public static long len(Object x) throws PyException {
        if (x instanceof String s) return s.codePointCount(0, s.length());
        if (x instanceof Collection<?> c) return c.size();
        if (x instanceof Map<?, ?> m) return m.size();
        if (x instanceof PyTuple t) return t.items().size();
        throw PyException.typeError("object of type '" + typeName(x) + "' has no len()");
    }

    /** {@code item in container} (substring for str; keys for dict). */
    public static boolean contains(Object container, Object item) throws PyException {
        if (container instanceof String s) {
            if (!(item instanceof String t)) {
                throw PyException.typeError("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return s.contains(t);
        }
        if (container instanceof Map<?, ?> m) return m.containsKey(item) || findKey(m.keySet(), item) != NOT_FOUND;
        if (container instanceof Collection<?> c) return contains0(c, item);
        if (container instanceof PyTuple t) return contains0(t.items(), item);
        if (container instanceof PyObject o) return o.pyContains(item);
        if (container instanceof PyReprObject o && o.typeName().equals("bytes") && item instanceof String) {
            throw PyException.typeError("a bytes-like object is required, not 'str'");
        }
        throw PyException.typeError("argument of type '" + typeName(container) + "' is not iterable");
    }

    private static boolean contains0(Collection<?> c, Object item) {
        if (c instanceof Set<?> s && s.contains(item)) return true;
        for (Object o : c) if (eq(o, item)) return true;
        return false;
    }

    /** The items of a Python iterable (list, tuple, set, dict keys, str characters) as a list. */
    public static List<Object> iterate(Object x) throws PyException {
        if (x instanceof List<?> l) return new ArrayList<>(l);
        if (x instanceof PyTuple t) return new ArrayList<>(t.items());
        if (x instanceof Collection<?> c) return new ArrayList<>(c);
        if (x instanceof Map<?, ?> m) return new ArrayList<>(m.keySet());
        if (x instanceof String s) {
            ArrayList<Object> out = new ArrayList<>();
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        throw PyException.typeError("'" + typeName(x) + "' object is not iterable");
    }

    /** {@code container[key]} for list/tuple/str (negative indexes) and dict (KeyError). */
    public static Object getItem(Object container, Object key) throws PyException {
        if (container instanceof Map<?, ?> m) {
            if (m.containsKey(key)) return m.get(key);
            Object k = findKey(m.keySet(), key);
            if (k == NOT_FOUND) throw keyError(key);
            return m.get(k);
        }
        if (container instanceof List<?> || container instanceof PyTuple || container instanceof String) {
            String what = container instanceof List ? "list" : container instanceof PyTuple ? "tuple" : "string";
            if (!isIntOrBool(key)) {
                if (container instanceof String) {
                    throw PyException.typeError("string indices must be integers, not '" + typeName(key) + "'");
                }
                throw PyException.typeError(typeName(container) + " indices must be integers or slices, not "
                        + typeName(key));
            }
            long n = len(container);
            long i = longOf(key);
            if (i < 0) i += n;
            if (i < 0 || i >= n) throw indexError(what + " index out of range");
            if (container instanceof String s) {
                int off = s.offsetByCodePoints(0, (int) i);
                return new String(Character.toChars(s.codePointAt(off)));
            }
            List<?> l = container instanceof PyTuple t ? t.items() : (List<?>) container;
            return l.get((int) i);
        }
        throw PyException.typeError("'" + typeName(container) + "' object is not subscriptable");
    }

    /** {@code dict.get(key, default)} with Python key equality. */
    public static Object dictGet(Map<Object, Object> dict, Object key, Object dflt) {
        if (dict.containsKey(key)) return dict.get(key);
        Object k = findKey(dict.keySet(), key);
        return k == NOT_FOUND ? dflt : dict.get(k);
    }

    // ---------------------------------------------------------------- strings

    /** Python's {@code str.isspace()} for one code point. */
    public static boolean isPyWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp == 0x85 || cp == 0xa0
                || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f
                || cp == 0x205f || cp == 0x3000;
    }

    private static String stripWs(String s) {
        return strip(s);
    }

    /** {@code s.split()}: runs of Python whitespace, no empty strings. */
    public static ArrayList<Object> split(String s) {
        ArrayList<Object> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isPyWhitespace(s.charAt(i))) i++;
            int start = i;
            while (i < n && !isPyWhitespace(s.charAt(i))) i++;
            if (i > start) out.add(s.substring(start, i));
        }
        return out;
    }

    /** {@code s.split(sep)} ({@code sep == null} is {@link #split(String)}); ValueError {@code empty separator}. */
    public static ArrayList<Object> split(String s, String sep) throws PyException {
        return split(s, sep, -1);
    }

    /** {@code s.split(sep, maxsplit)}. */
    public static ArrayList<Object> split(String s, String sep, int maxsplit) throws PyException {
        if (sep == null) {
            if (maxsplit < 0) return split(s);
            ArrayList<Object> out = new ArrayList<>();
            int n = s.length();
            int i = 0;
            while (i < n && isPyWhitespace(s.charAt(i))) i++;
            while (i < n) {
                if (out.size() == maxsplit) {
                    int end = n;
                    while (end > i && isPyWhitespace(s.charAt(end - 1))) end--;
                    out.add(s.substring(i, end));
                    return out;
                }
                int start = i;
                while (i < n && !isPyWhitespace(s.charAt(i))) i++;
                out.add(s.substring(start, i));
                while (i < n && isPyWhitespace(s.charAt(i))) i++;
            }
            return out;
        }
        if (sep.isEmpty()) throw PyException.valueError("empty separator");
        ArrayList<Object> out = new ArrayList<>();
        int from = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) break;
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** {@code s.splitlines()} (all of Python's line boundaries). */
    public static ArrayList<Object> splitlines(String s) {
        return splitlines(s, false);
    }

    /** {@code s.splitlines(keepends)}. */
    public static ArrayList<Object> splitlines(String s, boolean keepends) {
        ArrayList<Object> out = new ArrayList<>();
        int n = s.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int eol;
            if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') eol = 2;
            else if (c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e
                    || c == 0x85 || c == 0x2028 || c == 0x2029) eol = 1;
            else eol = 0;
            if (eol > 0) {
                out.add(s.substring(start, keepends ? i + eol : i));
                i += eol;
                start = i;
            } else {
                i++;
            }
        }
        if (start < n) out.add(s.substring(start));
        return out;
    }

    /** {@code s.strip()} (Python whitespace). */
    public static String strip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isPyWhitespace(s.charAt(b))) b++;
        while (e > b && isPyWhitespace(s.charAt(e - 1))) e--;
        return s.substring(b, e);
    }

    /** {@code s.strip(chars)}. */
    public static String strip(String s, String chars) {
        if (chars == null) return strip(s);
        return rstrip(lstrip(s, chars), chars);
    }

    /** {@code s.lstrip(chars)} ({@code null} = whitespace). */
    public static String lstrip(String s, String chars) {
        int b = 0;
        while (b < s.length() && (chars == null ? isPyWhitespace(s.charAt(b)) : chars.indexOf(s.charAt(b)) >= 0)) b++;
        return s.substring(b);
    }

    /** {@code s.rstrip(chars)} ({@code null} = whitespace). */
    public static String rstrip(String s, String chars) {
        int e = s.length();
        while (e > 0 && (chars == null ? isPyWhitespace(s.charAt(e - 1)) : chars.indexOf(s.charAt(e - 1)) >= 0)) e--;
        return s.substring(0, e);
    }

    /** {@code s.lower()} (locale-independent full case mapping). */
    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code s.upper()} (locale-independent full case mapping). */
    public static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /** {@code s.capitalize()}: first character title-cased... upper-cased, the rest lower-cased. */
    public static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int cp = s.codePointAt(0);
        int n = Character.charCount(cp);
        return new String(Character.toChars(Character.toTitleCase(cp))) + lower(s.substring(n));
    }

    /** {@code sep.join(items)}; TypeError {@code sequence item 0: expected str instance, int found}. */
    public static String join(String sep, Object iterable) throws PyException {
        List<Object> items = iterate(iterable);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Object o = items.get(i);
            if (!(o instanceof String s)) {
                throw PyException.typeError("sequence item " + i + ": expected str instance, " + typeName(o)
                        + " found");
            }
            if (i > 0) sb.append(sep);
            sb.append(s);
        }
        return sb.toString();
    }

    /** Requires a str receiver for a str method: AttributeError {@code 'int' object has no attribute 'lower'}. */
    public static String requireStr(Object v, String method) throws PyException {
        if (v instanceof String s) return s;
        if (v instanceof PyReprObject o && o.typeName().equals("bytes") && BYTES_STR_METHODS.contains(method)) {
            // bytes has the method, but the backend passes it a str argument
            throw PyException.typeError("a bytes-like object is required, not 'str'");
        }
        throw attributeError(v, method);
    }

    /** The str methods backends call that bytes has too (called with a str argument, they raise TypeError). */
    private static final Set<String> BYTES_STR_METHODS = Set.of("strip", "lstrip", "rstrip", "split", "rsplit",
            "startswith", "endswith", "replace", "find", "count", "index", "join", "partition");
}
