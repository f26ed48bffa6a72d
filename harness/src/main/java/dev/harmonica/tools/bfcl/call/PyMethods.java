package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.PyMethod;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attributes and methods of values as CPython 3.11 has them: a backend instance's methods (bound), a plain value's
 * methods (str, list, dict, tuple, set, int, float). An attribute CPython does not have is its AttributeError; one
 * CPython has but Harmonica does not evaluate ({@code str.partition}, ...) ends in a {@link PyLimits#BOUND} error.
 */
final class PyMethods {
    private static final Set<String> BUILTIN_TYPES = Set.of("str", "int", "float", "bool", "list", "tuple", "dict",
            "set", "frozenset", "range", "bytes", "complex");

    private PyMethods() {
    }

    /** {@code obj.attr}. */
    static Object attribute(Object obj, String attr) throws PyException {
        if (attr.equals("__class__")) return typeOf(obj);
        if (obj instanceof BfclClass inst) {
            for (PyMethod m : inst.methods()) if (m.name().equals(attr)) return new PyRuntime.BoundMethod(inst, m);
            if (inst.publicState().containsKey(attr)) return inst.publicState().get(attr);
            throw new PyException("AttributeError", "'" + inst.className() + "' object has no attribute '" + attr + "'");
        }
        String type = Py.typeName(obj);
        Set<String> attrs = PyBuiltins.Names.ATTRIBUTES.get(type);
        if (attrs == null) throw PyLimits.bound("the attribute '" + attr + "' of a '" + type + "' object");
        if (!attrs.contains(attr)) throw Py.attributeError(obj, attr);
        if (Py.isNumber(obj) && (attr.equals("real") || attr.equals("imag") || attr.equals("numerator")
                || attr.equals("denominator"))) {
            return number(obj, attr);
        }
        return new PyRuntime.ValueMethod(obj, attr);
    }

    private static Object number(Object n, String attr) {
        boolean f = Py.isFloat(n);
        return switch (attr) {
            case "imag" -> f ? (Object) 0.0 : 0L;
            case "denominator" -> 1L;
            default -> f ? n : Py.intOf(Py.bigOf(n));
        };
    }

    /** {@code type(v)}. */
    static Object typeOf(Object v) {
        String t = Py.typeName(v);
        if (BUILTIN_TYPES.contains(t)) return new PyRuntime.Builtin(t, true);
        if (v instanceof BfclClass c) return new PyRuntime.TypeObject(PyRuntime.moduleOf(c.className()) + "." + c.className());
        return new PyRuntime.TypeObject(t);
    }

    /** {@code len(v)}. */
    static Object len(Object v, PyCallEvaluator ev) throws PyException {
        if (v instanceof PyRuntime.Range r) {
            BigInteger n = r.length();
            if (n.bitLength() > 63) throw new PyException("OverflowError", "Python int too large to convert to C ssize_t");
            return n.longValue();
        }
        if (v instanceof PyRuntime.DictView d) return (long) d.dict().size();
        return Py.len(v);
    }

    /** Calls {@code self.name(*args, **kwargs)} for a plain value. */
    static Object call(Object self, String name, List<Object> args, Map<String, Object> kw, PyCallEvaluator ev)
            throws PyException {
        if (self instanceof String s) return PyStrMethods.call(s, name, args, kw);
        if (self instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return listMethod(list, name, args, kw, ev);
        }
        if (self instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> map = (Map<Object, Object>) m;
            return dictMethod(map, name, args, kw);
        }
        if (self instanceof PyTuple t && (name.equals("index") || name.equals("count"))) {
            return sequenceMethod("tuple", t.items(), name, args, kw);
        }
        if (Py.isFloat(self) && name.equals("is_integer")) {
            noArgs("float." + name, args, kw);
            double d = Py.toDouble(self);
            return !Double.isInfinite(d) && d == Math.rint(d);
        }
        if (Py.isIntOrBool(self) && name.equals("bit_length")) {
            noArgs("int." + name, args, kw);
            return (long) Py.bigOf(self).abs().bitLength();
        }
        throw notEvaluated(self, name);
    }

    static PyException notEvaluated(Object self, String name) {
        return PyLimits.bound(Py.typeName(self) + "." + name + "()");
    }

    static void noArgs(String qualname, List<Object> args, Map<String, Object> kw) throws PyException {
        if (!kw.isEmpty()) throw PyException.typeError(qualname + "() takes no keyword arguments");
        if (!args.isEmpty()) throw PyException.typeError(qualname + "() takes no arguments (" + args.size() + " given)");
    }

    static void exactlyOne(String qualname, List<Object> args, Map<String, Object> kw) throws PyException {
        if (!kw.isEmpty()) throw PyException.typeError(qualname + "() takes no keyword arguments");
        if (args.size() != 1) {
            throw PyException.typeError(qualname + "() takes exactly one argument (" + args.size() + " given)");
        }
    }

    private static Object listMethod(List<Object> l, String name, List<Object> args, Map<String, Object> kw,
                                     PyCallEvaluator ev) throws PyException {
        switch (name) {
            case "append":
                exactlyOne("list.append", args, kw);
                l.add(args.get(0));
                return null;
            case "extend":
                exactlyOne("list.extend", args, kw);
                l.addAll(ev.toList(args.get(0)));
                return null;
            case "pop":
                if (!kw.isEmpty()) throw PyException.typeError("list.pop() takes no keyword arguments");
                if (l.isEmpty()) throw new PyException("IndexError", "pop from empty list");
                long i = args.isEmpty() ? -1 : Py.bigOf(args.get(0)).longValue();
                if (i < 0) i += l.size();
                if (i < 0 || i >= l.size()) throw new PyException("IndexError", "pop index out of range");
                return l.remove((int) i);
            case "remove":
                exactlyOne("list.remove", args, kw);
                for (int k = 0; k < l.size(); k++) {
                    if (Py.eq(l.get(k), args.get(0))) {
                        l.remove(k);
                        return null;
                    }
                }
                throw PyException.valueError("list.remove(x): x not in list");
            case "copy":
                noArgs("list.copy", args, kw);
                return new ArrayList<>(l);
            case "clear":
                noArgs("list.clear", args, kw);
                l.clear();
                return null;
            case "reverse":
                noArgs("list.reverse", args, kw);
                Collections.reverse(l);
                return null;
            case "sort":
                if (!args.isEmpty()) throw PyException.typeError("sort() takes no positional arguments");
                List<Object> sorted = sortList(new ArrayList<>(l), kw, ev);
                l.clear();
                l.addAll(sorted);
                return null;
            default:
                return sequenceMethod("list", l, name, args, kw);
        }
    }

    private static Object sequenceMethod(String type, List<Object> items, String name, List<Object> args,
                                         Map<String, Object> kw) throws PyException {
        if (name.equals("count")) {
            exactlyOne(type + ".count", args, kw);
            long n = 0;
            for (Object o : items) if (Py.eq(o, args.get(0))) n++;
            return n;
        }
        if (name.equals("index")) {
            if (!kw.isEmpty()) throw PyException.typeError(type + ".index() takes no keyword arguments");
            if (args.size() != 1) throw PyLimits.bound(type + ".index() with bounds");
            for (int i = 0; i < items.size(); i++) if (Py.eq(items.get(i), args.get(0))) return (long) i;
            throw PyException.valueError(type.equals("list") ? Py.repr(args.get(0)) + " is not in list"
                    : "tuple.index(x): x not in tuple");
        }
        throw PyLimits.bound(type + "." + name + "()");
    }

    private static Object dictMethod(Map<Object, Object> d, String name, List<Object> args, Map<String, Object> kw)
            throws PyException {
        switch (name) {
            case "get":
                if (!kw.isEmpty()) throw PyException.typeError("dict.get() takes no keyword arguments");
                if (args.isEmpty() || args.size() > 2) {
                    throw PyException.typeError("get expected " + (args.isEmpty() ? "at least 1 argument" : "at most 2 arguments")
                            + ", got " + args.size());
                }
                PyOperators.requireHashable(args.get(0));
                return Py.dictGet(d, args.get(0), args.size() > 1 ? args.get(1) : null);
            case "keys":
            case "values":
            case "items":
                noArgs("dict." + name, args, kw);
                return new PyRuntime.DictView(d, name);
            case "copy":
                noArgs("dict.copy", args, kw);
                return new LinkedHashMap<>(d);
            case "pop":
                if (args.isEmpty()) throw PyException.typeError("pop expected at least 1 argument, got 0");
                if (Py.contains(d, args.get(0))) {
                    for (Object k : d.keySet()) if (Py.eq(k, args.get(0))) return d.remove(k);
                }
                if (args.size() > 1) return args.get(1);
                throw Py.keyError(args.get(0));
            case "clear":
                noArgs("dict.clear", args, kw);
                d.clear();
                return null;
            case "update":
                if (args.size() > 1) throw PyException.typeError("update expected at most 1 argument, got " + args.size());
                if (!args.isEmpty()) {
                    if (!(args.get(0) instanceof Map<?, ?> m)) throw PyLimits.bound("dict.update() from a sequence");
                    for (Map.Entry<?, ?> e : m.entrySet()) PyCallEvaluator.putKey(d, e.getKey(), e.getValue());
                }
                for (Map.Entry<String, Object> e : kw.entrySet()) PyCallEvaluator.putKey(d, e.getKey(), e.getValue());
                return null;
            case "setdefault":
                if (args.isEmpty()) throw PyException.typeError("setdefault expected at least 1 argument, got 0");
                if (Py.contains(d, args.get(0))) return Py.dictGet(d, args.get(0), null);
                PyCallEvaluator.putKey(d, args.get(0), args.size() > 1 ? args.get(1) : null);
                return args.size() > 1 ? args.get(1) : null;
            default:
                throw notEvaluated(d, name);
        }
    }

    /** {@code sorted(items, key=..., reverse=...)}: stable, CPython's ordering and errors. */
    static List<Object> sortList(List<Object> items, Map<String, Object> kw, PyCallEvaluator ev) throws PyException {
        for (String k : kw.keySet()) {
            if (!k.equals("key") && !k.equals("reverse")) {
                throw PyException.typeError("'" + k + "' is an invalid keyword argument for sort()");
            }
        }
        Object key = kw.get("key");
        boolean reverse = kw.containsKey("reverse") && PyCallEvaluator.truthy(kw.get("reverse"));
        List<Object[]> decorated = new ArrayList<>();
        for (Object o : items) decorated.add(new Object[]{key == null ? o : ev.invoke(key, List.of(o), Map.of()), o});
        Comparator<Object> c = Py.ordering();
        Comparator<Object[]> dc = (x, y) -> c.compare(x[0], y[0]);
        // CPython's reverse=True: reverse, stable sort, reverse (equal items keep their order)
        if (reverse) Collections.reverse(decorated);
        try {
            decorated.sort(dc);
        } catch (Py.PyTypeErrorInSort e) {
            throw e.pyException();
        }
        if (reverse) Collections.reverse(decorated);
        List<Object> out = new ArrayList<>();
        for (Object[] d : decorated) out.add(d[1]);
        return out;
    }
}
