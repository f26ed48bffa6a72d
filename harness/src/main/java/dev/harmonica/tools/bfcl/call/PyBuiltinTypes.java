package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The builtin types and the builtins that take several arguments ({@code str}, {@code int}, {@code list},
 * {@code range}, {@code sorted}, {@code min}, {@code zip}, ...), with CPython 3.11's argument errors.
 */
final class PyBuiltinTypes {
    private PyBuiltinTypes() {
    }

    static Object call(String name, List<Object> args, Map<String, Object> kw, PyCallEvaluator ev) throws PyException {
        switch (name) {
            case "str":
                Object[] s = PyBuiltins.clinicArgs(name, args, kw, new String[]{"object", "encoding", "errors"}, 0, 0);
                if (s[1] != null || s[2] != null) throw PyLimits.bound("str() with an encoding");
                return s[0] == null && args.isEmpty() && !kw.containsKey("object") ? "" : PyFormat.str(s[0]);
            case "int":
                Object[] i = PyBuiltins.clinicArgs(name, args, kw, new String[]{null, "base"}, 0, 0);
                if (i[1] != null) throw PyLimits.bound("int() with a base");
                return args.isEmpty() ? 0L : toInt(i[0]);
            case "float":
            case "bool":
            case "list":
            case "tuple":
            case "set":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 0, 1);
                return convert(name, args.isEmpty() ? null : args.get(0), args.isEmpty(), ev);
            case "dict":
                return dict(args, kw, ev);
            case "range":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 1, 3);
                return range(args);
            default:
                return more(name, args, kw, ev);
        }
    }

    private static Object more(String name, List<Object> args, Map<String, Object> kw, PyCallEvaluator ev)
            throws PyException {
        switch (name) {
            case "type":
                if (args.size() != 1 && args.size() != 3 || (args.isEmpty() && !kw.isEmpty())) {
                    if (args.size() == 1) throw PyException.typeError("type() takes no keyword arguments");
                    throw PyException.typeError("type() takes 1 or 3 arguments");
                }
                if (!kw.isEmpty()) throw PyException.typeError("type() takes no keyword arguments");
                if (args.size() == 3) throw PyLimits.bound("type() with 3 arguments");
                return PyMethods.typeOf(args.get(0));
            case "isinstance":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 2, 2);
                return isinstance(args.get(0), args.get(1));
            case "sorted":
                return sorted(args, kw, ev);
            case "min":
            case "max":
                return minMax(name, args, kw, ev);
            case "sum":
                Object[] su = PyBuiltins.clinicArgs(name, args, kw, new String[]{null, "start"}, 1, 1);
                return sum(su[0], su[1] == null ? 0L : su[1], ev);
            case "round":
                Object[] r = PyBuiltins.clinicArgs(name, args, kw, new String[]{"number", "ndigits"}, 1, 0);
                return Py.round(r[0], r[1]);
            case "divmod":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 2, 2);
                return new PyTuple(List.of(Py.floordiv(args.get(0), args.get(1)), Py.mod(args.get(0), args.get(1))));
            case "pow":
                Object[] p = PyBuiltins.clinicArgs(name, args, kw, new String[]{"base", "exp", "mod"}, 2, 0);
                if (p[2] != null) throw PyLimits.bound("pow() with a modulus");
                return PyOperators.binary("**", p[0], p[1]);
            case "format":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 1, 2);
                return PyFormat.format(args.get(0), args.size() > 1 ? (String) requireStr(args.get(1), "format") : "");
            default:
                return iterators(name, args, kw, ev);
        }
    }

    private static Object iterators(String name, List<Object> args, Map<String, Object> kw, PyCallEvaluator ev)
            throws PyException {
        switch (name) {
            case "enumerate":
                if (args.isEmpty() && kw.isEmpty()) throw PyException.typeError("enumerate() missing required argument 'iterable'");
                Object[] e = PyBuiltins.clinicArgs(name, args, kw, new String[]{"iterable", "start"}, 1, 0);
                return enumerate(ev.iter(e[0]), e[1] == null ? BigInteger.ZERO : Py.bigOf(requireInt(e[1])));
            case "zip":
                for (String k : kw.keySet()) {
                    if (kw.size() > 1) throw PyException.typeError("zip() takes at most 1 keyword argument (" + kw.size() + " given)");
                    if (!k.equals("strict")) throw PyException.typeError("'" + k + "' is an invalid keyword argument for zip()");
                }
                return zip(args, ev);
            case "reversed":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 1, 1);
                List<Object> items = ev.toList(requireSequence(args.get(0)));
                java.util.Collections.reverse(items);
                return listIter("list_reverseiterator", items);
            case "map":
                PyBuiltins.checkNoKeywords(name, kw);
                if (args.size() < 2) throw PyException.typeError("map() must have at least two arguments.");
                return map(args, ev);
            case "filter":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 2, 2);
                return filter(args.get(0), ev.iter(args.get(1)), ev);
            case "iter":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 1, 2);
                if (args.size() == 2) throw PyLimits.bound("iter() with a sentinel");
                return ev.iter(args.get(0));
            case "next":
                PyBuiltins.checkNoKeywords(name, kw);
                PyBuiltins.checkPositional(name, args, 1, 2);
                if (!(args.get(0) instanceof PyRuntime.Iter it)) {
                    throw PyException.typeError("'" + Py.typeName(args.get(0)) + "' object is not an iterator");
                }
                Object o = it.next();
                if (o != PyRuntime.Iter.DONE) return o;
                if (args.size() == 2) return args.get(1);
                throw new PyException("StopIteration", "");
            default:
                return importModule(args, kw);
        }
    }

    /** {@code __import__}: its argument errors are CPython's; with valid arguments it is not evaluated. */
    private static Object importModule(List<Object> args, Map<String, Object> kw) throws PyException {
        PyBuiltins.clinicArgs("__import__", args, kw, new String[]{"name", "globals", "locals", "fromlist", "level"}, 1, 0);
        throw PyLimits.bound("__import__() (BFCL's eval would import the module)");
    }

    private static Object requireStr(Object v, String fn) throws PyException {
        if (v instanceof String) return v;
        throw PyException.typeError(fn + "() argument 2 must be str, not " + Py.typeName(v));
    }

    private static Object requireInt(Object v) throws PyException {
        if (Py.isIntOrBool(v)) return v;
        throw PyException.typeError("'" + Py.typeName(v) + "' object cannot be interpreted as an integer");
    }

    private static Object requireSequence(Object v) throws PyException {
        if (v instanceof List || v instanceof PyTuple || v instanceof String || v instanceof PyRuntime.Range) return v;
        if (v instanceof Map<?, ?>) return v;
        throw PyException.typeError("'" + Py.typeName(v) + "' object is not reversible");
    }

    static Object toInt(Object x) throws PyException {
        if (x instanceof String s && s.strip().replace("_", "").length() > PyStrings.MAX_STR_DIGITS + 1) {
            String digits = s.strip().replace("_", "").replaceFirst("^[+-]", "");
            if (digits.chars().allMatch(Character::isDigit)) {
                throw PyException.valueError("Exceeds the limit (" + PyStrings.MAX_STR_DIGITS + " digits) for integer "
                        + "string conversion: value has " + digits.length() + " digits; use sys.set_int_max_str_digits() "
                        + "to increase the limit");
            }
        }
        return Py.toInt(x);
    }

    private static Object convert(String name, Object v, boolean none, PyCallEvaluator ev) throws PyException {
        return switch (name) {
            case "float" -> none ? 0.0 : Py.toFloat(v);
            case "bool" -> !none && PyCallEvaluator.truthy(v);
            case "list" -> none ? new ArrayList<>() : ev.toList(v);
            case "tuple" -> none ? new PyTuple(List.of()) : v instanceof PyTuple ? v : new PyTuple(ev.toList(v));
            default -> none ? new java.util.LinkedHashSet<>() : PyCallEvaluator.setOf(ev.toList(v));
        };
    }

    private static Object dict(List<Object> args, Map<String, Object> kw, PyCallEvaluator ev) throws PyException {
        PyBuiltins.checkPositional("dict", args, 0, 1);
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        if (!args.isEmpty()) {
            Object src = args.get(0);
            if (src instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) out.put(e.getKey(), e.getValue());
            } else {
                List<Object> items = ev.toList(src);
                for (int i = 0; i < items.size(); i++) {
                    List<Object> pair;
                    try {
                        pair = ev.toList(items.get(i));
                    } catch (PyException e) {
                        throw PyException.typeError("cannot convert dictionary update sequence element #" + i
                                + " to a sequence");
                    }
                    if (pair.size() != 2) {
                        throw PyException.valueError("dictionary update sequence element #" + i + " has length "
                                + pair.size() + "; 2 is required");
                    }
                    PyCallEvaluator.putKey(out, pair.get(0), pair.get(1));
                }
            }
        }
        for (Map.Entry<String, Object> e : kw.entrySet()) out.put(e.getKey(), e.getValue());
        return out;
    }

    private static Object range(List<Object> args) throws PyException {
        for (Object a : args) requireInt(a);
        BigInteger start = args.size() == 1 ? BigInteger.ZERO : Py.bigOf(args.get(0));
        BigInteger stop = Py.bigOf(args.get(args.size() == 1 ? 0 : 1));
        BigInteger step = args.size() == 3 ? Py.bigOf(args.get(2)) : BigInteger.ONE;
        if (step.signum() == 0) throw PyException.valueError("range() arg 3 must not be zero");
        return new PyRuntime.Range(start, stop, step);
    }

    private static Object isinstance(Object v, Object cls) throws PyException {
        if (cls instanceof PyTuple t) {
            for (Object c : t.items()) if (Boolean.TRUE.equals(isinstance(v, c))) return true;
            return false;
        }
        if (!(cls instanceof PyRuntime.Builtin b && b.isType()) && !(cls instanceof PyRuntime.TypeObject)) {
            throw PyException.typeError("isinstance() arg 2 must be a type, a tuple of types, or a union");
        }
        String want = cls instanceof PyRuntime.Builtin b ? b.name() : ((PyRuntime.TypeObject) cls).name();
        String have = Py.typeName(v);
        return have.equals(want) || (want.equals("int") && have.equals("bool")) || want.equals("object");
    }

    private static Object sorted(List<Object> args, Map<String, Object> kw, PyCallEvaluator ev) throws PyException {
        PyBuiltins.checkPositional("sorted", args, 1, 1);
        List<Object> items = ev.toList(args.get(0));
        return PyMethods.sortList(items, kw, ev);
    }

    private static Object minMax(String name, List<Object> args, Map<String, Object> kw, PyCallEvaluator ev)
            throws PyException {
        if (args.isEmpty()) throw PyException.typeError(name + " expected at least 1 argument, got 0");
        for (String k : kw.keySet()) {
            if (!k.equals("key") && !k.equals("default")) {
                throw PyException.typeError("'" + k + "' is an invalid keyword argument for " + name + "()");
            }
        }
        if (kw.containsKey("key") && kw.get("key") != null) throw PyLimits.bound(name + "() with a key function");
        List<Object> items = args.size() == 1 ? ev.toList(args.get(0)) : args;
        if (args.size() > 1 && kw.containsKey("default")) {
            throw PyException.typeError("Cannot specify a default for " + name + "() with multiple positional arguments");
        }
        if (items.isEmpty()) {
            if (kw.containsKey("default")) return kw.get("default");
            throw PyException.valueError(name + "() arg is an empty sequence");
        }
        Object best = items.get(0);
        for (int i = 1; i < items.size(); i++) {
            Object o = items.get(i);
            if (name.equals("min") ? Py.lt(o, best) : Py.gt(o, best)) best = o;
        }
        return best;
    }

    private static Object sum(Object iterable, Object start, PyCallEvaluator ev) throws PyException {
        if (start instanceof String) throw PyException.typeError("sum() can't sum strings [use ''.join(seq) instead]");
        Object acc = start;
        PyRuntime.Iter it = ev.iter(iterable);
        Object o;
        while ((o = it.next()) != PyRuntime.Iter.DONE) {
            ev.tick();
            acc = PyOperators.binary("+", acc, o);
        }
        return acc;
    }

    private static PyRuntime.Iter listIter(String type, List<Object> items) {
        int[] i = {0};
        return new PyRuntime.Iter(type, () -> i[0] < items.size() ? items.get(i[0]++) : PyRuntime.Iter.DONE);
    }

    private static Object enumerate(PyRuntime.Iter it, BigInteger start) {
        BigInteger[] n = {start};
        return new PyRuntime.Iter("enumerate", () -> {
            Object o = it.next();
            if (o == PyRuntime.Iter.DONE) return o;
            Object t = Py.tuple(Py.intOf(n[0]), o);
            n[0] = n[0].add(BigInteger.ONE);
            return t;
        });
    }

    private static Object zip(List<Object> args, PyCallEvaluator ev) throws PyException {
        List<PyRuntime.Iter> its = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            try {
                its.add(ev.iter(args.get(i)));
            } catch (PyException e) {
                throw PyException.typeError("'" + Py.typeName(args.get(i)) + "' object is not iterable");
            }
        }
        return new PyRuntime.Iter("zip", () -> {
            if (its.isEmpty()) return PyRuntime.Iter.DONE;
            List<Object> row = new ArrayList<>();
            for (PyRuntime.Iter it : its) {
                Object o = it.next();
                if (o == PyRuntime.Iter.DONE) return o;
                row.add(o);
            }
            return new PyTuple(row);
        });
    }

    private static Object map(List<Object> args, PyCallEvaluator ev) throws PyException {
        Object f = args.get(0);
        List<PyRuntime.Iter> its = new ArrayList<>();
        for (Object a : args.subList(1, args.size())) its.add(ev.iter(a));
        return new PyRuntime.Iter("map", () -> {
            List<Object> row = new ArrayList<>();
            for (PyRuntime.Iter it : its) {
                Object o = it.next();
                if (o == PyRuntime.Iter.DONE) return o;
                row.add(o);
            }
            return ev.invoke(f, row, Map.of());
        });
    }

    private static Object filter(Object f, PyRuntime.Iter it, PyCallEvaluator ev) {
        return new PyRuntime.Iter("filter", () -> {
            while (true) {
                Object o = it.next();
                if (o == PyRuntime.Iter.DONE) return o;
                Object keep = f == null ? o : ev.invoke(f, List.of(o), Map.of());
                if (PyCallEvaluator.truthy(keep)) return o;
            }
        });
    }
}
