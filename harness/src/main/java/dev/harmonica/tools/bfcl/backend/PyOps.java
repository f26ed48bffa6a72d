package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyReprObject;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Python semantics the backend ports need beyond {@link Py} (which they call for everything else: arithmetic,
 * comparisons, str/repr, equality, truth, iteration, len, string methods): {@code **} with complex results,
 * hashability-checked {@code in}/subscripts/item assignment, {@code float()}/{@code int()}/{@code round()} and
 * {@code min}/{@code max} as the backends' CPython version behaves, and Java-failure translation. Every operation on
 * a value of the wrong type raises the {@link PyException} CPython would raise, with CPython's message.
 */
final class PyOps {
    private PyOps() {
    }

    // ------------------------------------------------------------------ numbers (the rest is in Py)

    /** A number as a double, with {@link Py#toFloat}'s OverflowError for huge ints; a Java failure otherwise. */
    static double dbl(Object v) throws PyException {
        if (!Py.isNumber(v)) return ((Number) v).doubleValue(); // the ClassCastException / NPE callers translate
        return Py.toFloat(v);
    }

    /** {@code a % b}: as {@link Py#mod}, but a str left operand is %-formatting without placeholders. */
    static Object mod(Object a, Object b) throws PyException {
        if (a instanceof String) throw PyException.typeError("not all arguments converted during string formatting");
        return Py.mod(a, b);
    }

    /**
     * {@code a ** b} as CPython computes it for the backends: a negative base to a fractional power is a complex
     * number (printed as its repr), and huge int results are a MemoryError instead of an endless computation.
     */
    static Object pow(Object a, Object b) throws PyException {
        if (Py.isIntOrBool(a) && Py.isIntOrBool(b)) {
            BigInteger e = Py.bigOf(b);
            if (e.signum() >= 0) {
                if (e.bitLength() > 31) throw new PyException("MemoryError", "");
                BigInteger base = Py.bigOf(a);
                if (base.abs().bitLength() * (long) e.intValue() > 10_000_000L) {
                    throw new PyException("MemoryError", "");
                }
                return Py.intOf(base.pow(e.intValue()));
            }
            if (Py.bigOf(a).signum() == 0) {
                throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
            }
            return Math.pow(dbl(a), dbl(b));
        }
        if (Py.isNumber(a) && Py.isNumber(b)) {
            double x = dbl(a), y = dbl(b);
            if (x == 0.0 && y < 0) throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
            if (x < 0 && y != Math.rint(y) && Double.isFinite(y)) {
                // CPython returns a complex number here; it is printed as its repr.
                double mag = Math.pow(-x, y), ang = Math.PI * y;
                return complex(mag * Math.cos(ang), mag * Math.sin(ang));
            }
            double r = Math.pow(x, y);
            if (Double.isInfinite(r) && Double.isFinite(x) && Double.isFinite(y)) {
                throw new PyException("OverflowError", "(34, 'Numerical result out of range')");
            }
            return r;
        }
        throw PyException.typeError("unsupported operand type(s) for ** or pow(): '" + Py.typeName(a) + "' and '"
                + Py.typeName(b) + "'");
    }

    /** A Python complex number, as an opaque printable value. */
    static PyReprObject complex(double re, double im) {
        String r = "(" + complexPart(re) + (im >= 0 || Double.isNaN(im) ? "+" : "") + complexPart(im) + "j)";
        return new PyReprObject("complex", r, r, null);
    }

