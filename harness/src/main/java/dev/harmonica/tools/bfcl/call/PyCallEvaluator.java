package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.Param;
import dev.harmonica.tools.bfcl.backend.PyMethod;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a parsed call expression the way BFCL's {@code eval} does after its instance-name rewrite: names bound
 * to backend instances, {@code instance.method(...)} calls with Python's argument binding and TypeError texts, a few
 * builtins, literals, arithmetic and subscripts. Everything else raises a Python-style error. Never runs model text.
 */
public final class PyCallEvaluator {
    private final Map<String, BfclClass> instancesByVariable;

    /** @param instancesByVariable Python global variable name → instance (BFCL's {@code globals()} entries) */
    public PyCallEvaluator(Map<String, BfclClass> instancesByVariable) {
        this.instancesByVariable = instancesByVariable;
    }

    /** A bound method value. */
    private record Bound(BfclClass self, PyMethod method) {
    }

    /** A builtin function value. */
    private record Builtin(String name) {
    }

    private static final Set<String> BUILTINS = Set.of("print", "len", "str", "int", "float",
            "bool", "abs", "round", "min", "max", "sum", "sorted", "list", "repr");

    /** Evaluates the expression and returns the Python value. */
    public Object eval(PyNode node) throws PyException {
        if (node instanceof PyNode.Const c) return c.value();
        if (node instanceof PyNode.Name n) {
            BfclClass inst = instancesByVariable.get(n.id());
            if (inst != null) return inst;
            if (BUILTINS.contains(n.id())) return new Builtin(n.id());
            throw new PyException("NameError", "name '" + n.id() + "' is not defined");
        }
        if (node instanceof PyNode.Attribute a) {
            Object base = eval(a.base());
            if (base instanceof BfclClass inst) {
                for (PyMethod m : inst.methods()) {
                    if (m.name().equals(a.attr())) return new Bound(inst, m);
                }
                throw new PyException("AttributeError", "'" + inst.className() + "' object has no attribute '"
                        + a.attr() + "'");
            }
            throw Py.attributeError(base, a.attr());
        }
        if (node instanceof PyNode.Call c) return call(c);
        if (node instanceof PyNode.ListExpr l) {
            ArrayList<Object> out = new ArrayList<>(l.items().size());
            for (PyNode i : l.items()) out.add(eval(i));
            return out;
        }
        if (node instanceof PyNode.TupleExpr t) {
            ArrayList<Object> out = new ArrayList<>(t.items().size());
            for (PyNode i : t.items()) out.add(eval(i));
            return new PyTuple(out);
        }
        if (node instanceof PyNode.SetExpr s) {
            LinkedHashSet<Object> out = new LinkedHashSet<>();
            for (PyNode i : s.items()) {
                Object v = eval(i);
                requireHashable(v);
                if (!Py.contains(out, v)) out.add(v);
            }
            return out;
        }
        if (node instanceof PyNode.DictExpr d) {
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) {
                Object k = eval(d.keys().get(i));
                Object v = eval(d.values().get(i));
                requireHashable(k);
                Object existing = findEqualKey(out, k);
                out.put(existing != null ? existing : k, v);
            }
            return out;
        }
        if (node instanceof PyNode.Unary u) {
            Object v = eval(u.operand());
            return switch (u.op()) {
                case "-" -> Py.neg(v);
                case "+" -> {
                    if (Py.isNumber(v)) yield v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v;
                    throw PyException.typeError("bad operand type for unary +: '" + Py.typeName(v) + "'");
                }
                default -> !Py.truthy(v);
            };
        }
        if (node instanceof PyNode.Binary b) {
            Object l = eval(b.left());
            Object r = eval(b.right());
            return switch (b.op()) {
                case "+" -> Py.add(l, r);
                case "-" -> Py.sub(l, r);
                case "*" -> Py.mul(l, r);
                case "/" -> Py.truediv(l, r);
                case "//" -> Py.floordiv(l, r);
                case "%" -> Py.mod(l, r);
                default -> Py.pow(l, r);
            };
        }
        if (node instanceof PyNode.Subscript s) {
            return Py.getItem(eval(s.value()), eval(s.index()));
        }
        if (node instanceof PyNode.Keyword) throw PyException.typeError("keyword outside a call");
        throw PyException.typeError("unsupported expression");
    }

    private static Object findEqualKey(Map<Object, Object> m, Object k) {
        if (m.containsKey(k)) return k;
        for (Object o : m.keySet()) if (Py.eq(o, k)) return o;
        return null;
    }

    private static void requireHashable(Object v) throws PyException {
        if (v instanceof List || v instanceof Map || v instanceof Set) {
            throw PyException.typeError("unhashable type: '" + Py.typeName(v) + "'");
        }
    }

    private Object call(PyNode.Call c) throws PyException {
        Object f = eval(c.func());
        List<Object> args = new ArrayList<>(c.args().size());
        for (PyNode a : c.args()) args.add(eval(a));
        LinkedHashMap<String, Object> kwargs = new LinkedHashMap<>();
        for (PyNode.Keyword k : c.keywords()) kwargs.put(k.name(), eval(k.value()));
        if (f instanceof Bound b) {
            Object[] bound = bind(b.self().className() + "." + b.method().name(), b.method().params(), args, kwargs);
            return b.method().invoke(bound);
        }
        if (f instanceof Builtin bi) return builtin(bi.name(), args, kwargs);
        throw PyException.typeError("'" + Py.typeName(f) + "' object is not callable");
    }

    /**
     * Binds positional then keyword arguments to the parameters (without {@code self}) with CPython's error texts,
     * e.g. {@code GorillaFileSystem.cd() got an unexpected keyword argument 'path'},
     * {@code GorillaFileSystem.cd() missing 1 required positional argument: 'folder'},
     * {@code GorillaFileSystem.cd() takes 2 positional arguments but 3 were given} (counts include {@code self}).
     */
    public static Object[] bind(String qualname, List<Param> params, List<Object> args, Map<String, Object> kwargs)
            throws PyException {
        int n = params.size();
        Object[] out = new Object[n];
        boolean[] set = new boolean[n];
        for (int i = 0; i < Math.min(n, args.size()); i++) {
            out[i] = args.get(i);
            set[i] = true;
        }
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            int idx = -1;
            for (int i = 0; i < n; i++) {
                if (params.get(i).name().equals(e.getKey())) {
                    idx = i;
                    break;
                }
            }
            if (idx < 0) {
                throw PyException.typeError(qualname + "() got an unexpected keyword argument '" + e.getKey() + "'");
            }
            if (set[idx]) {
                throw PyException.typeError(qualname + "() got multiple values for argument '" + e.getKey() + "'");
            }
            out[idx] = e.getValue();
            set[idx] = true;
        }
        if (args.size() > n) {
            int defaults = 0;
            for (Param p : params) if (p.hasDefault()) defaults++;
            int max = n + 1;
            int given = args.size() + 1;
            String takes = defaults > 0 ? "from " + (max - defaults) + " to " + max : String.valueOf(max);
            throw PyException.typeError(qualname + "() takes " + takes + " positional argument" + (max == 1 ? "" : "s")
                    + " but " + given + " " + (given == 1 ? "was" : "were") + " given");
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (set[i]) continue;
            Param p = params.get(i);
            if (p.hasDefault()) {
                out[i] = p.defaultValue();
            } else {
                missing.add("'" + p.name() + "'");
            }
        }
        if (!missing.isEmpty()) {
            String names;
            if (missing.size() == 1) names = missing.get(0);
            else if (missing.size() == 2) names = missing.get(0) + " and " + missing.get(1);
            else names = String.join(", ", missing.subList(0, missing.size() - 1)) + ", and "
                    + missing.get(missing.size() - 1);
            throw PyException.typeError(qualname + "() missing " + missing.size() + " required positional argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + names);
        }
        return out;
    }

    private static Object builtin(String name, List<Object> args, Map<String, Object> kwargs) throws PyException {
        if (!kwargs.isEmpty() && !name.equals("print") && !name.equals("sorted")) {
            throw PyException.typeError(name + "() takes no keyword arguments");
        }
        switch (name) {
            case "print":
                return null;
            case "repr":
                one(name, args);
                return Py.repr(args.get(0));
            case "len":
                one(name, args);
                return Py.len(args.get(0));
            case "str":
                return args.isEmpty() ? "" : Py.str(args.get(0));
            case "int":
                return args.isEmpty() ? 0L : Py.toInt(args.get(0));
            case "float":
                return args.isEmpty() ? 0.0 : Py.toFloat(args.get(0));
            case "bool":
                return !args.isEmpty() && Py.truthy(args.get(0));
            case "abs":
                one(name, args);
                return Py.abs(args.get(0));
            case "round":
                if (args.isEmpty()) throw PyException.typeError("round() missing required argument 'number' (pos 1)");
                return args.size() > 1 ? Py.round(args.get(0), args.get(1)) : Py.round(args.get(0));
            case "min":
                return Py.min(args.size() == 1 ? args.get(0) : new ArrayList<>(args));
            case "max":
                return Py.max(args.size() == 1 ? args.get(0) : new ArrayList<>(args));
            case "sum":
                one(name, args);
                return Py.sum(args.get(0));
            case "sorted":
                one(name, args);
                return Py.sorted(args.get(0), Py.truthy(kwargs.get("reverse")));
            case "list":
                return args.isEmpty() ? new ArrayList<>() : new ArrayList<>(Py.iterate(args.get(0)));
            default:
                throw new PyException("NameError", "name '" + name + "' is not defined");
        }
    }

    private static void one(String name, List<Object> args) throws PyException {
        if (args.size() != 1) {
            throw PyException.typeError(name + "() takes exactly one argument (" + args.size() + " given)");
        }
    }
}
