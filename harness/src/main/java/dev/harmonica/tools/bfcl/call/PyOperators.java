package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPython 3.11's binary operators, comparisons and subscripts on the Python value model, with the size bounds of
 * {@link PyLimits} checked before anything big is built ({@code 9**9**9**9}, {@code 'a'*10**12},
 * {@code 1 << 10**10}).
 */
final class PyOperators {
    private PyOperators() {
    }

    /** A slice value {@code lower:upper:step}. */
    record SliceValue(Object lower, Object upper, Object step) {
    }

    static Object binary(String op, Object l, Object r) throws PyException {
        return switch (op) {
            case "+" -> Py.add(l, r);
            case "-" -> Py.sub(l, r);
            case "*" -> mul(l, r);
            case "/" -> Py.truediv(l, r);
            case "//" -> Py.floordiv(l, r);
            case "%" -> l instanceof String s ? PyFormat.percent(s, r) : Py.mod(l, r);
            case "**" -> pow(l, r);
            case "<<", ">>" -> shift(op, l, r);
            case "&", "|", "^" -> bitwise(op, l, r);
            default -> throw unsupported(op, l, r);
        };
    }

    private static PyException unsupported(String op, Object l, Object r) {
        return PyException.typeError("unsupported operand type(s) for " + op + ": '" + Py.typeName(l) + "' and '"
                + Py.typeName(r) + "'");
    }

    private static boolean isSeq(Object v) {
        return v instanceof String || v instanceof List || v instanceof PyTuple;
    }

    /** {@code a * b}: repetition sizes are checked as CPython checks them, then against the bounds. */
    private static Object mul(Object a, Object b) throws PyException {
        if (Py.isIntOrBool(a) && Py.isIntOrBool(b)) {
            PyLimits.checkIntBits(BigInteger.valueOf((long) Py.bigOf(a).bitLength() + Py.bigOf(b).bitLength()),
                    "this multiplication");
            return Py.mul(a, b);
        }
        Object seq = isSeq(a) ? a : isSeq(b) ? b : null;
        Object n = seq == a ? b : a;
        if (seq == null || !Py.isIntOrBool(n)) return Py.mul(a, b);
        BigInteger times = Py.bigOf(n);
        if (times.bitLength() > 63) throw new PyException("OverflowError", "cannot fit 'int' into an index-sized integer");
        if (times.signum() <= 0) return Py.mul(a, 0L);
        long len = Py.len(seq);
        if (len == 0) return Py.mul(a, b);
        BigInteger total = BigInteger.valueOf(len).multiply(times);
        if (total.bitLength() > 63) {
            if (seq instanceof String) throw new PyException("OverflowError", "repeated string is too long");
            throw PyLimits.memoryError();
        }
        long itemBytes = seq instanceof String s ? charBytes(s) : 8;
        PyLimits.checkItems(total, itemBytes, "this repetition");
        return Py.mul(a, b);
    }