    private static String complexPart(double d) {
        String s = Py.repr(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    // ------------------------------------------------------------------ containers

    static void requireHashable(Object key) throws PyException {
        if (key instanceof List || key instanceof Map || key instanceof Set) {
            throw PyException.typeError("unhashable type: '" + Py.typeName(key) + "'");
        }
        if (key instanceof PyTuple t) for (Object o : t.items()) requireHashable(o);
    }

    /** The key stored in {@code map} that equals {@code key} under Python hashing rules, or {@code NOT_FOUND}. */
    static Object findKey(Map<?, ?> map, Object key) throws PyException {
        requireHashable(key);
        if (key == null || key instanceof String) return map.containsKey(key) ? key : NOT_FOUND;
        if (map.containsKey(key)) return key;
        if (Py.isNumber(key) || key instanceof PyTuple || key instanceof PyReprObject) {
            for (Object k : map.keySet()) {
                if (k != null && !(k instanceof String) && Py.eq(k, key)) return k;
            }
        }
        return NOT_FOUND;
    }

    static final Object NOT_FOUND = new Object();

    static boolean containsInSet(Set<?> set, Object item) throws PyException {
        requireHashable(item);
        if (set.contains(item)) return true;
        if (item instanceof String || item == null) return false;
        for (Object o : set) if (!(o instanceof String) && Py.eq(o, item)) return true;
        return false;
    }

    /** {@code item in container}. */
    static boolean contains(Object container, Object item) throws PyException {
        if (container instanceof Map<?, ?> m) return findKey(m, item) != NOT_FOUND;
        if (container instanceof List<?> l) {
            for (Object o : l) if (o == item || Py.eq(o, item)) return true;
            return false;
        }
        if (container instanceof PyTuple t) {
            for (Object o : t.items()) if (o == item || Py.eq(o, item)) return true;
            return false;
        }
        if (container instanceof Set<?> s) return containsInSet(s, item);
        if (container instanceof String s) {
            if (item instanceof String i) return s.contains(i);
            throw PyException.typeError("'in <string>' requires string as left operand, not " + Py.typeName(item));
        }
        return Py.contains(container, item);
    }

    /** {@code container[key]}. */
    @SuppressWarnings("unchecked")
    static Object getItem(Object container, Object key) throws PyException {
        if (container instanceof Map<?, ?> m) {
            Object k = findKey(m, key);
            if (k == NOT_FOUND) throw Py.keyError(key);
            return m.get(k);
        }
        if (container instanceof List<?> l) return l.get(index(l.size(), key, "list"));
        if (container instanceof PyTuple t) return t.items().get(index(t.items().size(), key, "tuple"));
        if (container instanceof String s) {
            int[] cps = s.codePoints().toArray();
            return new String(cps, index(cps.length, key, "string"), 1);
        }
        throw PyException.typeError("'" + Py.typeName(container) + "' object is not subscriptable");
    }

    private static int index(int size, Object key, String kind) throws PyException {
        if (!Py.isIntOrBool(key)) {
            throw PyException.typeError(kind + " indices must be integers or slices, not " + Py.typeName(key));
        }
        BigInteger i = Py.bigOf(key);
        if (i.signum() < 0) i = i.add(BigInteger.valueOf(size));
        if (i.signum() < 0 || i.compareTo(BigInteger.valueOf(size)) >= 0) {
            throw new PyException("IndexError", kind + " index out of range");
        }
        return i.intValue();
    }

    /** {@code container[key] = value}. */
    @SuppressWarnings("unchecked")
    static void setItem(Object container, Object key, Object value) throws PyException {
        if (container instanceof Map<?, ?> m) {
            Object k = findKey(m, key);
            ((Map<Object, Object>) m).put(k == NOT_FOUND ? key : k, value);
            return;
        }
        if (container instanceof List<?> l) {
            ((List<Object>) l).set(index(l.size(), key, "list assignment"), value);
            return;
        }
        throw PyException.typeError("'" + Py.typeName(container) + "' object does not support item assignment");
    }

    /** {@code del container[key]} for dicts. */
    static void delItem(Object container, Object key) throws PyException {
        if (container instanceof Map<?, ?> m) {
            Object k = findKey(m, key);
            if (k == NOT_FOUND) throw Py.keyError(key);
            m.remove(k);
            return;
        }
        if (container instanceof List<?> l) {
            l.remove(index(l.size(), key, "list assignment"));
            return;
        }
        throw PyException.typeError("'" + Py.typeName(container) + "' object doesn't support item deletion");
    }

    /** {@code d.get(key, dflt)} where {@code d} must be a dict. */
    static Object dictGet(Object d, Object key, Object dflt) throws PyException {
        Map<?, ?> m = asDict(d, "get");
        Object k = findKey(m, key);
        return k == NOT_FOUND ? dflt : m.get(k);
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> asDict(Object v, String attr) throws PyException {
        if (v instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw Py.attributeError(v, attr);
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object v, String attr) throws PyException {
        if (v instanceof List<?> l) return (List<Object>) l;
        throw Py.attributeError(v, attr);
    }

    static String asStr(Object v, String attr) throws PyException {
        return Py.requireStr(v, attr);
    }

    /** {@code list.remove(x)}. */
    static void listRemove(List<Object> l, Object x) throws PyException {
        for (Iterator<Object> it = l.iterator(); it.hasNext(); ) {
            Object o = it.next();
            if (o == x || Py.eq(o, x)) {
                it.remove();
                return;
            }
        }
        throw PyException.valueError("list.remove(x): x not in list");
    }

    /** {@code list.extend(iterable)}. */
    static void listExtend(Object list, Object iterable) throws PyException {
        List<Object> l = asList(list, "extend");
        List<Object> items = Py.iterate(iterable);
        l.addAll(items);
    }

    /** {@code min(iterable)} / {@code max(iterable)}. */
    static Object minMax(Object iterable, boolean max) throws PyException {
        List<Object> items = Py.iterate(iterable);
        if (items.isEmpty()) {
            throw PyException.valueError((max ? "max" : "min") + "() iterable argument is empty");
        }
        Object best = items.get(0);
        for (int i = 1; i < items.size(); i++) {
            Object o = items.get(i);
            if (max ? Py.gt(o, best) : Py.lt(o, best)) best = o;
        }
        return best;
    }

    // ------------------------------------------------------------------ conversions

    /** {@code float(v)}. */
    static double toFloat(Object v) throws PyException {
        if (Py.isNumber(v)) return dbl(v);
        if (v instanceof String s) {
            String t = s.strip().replace("_", "");
            String low = t.toLowerCase(Locale.ROOT);
            switch (low) {
                case "inf", "+inf", "infinity", "+infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf", "-infinity":
                    return Double.NEGATIVE_INFINITY;
                case "nan", "+nan", "-nan":
                    return Double.NaN;
                default:
                    break;
            }
            if (t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?") && !s.startsWith("_") && !s.contains("__")) {
                return Double.parseDouble(t);
            }
            throw PyException.valueError("could not convert string to float: " + Py.repr(s));
        }
        throw PyException.typeError("float() argument must be a string or a real number, not '" + Py.typeName(v) + "'");
    }

    /** {@code int(v)}. */
    static Object toInt(Object v) throws PyException {
        if (v instanceof Boolean b) return b ? 1L : 0L;
        if (Py.isIntOrBool(v)) return v;
        if (v instanceof Double d) {
            if (d.isNaN()) throw PyException.valueError("cannot convert float NaN to integer");
            if (d.isInfinite()) throw new PyException("OverflowError", "cannot convert float infinity to integer");
            return Py.intOf(new BigDecimal(d).setScale(0, RoundingMode.DOWN).toBigInteger());
        }
        if (v instanceof String s) {
            String t = s.strip().replace("_", "");
            if (t.matches("[+-]?\\d+") && !s.strip().startsWith("_") && !s.contains("__")) {
                return Py.intOf(new BigInteger(t));
            }
            throw PyException.valueError("invalid literal for int() with base 10: " + Py.repr(s));
        }
        throw PyException.typeError("int() argument must be a string, a bytes-like object or a real number, not '"
                + Py.typeName(v) + "'");
    }

    /** {@code round(number, ndigits)}; {@code ndigits == null} means {@code round(number)}. */
    static Object round(Object number, Object ndigits) throws PyException {
        if (ndigits != null && !Py.isIntOrBool(ndigits)) {
            throw PyException.typeError("'" + Py.typeName(ndigits) + "' object cannot be interpreted as an integer");
        }
        if (Py.isIntOrBool(number)) {
            Object n = number instanceof Boolean b ? (Object) (b ? 1L : 0L) : number;
            if (ndigits == null || Py.bigOf(ndigits).signum() >= 0) return n;
            BigInteger pow = BigInteger.TEN.pow(Py.bigOf(ndigits).negate().min(BigInteger.valueOf(400)).intValue());
            BigDecimal q = new BigDecimal(Py.bigOf(n)).divide(new BigDecimal(pow)).setScale(0, RoundingMode.HALF_EVEN);
            return Py.intOf(q.toBigInteger().multiply(pow));
        }
        if (number instanceof Double d) {
            if (ndigits == null) {
                if (d.isNaN()) throw PyException.valueError("cannot convert float NaN to integer");
                if (d.isInfinite()) throw new PyException("OverflowError", "cannot convert float infinity to integer");
                return Py.intOf(new BigDecimal(d).setScale(0, RoundingMode.HALF_EVEN).toBigInteger());
            }
            if (!Double.isFinite(d)) return d;
            long nd = Py.bigOf(ndigits).max(BigInteger.valueOf(-400)).min(BigInteger.valueOf(400)).longValue();
            if (nd > 323) return d;
            // CPython rounds the exact binary value half-even, then converts back to the nearest double.
            BigDecimal r = new BigDecimal(d).setScale((int) nd, RoundingMode.HALF_EVEN);
            double out = r.doubleValue();
            if (out == 0.0) out = Math.copySign(0.0, d);
            return out;
        }
        throw PyException.typeError("type " + Py.typeName(number) + " doesn't define __round__ method");
    }

    /** {@code str.lower()} with Unicode case mapping. */
    static String lower(Object s) throws PyException {
        return Py.lower(asStr(s, "lower"));
    }

    /** {@code str.isdigit()} (Unicode digits). */
    static boolean isDigitStr(String s) {
        if (s.isEmpty()) return false;
        return s.codePoints().allMatch(cp -> Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER
                || cp == 0xb2 || cp == 0xb3 || cp == 0xb9 || (cp >= 0x2070 && cp <= 0x2079)
                || (cp >= 0x2080 && cp <= 0x2089) || (cp >= 0x2460 && cp <= 0x2468));
    }

    /** {@code copy.deepcopy} of plain Python values (FsNode trees are copied by their owner). */
    static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            LinkedHashMap<Object, Object> r = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) r.put(e.getKey(), deepCopy(e.getValue()));
            return r;
        }
        if (v instanceof List<?> l) {
            ArrayList<Object> r = new ArrayList<>(l.size());
            for (Object o : l) r.add(deepCopy(o));
            return r;
        }
        if (v instanceof Set<?> s) {
            return new LinkedHashSet<Object>(s);
        }
        if (v instanceof PyTuple t) {
            ArrayList<Object> r = new ArrayList<>();
            for (Object o : t.items()) r.add(deepCopy(o));
            return new PyTuple(r);
        }
        return v;
    }

    /** Converts a Java runtime failure inside a backend into the closest Python exception. */
    static PyException translate(RuntimeException e) {
        if (e instanceof ClassCastException) {
            return PyException.typeError("unsupported operand type(s)");
        }
        if (e instanceof IndexOutOfBoundsException) return new PyException("IndexError", "list index out of range");
        if (e instanceof ArithmeticException) return new PyException("ZeroDivisionError", "division by zero");
        if (e instanceof NullPointerException) {
            return new PyException("AttributeError", "'NoneType' object has no attribute");
        }
        if (e instanceof UnsupportedOperationException) {
            return PyException.typeError("object does not support this operation");
        }
        if (e instanceof NumberFormatException) return PyException.valueError(String.valueOf(e.getMessage()));
        return new PyException("RuntimeError", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
