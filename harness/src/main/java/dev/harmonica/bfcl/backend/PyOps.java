package dev.harmonica.bfcl.backend;

import dev.harmonica.bfcl.py.Py;
import dev.harmonica.bfcl.py.PyException;
import dev.harmonica.bfcl.py.PyReprObject;
import dev.harmonica.bfcl.py.PyTuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Python semantics needed by the backend ports, over the value representation of {@link Py}: arithmetic,
 * comparisons, {@code in}, subscripts, {@code len}, {@code float()}/{@code int()}, string helpers. Every operation
 * on a value of the wrong type raises the {@link PyException} CPython would raise, with CPython's message.
 */
final class PyOps {
    private PyOps() {
    }

    // ------------------------------------------------------------------ types

    static String typeName(Object v) {
        if (v == null) return "NoneType";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) return "int";
        if (v instanceof Double || v instanceof Float) return "float";
        if (v instanceof String) return "str";
        if (v instanceof List) return "list";
        if (v instanceof PyTuple) return "tuple";
        if (v instanceof Map) return "dict";
        if (v instanceof Set) return "set";
        if (v instanceof PyReprObject r) return r.typeName();
        if (v instanceof dev.harmonica.bfcl.py.PyObject n) return n.pyTypeName();
        return v.getClass().getSimpleName();
    }

    static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Boolean || v instanceof BigInteger || v instanceof Integer;
    }

    static boolean isNumber(Object v) {
        return isInt(v) || v instanceof Double || v instanceof Float;
    }

    /** {@code isinstance(v, (int, float))} (bool is an int subclass). */
    static boolean isIntOrFloat(Object v) {
        return isNumber(v);
    }

    static PyException attributeError(Object v, String attr) {
        return new PyException("AttributeError", "'" + typeName(v) + "' object has no attribute '" + attr + "'");
    }

    static PyException keyError(Object key) {
        return new PyException("KeyError", repr(key));
    }

    // ------------------------------------------------------------------ delegation to Py

    static String str(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof FsNode n) return n.toString();
        return Py.str(v);
    }

    static String repr(Object v) {
        if (v instanceof FsNode n) return n.toString();
        return Py.repr(v);
    }

    static boolean eq(Object a, Object b) {
        if (a instanceof FsNode || b instanceof FsNode) return a != null && a.equals(b);
        if (a instanceof String sa) return sa.equals(b);
        return Py.eq(a, b);
    }

    static boolean truthy(Object v) {
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof Long l) return l != 0;
        if (v instanceof Double d) return d != 0.0;
        if (v instanceof Collection<?> c) return !c.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        if (v instanceof PyTuple t) return !t.items().isEmpty();
        if (v instanceof BigInteger b) return b.signum() != 0;
        if (v instanceof FsNode) return true;
        return Py.truthy(v);
    }

    // ------------------------------------------------------------------ numbers

    private static BigInteger big(Object v) {
        if (v instanceof BigInteger b) return b;
        if (v instanceof Boolean b) return b ? BigInteger.ONE : BigInteger.ZERO;
        return BigInteger.valueOf(((Number) v).longValue());
    }

    private static long lng(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        return ((Number) v).longValue();
    }

    static double dbl(Object v) throws PyException {
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        if (v instanceof BigInteger b) {
            double d = b.doubleValue();
            if (Double.isInfinite(d)) throw new PyException("OverflowError", "int too large to convert to float");
            return d;
        }
        return ((Number) v).doubleValue();
    }

    /** Normalises an int result: Long when it fits, else BigInteger. */
    static Object normInt(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private static boolean bothInt(Object a, Object b) {
        return isInt(a) && isInt(b);
    }

    private static boolean smallInts(Object a, Object b) {
        return (a instanceof Long || a instanceof Boolean) && (b instanceof Long || b instanceof Boolean);
    }

    private static PyException unsupported(String op, Object a, Object b) {
        return PyException.typeError("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    static Object add(Object a, Object b) throws PyException {
        if (bothInt(a, b)) {
            if (smallInts(a, b)) {
                long x = lng(a), y = lng(b), r = x + y;
                if (((x ^ r) & (y ^ r)) >= 0) return r;
            }
            return normInt(big(a).add(big(b)));
        }
        if (isNumber(a) && isNumber(b)) return dbl(a) + dbl(b);
        if (a instanceof String sa) {
            if (b instanceof String sb) return sa + sb;
            throw PyException.typeError("can only concatenate str (not \"" + typeName(b) + "\") to str");
        }
        if (a instanceof List<?> la) {
            if (b instanceof List<?> lb) {
                ArrayList<Object> r = new ArrayList<>(la);
                r.addAll(lb);
                return r;
            }
            throw PyException.typeError("can only concatenate list (not \"" + typeName(b) + "\") to list");
        }
        if (a instanceof PyTuple ta) {
            if (b instanceof PyTuple tb) {
                ArrayList<Object> r = new ArrayList<>(ta.items());
                r.addAll(tb.items());
                return new PyTuple(r);
            }
            throw PyException.typeError("can only concatenate tuple (not \"" + typeName(b) + "\") to tuple");
        }
        throw unsupported("+", a, b);
    }

    static Object sub(Object a, Object b) throws PyException {
        if (bothInt(a, b)) {
            if (smallInts(a, b)) {
                long x = lng(a), y = lng(b), r = x - y;
                if (((x ^ y) & (x ^ r)) >= 0) return r;
            }
            return normInt(big(a).subtract(big(b)));
        }
        if (isNumber(a) && isNumber(b)) return dbl(a) - dbl(b);
        if (a instanceof Set<?> sa && b instanceof Set<?> sb) {
            LinkedHashSet<Object> r = new LinkedHashSet<>();
            for (Object x : sa) if (!containsInSet(sb, x)) r.add(x);
            return r;
        }
        throw unsupported("-", a, b);
    }

    static Object mul(Object a, Object b) throws PyException {
        if (bothInt(a, b)) {
            if (smallInts(a, b)) {
                long x = lng(a), y = lng(b);
                long hi = Math.multiplyHigh(x, y), lo = x * y;
                if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return lo;
            }
            return normInt(big(a).multiply(big(b)));
        }
        if (isNumber(a) && isNumber(b)) return dbl(a) * dbl(b);
        if (a instanceof String s && isInt(b)) return repeatStr(s, b);
        if (b instanceof String s && isInt(a)) return repeatStr(s, a);
        if (a instanceof List<?> l && isInt(b)) return repeatList(l, b);
        if (b instanceof List<?> l && isInt(a)) return repeatList(l, a);
        if (a instanceof PyTuple t && isInt(b)) return new PyTuple(repeatList(t.items(), b));
        if (b instanceof PyTuple t && isInt(a)) return new PyTuple(repeatList(t.items(), a));
        if (a instanceof String || a instanceof List || a instanceof PyTuple) {
            throw PyException.typeError("can't multiply sequence by non-int of type '" + typeName(b) + "'");
        }
        if (b instanceof String || b instanceof List || b instanceof PyTuple) {
            throw PyException.typeError("can't multiply sequence by non-int of type '" + typeName(a) + "'");
        }
        throw unsupported("*", a, b);
    }

    private static String repeatStr(String s, Object n) throws PyException {
        long k = lng(n instanceof BigInteger ? overflowIndex(n) : n);
        if (k <= 0) return "";
        if ((long) s.length() * k > 100_000_000L) throw new PyException("MemoryError", "");
        return s.repeat((int) k);
    }

    private static Object overflowIndex(Object n) throws PyException {
        throw new PyException("OverflowError", "cannot fit 'int' into an index-sized integer");
    }

    private static List<Object> repeatList(List<?> l, Object n) throws PyException {
        long k = lng(n instanceof BigInteger ? overflowIndex(n) : n);
        ArrayList<Object> r = new ArrayList<>();
        if ((long) l.size() * Math.max(k, 0) > 10_000_000L) throw new PyException("MemoryError", "");
        for (long i = 0; i < k; i++) r.addAll(l);
        return r;
    }

    static Object truediv(Object a, Object b) throws PyException {
        if (isNumber(a) && isNumber(b)) {
            if (bothInt(a, b)) {
                if (big(b).signum() == 0) throw new PyException("ZeroDivisionError", "division by zero");
                if (smallInts(a, b) && Math.abs(lng(a)) < (1L << 53) && Math.abs(lng(b)) < (1L << 53)) {
                    return (double) lng(a) / (double) lng(b);
                }
                return new BigDecimal(big(a)).divide(new BigDecimal(big(b)), java.math.MathContext.DECIMAL128)
                        .doubleValue();
            }
            double y = dbl(b);
            if (y == 0.0) throw new PyException("ZeroDivisionError", "float division by zero");
            return dbl(a) / y;
        }
        throw unsupported("/", a, b);
    }

    static Object mod(Object a, Object b) throws PyException {
        if (bothInt(a, b)) {
            if (big(b).signum() == 0) throw new PyException("ZeroDivisionError", "integer modulo by zero");
            BigInteger m = big(a).mod(big(b).abs());
            if (big(b).signum() < 0 && m.signum() != 0) m = m.add(big(b));
            return normInt(m);
        }
        if (isNumber(a) && isNumber(b)) {
            double x = dbl(a), y = dbl(b);
            if (y == 0.0) throw new PyException("ZeroDivisionError", "float modulo");
            double m = x % y;
            if (m != 0.0) {
                if ((y < 0) != (m < 0)) m += y;
            } else {
                m = Math.copySign(0.0, y);
            }
            return m;
        }
        if (a instanceof String) throw PyException.typeError("not all arguments converted during string formatting");
        throw unsupported("%", a, b);
    }

    static Object pow(Object a, Object b) throws PyException {
        if (bothInt(a, b)) {
            BigInteger e = big(b);
            if (e.signum() >= 0) {
                if (e.bitLength() > 31) throw new PyException("MemoryError", "");
                BigInteger base = big(a);
                if (base.abs().bitLength() * (long) e.intValue() > 10_000_000L) {
                    throw new PyException("MemoryError", "");
                }
                return normInt(base.pow(e.intValue()));
            }
            if (big(a).signum() == 0) {
                throw new PyException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
            }
            return Math.pow(dbl(a), dbl(b));
        }
        if (isNumber(a) && isNumber(b)) {
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
        throw PyException.typeError("unsupported operand type(s) for ** or pow(): '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    /** A Python complex number, as an opaque printable value. */
    static PyReprObject complex(double re, double im) {
        String r = "(" + floatRepr(re) + (im >= 0 || Double.isNaN(im) ? "+" : "") + floatRepr(im) + "j)";
        return new PyReprObject("complex", r, r, null);
    }

    private static String floatRepr(double d) {
        String s = Py.repr(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    static Object neg(Object a) throws PyException {
        if (isInt(a)) return normInt(big(a).negate());
        if (a instanceof Double d) return -d;
        throw PyException.typeError("bad operand type for unary -: '" + typeName(a) + "'");
    }

    static Object abs(Object a) throws PyException {
        if (isInt(a)) return normInt(big(a).abs());
        if (a instanceof Double d) return Math.abs(d);
        throw PyException.typeError("bad operand type for abs(): '" + typeName(a) + "'");
    }

    // ------------------------------------------------------------------ comparisons

    /** Ordering comparison {@code a OP b} for op in {@code < <= > >=}. */
    static boolean cmp(Object a, String op, Object b) throws PyException {
        int c;
        if (isNumber(a) && isNumber(b)) {
            if (bothInt(a, b)) {
                c = big(a).compareTo(big(b));
            } else {
                double x = dbl(a), y = dbl(b);
                if (Double.isNaN(x) || Double.isNaN(y)) return false;
                c = Double.compare(x == 0.0 ? 0.0 : x, y == 0.0 ? 0.0 : y);
                if (isInt(a) || isInt(b)) {
                    // exact int-vs-float comparison
                    if (Double.isFinite(x) && Double.isFinite(y)) {
                        BigDecimal bx = isInt(a) ? new BigDecimal(big(a)) : new BigDecimal(x);
                        BigDecimal by = isInt(b) ? new BigDecimal(big(b)) : new BigDecimal(y);
                        c = bx.compareTo(by);
                    }
                }
            }
        } else if (a instanceof String sa && b instanceof String sb) {
            c = compareCodePoints(sa, sb);
        } else if (a instanceof List<?> la && b instanceof List<?> lb) {
            return seqCmp(la, op, lb);
        } else if (a instanceof PyTuple ta && b instanceof PyTuple tb) {
            return seqCmp(ta.items(), op, tb.items());
        } else {
            throw PyException.typeError("'" + op + "' not supported between instances of '" + typeName(a)
                    + "' and '" + typeName(b) + "'");
        }
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static boolean seqCmp(List<?> a, String op, List<?> b) throws PyException {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!eq(a.get(i), b.get(i))) return cmp(a.get(i), op, b.get(i));
        }
        int c = Integer.compare(a.size(), b.size());
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static boolean lt(Object a, Object b) throws PyException {
        return cmp(a, "<", b);
    }

    static boolean le(Object a, Object b) throws PyException {
        return cmp(a, "<=", b);
    }

    static boolean gt(Object a, Object b) throws PyException {
        return cmp(a, ">", b);
    }

    static boolean ge(Object a, Object b) throws PyException {
        return cmp(a, ">=", b);
    }

    // ------------------------------------------------------------------ containers

    static void requireHashable(Object key) throws PyException {
        if (key instanceof List || key instanceof Map || key instanceof Set) {
            throw PyException.typeError("unhashable type: '" + typeName(key) + "'");
        }
        if (key instanceof PyTuple t) for (Object o : t.items()) requireHashable(o);
    }

    /** The key stored in {@code map} that equals {@code key} under Python hashing rules, or {@code NOT_FOUND}. */
    static Object findKey(Map<?, ?> map, Object key) throws PyException {
        requireHashable(key);
        if (key == null || key instanceof String) return map.containsKey(key) ? key : NOT_FOUND;
        if (map.containsKey(key)) return key;
        if (isNumber(key) || key instanceof PyTuple || key instanceof PyReprObject) {
            for (Object k : map.keySet()) {
                if (k != null && !(k instanceof String) && eq(k, key)) return k;
            }
        }
        return NOT_FOUND;
    }

    static final Object NOT_FOUND = new Object();

    static boolean containsInSet(Set<?> set, Object item) throws PyException {
        requireHashable(item);
        if (set.contains(item)) return true;
        if (item instanceof String || item == null) return false;
        for (Object o : set) if (!(o instanceof String) && eq(o, item)) return true;
        return false;
    }

    /** {@code item in container}. */
    static boolean contains(Object container, Object item) throws PyException {
        if (container instanceof Map<?, ?> m) return findKey(m, item) != NOT_FOUND;
        if (container instanceof List<?> l) {
            for (Object o : l) if (o == item || eq(o, item)) return true;
            return false;
        }
        if (container instanceof PyTuple t) {
            for (Object o : t.items()) if (o == item || eq(o, item)) return true;
            return false;
        }
        if (container instanceof Set<?> s) return containsInSet(s, item);
        if (container instanceof String s) {
            if (item instanceof String i) return s.contains(i);
            throw PyException.typeError("'in <string>' requires string as left operand, not " + typeName(item));
        }
        throw PyException.typeError("argument of type '" + typeName(container) + "' is not iterable");
    }

    /** {@code container[key]}. */
    @SuppressWarnings("unchecked")
    static Object getItem(Object container, Object key) throws PyException {
        if (container instanceof Map<?, ?> m) {
            Object k = findKey(m, key);
            if (k == NOT_FOUND) throw keyError(key);
            return m.get(k);
        }
        if (container instanceof List<?> l) return l.get(index(l.size(), key, "list"));
        if (container instanceof PyTuple t) return t.items().get(index(t.items().size(), key, "tuple"));
        if (container instanceof String s) {
            int[] cps = s.codePoints().toArray();
            return new String(cps, index(cps.length, key, "string"), 1);
        }
        throw PyException.typeError("'" + typeName(container) + "' object is not subscriptable");
    }

    private static int index(int size, Object key, String kind) throws PyException {
        if (!isInt(key)) {
            throw PyException.typeError(kind + " indices must be integers or slices, not " + typeName(key));
        }
        BigInteger i = big(key);
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
        throw PyException.typeError("'" + typeName(container) + "' object does not support item assignment");
    }

    /** {@code del container[key]} for dicts. */
    static void delItem(Object container, Object key) throws PyException {
        if (container instanceof Map<?, ?> m) {
            Object k = findKey(m, key);
            if (k == NOT_FOUND) throw keyError(key);
            m.remove(k);
            return;
        }
        if (container instanceof List<?> l) {
            l.remove(index(l.size(), key, "list assignment"));
            return;
        }
        throw PyException.typeError("'" + typeName(container) + "' object doesn't support item deletion");
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
        throw attributeError(v, attr);
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object v, String attr) throws PyException {
        if (v instanceof List<?> l) return (List<Object>) l;
        throw attributeError(v, attr);
    }

    static String asStr(Object v, String attr) throws PyException {
        if (v instanceof String s) return s;
        throw attributeError(v, attr);
    }

    /** {@code list(iter(v))}: the items of an iterable value. */
    static List<Object> iterate(Object v) throws PyException {
        if (v instanceof List<?> l) return new ArrayList<>(l);
        if (v instanceof PyTuple t) return new ArrayList<>(t.items());
        if (v instanceof Map<?, ?> m) return new ArrayList<>(m.keySet());
        if (v instanceof Set<?> s) return new ArrayList<>(s);
        if (v instanceof String s) {
            ArrayList<Object> r = new ArrayList<>();
            s.codePoints().forEach(cp -> r.add(new String(Character.toChars(cp))));
            return r;
        }
        throw PyException.typeError("'" + typeName(v) + "' object is not iterable");
    }

    static int len(Object v) throws PyException {
        if (v instanceof String s) return s.codePointCount(0, s.length());
        if (v instanceof Collection<?> c) return c.size();
        if (v instanceof Map<?, ?> m) return m.size();
        if (v instanceof PyTuple t) return t.items().size();
        throw PyException.typeError("object of type '" + typeName(v) + "' has no len()");
    }

    /** {@code list.remove(x)}. */
    static void listRemove(List<Object> l, Object x) throws PyException {
        for (Iterator<Object> it = l.iterator(); it.hasNext(); ) {
            Object o = it.next();
            if (o == x || eq(o, x)) {
                it.remove();
                return;
            }
        }
        throw PyException.valueError("list.remove(x): x not in list");
    }

    /** {@code list.extend(iterable)}. */
    static void listExtend(Object list, Object iterable) throws PyException {
        List<Object> l = asList(list, "extend");
        List<Object> items = iterate(iterable);
        l.addAll(items);
    }

    /** {@code sum(iterable)} starting at int 0. */
    static Object sum(Object iterable) throws PyException {
        Object acc = 0L;
        for (Object o : iterate(iterable)) {
            if (o instanceof String) {
                throw PyException.typeError("unsupported operand type(s) for +: '" + typeName(acc) + "' and 'str'");
            }
            acc = add(acc, o);
        }
        return acc;
    }

    /** {@code min(iterable)} / {@code max(iterable)}. */
    static Object minMax(Object iterable, boolean max) throws PyException {
        List<Object> items = iterate(iterable);
        if (items.isEmpty()) {
            throw PyException.valueError((max ? "max" : "min") + "() iterable argument is empty");
        }
        Object best = items.get(0);
        for (int i = 1; i < items.size(); i++) {
            Object o = items.get(i);
            if (max ? gt(o, best) : lt(o, best)) best = o;
        }
        return best;
    }

    // ------------------------------------------------------------------ conversions

    /** {@code float(v)}. */
    static double toFloat(Object v) throws PyException {
        if (isNumber(v)) return dbl(v);
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
            throw PyException.valueError("could not convert string to float: " + repr(s));
        }
        throw PyException.typeError("float() argument must be a string or a real number, not '" + typeName(v) + "'");
    }

    /** {@code int(v)}. */
    static Object toInt(Object v) throws PyException {
        if (v instanceof Boolean b) return b ? 1L : 0L;
        if (isInt(v)) return v;
        if (v instanceof Double d) {
            if (d.isNaN()) throw PyException.valueError("cannot convert float NaN to integer");
            if (d.isInfinite()) throw new PyException("OverflowError", "cannot convert float infinity to integer");
            return normInt(new BigDecimal(d).setScale(0, RoundingMode.DOWN).toBigInteger());
        }
        if (v instanceof String s) {
            String t = s.strip().replace("_", "");
            if (t.matches("[+-]?\\d+") && !s.strip().startsWith("_") && !s.contains("__")) {
                return normInt(new BigInteger(t));
            }
            throw PyException.valueError("invalid literal for int() with base 10: " + repr(s));
        }
        throw PyException.typeError("int() argument must be a string, a bytes-like object or a real number, not '"
                + typeName(v) + "'");
    }

    /** {@code round(number, ndigits)}; {@code ndigits == null} means {@code round(number)}. */
    static Object round(Object number, Object ndigits) throws PyException {
        if (ndigits != null && !isInt(ndigits)) {
            throw PyException.typeError("'" + typeName(ndigits) + "' object cannot be interpreted as an integer");
        }
        if (isInt(number)) {
            Object n = number instanceof Boolean b ? (Object) (b ? 1L : 0L) : number;
            if (ndigits == null || big(ndigits).signum() >= 0) return n;
            BigInteger pow = BigInteger.TEN.pow(big(ndigits).negate().min(BigInteger.valueOf(400)).intValue());
            BigDecimal q = new BigDecimal(big(n)).divide(new BigDecimal(pow)).setScale(0, RoundingMode.HALF_EVEN);
            return normInt(q.toBigInteger().multiply(pow));
        }
        if (number instanceof Double d) {
            if (ndigits == null) {
                if (d.isNaN()) throw PyException.valueError("cannot convert float NaN to integer");
                if (d.isInfinite()) throw new PyException("OverflowError", "cannot convert float infinity to integer");
                return normInt(new BigDecimal(d).setScale(0, RoundingMode.HALF_EVEN).toBigInteger());
            }
            if (!Double.isFinite(d)) return d;
            long nd = big(ndigits).max(BigInteger.valueOf(-400)).min(BigInteger.valueOf(400)).longValue();
            if (nd > 323) return d;
            // CPython rounds the exact binary value half-even, then converts back to the nearest double.
            BigDecimal r = new BigDecimal(d).setScale((int) nd, RoundingMode.HALF_EVEN);
            double out = r.doubleValue();
            if (out == 0.0) out = Math.copySign(0.0, d);
            return out;
        }
        throw PyException.typeError("type " + typeName(number) + " doesn't define __round__ method");
    }

    /** {@code str.lower()} with Unicode case mapping. */
    static String lower(Object s) throws PyException {
        return asStr(s, "lower").toLowerCase(Locale.ROOT);
    }

    /** {@code str.splitlines()}. */
    static List<String> splitlines(String s) {
        ArrayList<String> out = new ArrayList<>();
        int start = 0, i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                    || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                out.add(s.substring(start, i));
                if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
            i++;
        }
        if (start < n) out.add(s.substring(start));
        return out;
    }

    static boolean isPySpace(int c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0
                || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f
                || c == 0x205f || c == 0x3000;
    }

    /** {@code str.split()} (no separator). */
    static List<String> splitWhitespace(String s) {
        ArrayList<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && isPySpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            if (i >= n) break;
            int start = i;
            while (i < n && !isPySpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            out.add(s.substring(start, i));
        }
        return out;
    }

    /** {@code s.rstrip(chars)}. */
    static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(0, end);
    }

    /** {@code s.strip(chars)}. */
    static String strip(String s, String chars) {
        int start = 0;
        while (start < s.length() && chars.indexOf(s.charAt(start)) >= 0) start++;
        return rstrip(s.substring(start), chars);
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