    /** Bytes per character in CPython's compact str: 1, 2 or 4 by the widest character. */
    private static long charBytes(String s) {
        int max = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            max = Math.max(max, cp);
            i += Character.charCount(cp);
        }
        return max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
    }

    /** {@code a ** b}: an int result's size is estimated first. */
    private static Object pow(Object a, Object b) throws PyException {
        if (Py.isIntOrBool(a) && Py.isIntOrBool(b) && Py.bigOf(b).signum() > 0) {
            BigInteger base = Py.bigOf(a).abs();
            if (base.compareTo(BigInteger.ONE) > 0) {
                BigInteger bits = BigInteger.valueOf(base.bitLength() - 1).max(BigInteger.ONE).multiply(Py.bigOf(b));
                PyLimits.checkIntBits(bits, "this power");
                return Py.intOf(Py.bigOf(a).pow(Py.bigOf(b).intValueExact()));
            }
        }
        return Py.pow(a, b);
    }

    private static Object shift(String op, Object a, Object b) throws PyException {
        if (!(Py.isIntOrBool(a) && Py.isIntOrBool(b))) throw unsupported(op, a, b);
        BigInteger x = Py.bigOf(a);
        BigInteger n = Py.bigOf(b);
        if (n.signum() < 0) throw PyException.valueError("negative shift count");
        if (op.equals(">>")) {
            if (n.bitLength() > 31) return Py.intOf(x.signum() < 0 ? BigInteger.ONE.negate() : BigInteger.ZERO);
            return Py.intOf(x.shiftRight(n.intValue()));
        }
        if (x.signum() == 0) return 0L;
        if (n.bitLength() > 63) throw new PyException("OverflowError", "too many digits in integer");
        PyLimits.checkIntBits(n.add(BigInteger.valueOf(x.bitLength())), "this shift");
        return Py.intOf(x.shiftLeft(n.intValue()));
    }

    private static Object bitwise(String op, Object a, Object b) throws PyException {
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return switch (op) {
                case "&" -> x && y;
                case "|" -> x || y;
                default -> x ^ y;
            };
        }
        if (Py.isIntOrBool(a) && Py.isIntOrBool(b)) {
            BigInteger x = Py.bigOf(a);
            BigInteger y = Py.bigOf(b);
            return Py.intOf(switch (op) {
                case "&" -> x.and(y);
                case "|" -> x.or(y);
                default -> x.xor(y);
            });
        }
        if (a instanceof Set<?> x && b instanceof Set<?> y) return setOp(op, x, y);
        if (op.equals("|") && a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>(x);
            for (Map.Entry<?, ?> e : y.entrySet()) PyCallEvaluator.putKey(out, e.getKey(), e.getValue());
            return out;
        }
        throw unsupported(op, a, b);
    }

    private static Object setOp(String op, Set<?> x, Set<?> y) throws PyException {
        LinkedHashSet<Object> out = new LinkedHashSet<>();
        switch (op) {
            case "&" -> {
                for (Object o : x) if (Py.contains(y, o)) out.add(o);
            }
            case "|" -> {
                out.addAll(x);
                for (Object o : y) if (!Py.contains(out, o)) out.add(o);
            }
            default -> {
                for (Object o : x) if (!Py.contains(y, o)) out.add(o);
                for (Object o : y) if (!Py.contains(x, o)) out.add(o);
            }
        }
        return out;
    }

    /** One comparison of a chain. */
    static boolean compare(String op, Object a, Object b, PyCallEvaluator ev) throws PyException {
        return switch (op) {
            case "==" -> Py.eq(a, b);
            case "!=" -> Py.ne(a, b);
            case "<" -> Py.lt(a, b);
            case "<=" -> Py.le(a, b);
            case ">" -> Py.gt(a, b);
            case ">=" -> Py.ge(a, b);
            case "in" -> contains(b, a, ev);
            case "not in" -> !contains(b, a, ev);
            case "is" -> identical(a, b);
            default -> !identical(a, b);
        };
    }

    /**
     * {@code a is b}, as CPython gives it for the values a call string can make: None, booleans, small ints
     * (-5..256) and equal str constants are the same object; containers are the same object only when they are.
     */
    private static boolean identical(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof Boolean || b instanceof Boolean) return a.equals(b);
        if (Py.isInt(a) && Py.isInt(b)) {
            BigInteger x = Py.bigOf(a);
            return x.equals(Py.bigOf(b)) && x.compareTo(BigInteger.valueOf(-5)) >= 0
                    && x.compareTo(BigInteger.valueOf(256)) <= 0;
        }
        return a instanceof String && a.equals(b);
    }

    static boolean contains(Object container, Object item, PyCallEvaluator ev) throws PyException {
        if (container instanceof PyRuntime.Range r) {
            if (!Py.isIntOrBool(item)) return ev.toList(r).stream().anyMatch(o -> Py.eq(o, item));
            return r.pyContains(item);
        }
        if (container instanceof PyRuntime.DictView d) {
            if (d.kind().equals("keys")) return Py.contains(d.dict(), item);
            for (Object o : d.items()) if (Py.eq(o, item)) return true;
            return false;
        }
        if (container instanceof PyRuntime.Iter it) {
            Object o;
            while ((o = it.next()) != PyRuntime.Iter.DONE) if (Py.eq(o, item)) return true;
            return false;
        }
        if (container instanceof Map<?, ?> || container instanceof Set<?>) requireHashable(item);
        return Py.contains(container, item);
    }

    static void requireHashable(Object v) throws PyException {
        if (v instanceof List || v instanceof Map || v instanceof Set || v instanceof PyRuntime.DictView) {
            throw PyException.typeError("unhashable type: '" + Py.typeName(v) + "'");
        }
        if (v instanceof PyTuple t) for (Object o : t.items()) requireHashable(o);
    }

    /** {@code container[index]}: indexes and slices of str, list, tuple and range; keys of dicts. */
    static Object subscript(Object container, Object index) throws PyException {
        if (index instanceof SliceValue s) return slice(container, s);
        if (container instanceof Map<?, ?>) {
            requireHashable(index);
            return Py.getItem(container, index);
        }
        if (container instanceof PyRuntime.Range r) return rangeItem(r, index);
        if ((container instanceof List || container instanceof PyTuple || container instanceof String)
                && index instanceof BigInteger) {
            throw new PyException("IndexError", "cannot fit 'int' into an index-sized integer");
        }
        if (container instanceof PyRuntime.Opaque o && !(container instanceof PyRuntime.Range)) {
            throw PyException.typeError("'" + o.pyTypeName() + "' object is not subscriptable");
        }
        return Py.getItem(container, index);
    }

    private static Object rangeItem(PyRuntime.Range r, Object index) throws PyException {
        if (!Py.isIntOrBool(index)) {
            throw PyException.typeError("range indices must be integers or slices, not " + Py.typeName(index));
        }
        BigInteger i = Py.bigOf(index);
        BigInteger n = r.length();
        if (i.signum() < 0) i = i.add(n);
        if (i.signum() < 0 || i.compareTo(n) >= 0) throw new PyException("IndexError", "range object index out of range");
        return Py.intOf(r.start().add(r.step().multiply(i)));
    }

    /** {@code PySlice_AdjustIndices}: start, stop and step clipped to a length. */
    private static long[] indices(SliceValue s, long len) throws PyException {
        long step = s.step() == null ? 1 : sliceInt(s.step());
        if (step == 0) throw PyException.valueError("slice step cannot be zero");
        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? len - 1 : len;
        long start = s.lower() == null ? (step < 0 ? upper : lower) : clip(sliceInt(s.lower()), len, lower, upper);
        long stop = s.upper() == null ? (step < 0 ? lower : upper) : clip(sliceInt(s.upper()), len, lower, upper);
        return new long[]{start, stop, step};
    }

    private static long clip(long v, long len, long lower, long upper) {
        if (v < 0) {
            v += len;
            return v < lower ? lower : v;
        }
        return Math.min(v, upper);
    }

    private static long sliceInt(Object v) throws PyException {
        if (!Py.isIntOrBool(v)) {
            throw PyException.typeError("slice indices must be integers or None or have an __index__ method");
        }
        BigInteger b = Py.bigOf(v);
        if (b.bitLength() > 62) return b.signum() < 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        return b.longValue();
    }

    private static Object slice(Object container, SliceValue s) throws PyException {
        List<Object> items;
        if (container instanceof String str) items = new ArrayList<>(Py.iterate(str));
        else if (container instanceof PyTuple t) items = t.items();
        else if (container instanceof List<?> l) items = new ArrayList<>(l);
        else if (container instanceof Map<?, ?>) throw PyException.typeError("unhashable type: 'slice'");
        else throw PyException.typeError("'" + Py.typeName(container) + "' object is not subscriptable");
        long[] ix = indices(s, items.size());
        ArrayList<Object> out = new ArrayList<>();
        for (long i = ix[0]; ix[2] > 0 ? i < ix[1] : i > ix[1]; i += ix[2]) out.add(items.get((int) i));
        if (container instanceof String) {
            StringBuilder sb = new StringBuilder();
            for (Object o : out) sb.append((String) o);
            return sb.toString();
        }
        return container instanceof PyTuple ? new PyTuple(out) : out;
    }

    /** Iterates a range lazily. */
    static PyRuntime.Iter rangeIter(PyRuntime.Range r) {
        BigInteger[] next = {r.start()};
        return new PyRuntime.Iter("range_iterator", () -> {
            boolean more = r.step().signum() > 0 ? next[0].compareTo(r.stop()) < 0 : next[0].compareTo(r.stop()) > 0;
            if (!more) return PyRuntime.Iter.DONE;
            Object v = Py.intOf(next[0]);
            next[0] = next[0].add(r.step());
            return v;
        });
    }
}
