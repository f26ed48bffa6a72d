package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.Param;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a parsed call string the way BFCL's {@code eval} does after its instance-name rewrite: names resolve to
 * the lambda and comprehension scopes, then to the local variables of {@code execute_multi_turn_func_call} (given
 * as {@code locals}), then to the backend instances (the module's globals), then to the builtins; backend methods are
 * bound with Python's argument rules and error texts; the expression forms, builtins and methods of plain values
 * follow CPython 3.11 ({@link PyBuiltins}, {@link PyMethods}). Nothing outside the simulated backends is reached:
 * builtins that would touch the process or the machine ({@code open}, {@code exec}, {@code __import__}, ...) are
 * refused with a clear message, and sizes are bounded ({@link PyLimits}). Never runs model text as code.
 */
public final class PyCallEvaluator {
    private final Map<String, BfclClass> instancesByVariable;
    private final Map<String, Object> locals;
    private long steps;

    /** A lambda's or comprehension's local variables, inside its enclosing scope (null at the top level). */
    record Scope(Map<String, Object> vars, Scope parent) {
    }

    /** @param instancesByVariable Python global variable name → instance (BFCL's {@code globals()} entries) */
    public PyCallEvaluator(Map<String, BfclClass> instancesByVariable) {
        this(instancesByVariable, Map.of());
    }

    /**
     * @param instancesByVariable the backend instances by global variable name
     * @param locals              the local variables {@code eval} sees (BFCL's executor function's locals)
     */
    public PyCallEvaluator(Map<String, BfclClass> instancesByVariable, Map<String, Object> locals) {
        this.instancesByVariable = instancesByVariable;
        this.locals = locals;
    }

    /** Evaluates the expression and returns the Python value. */
    public Object eval(PyNode node) throws PyException {
        steps = 0;
        return eval(node, null);
    }

    void tick() throws PyException {
        if (++steps > PyLimits.MAX_STEPS) {
            throw PyLimits.bound("more than " + PyLimits.MAX_STEPS + " evaluation steps in one call");
        }
    }

    Object eval(PyNode node, Scope scope) throws PyException {
        tick();
        if (node instanceof PyNode.Const c) return c.value();
        if (node instanceof PyNode.Name n) return lookup(n.id(), scope);
        if (node instanceof PyNode.Attribute a) return PyMethods.attribute(eval(a.base(), scope), a.attr());
        if (node instanceof PyNode.Call c) return call(c, scope);
        if (node instanceof PyNode.ListExpr l) return collect(l.items(), scope);
        if (node instanceof PyNode.TupleExpr t) return new PyTuple(collect(t.items(), scope));
        if (node instanceof PyNode.SetExpr s) return setOf(collect(s.items(), scope));
        if (node instanceof PyNode.DictExpr d) return dict(d, scope);
        if (node instanceof PyNode.Unary u) return unary(u.op(), eval(u.operand(), scope));
        if (node instanceof PyNode.Binary b) return PyOperators.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope));
        if (node instanceof PyNode.BoolOp b) return boolOp(b, scope);
        if (node instanceof PyNode.Compare c) return compare(c, scope);
        if (node instanceof PyNode.IfExp i) {
            return truthy(eval(i.test(), scope)) ? eval(i.body(), scope) : eval(i.orelse(), scope);
        }
        return evalMore(node, scope);
    }

    private Object evalMore(PyNode node, Scope scope) throws PyException {
        if (node instanceof PyNode.Subscript s) return PyOperators.subscript(eval(s.value(), scope), index(s.index(), scope));
        if (node instanceof PyNode.Lambda l) return lambda(l, scope);
        if (node instanceof PyNode.Comp c) return new PyComprehensions(this).comp(c, scope);
        if (node instanceof PyNode.DictComp c) return new PyComprehensions(this).dictComp(c, scope);
        if (node instanceof PyNode.NamedExpr n) {
            Object v = eval(n.value(), scope);
            assign(n.target().id(), v, scope);
            return v;
        }
        if (node instanceof PyNode.JoinedStr j) return joined(j, scope);
        if (node instanceof PyNode.Formatted f) return formatted(f, scope);
        if (node instanceof PyNode.Starred) throw PyException.typeError("can't use starred expression here");
        throw PyException.typeError("unsupported expression " + node.getClass().getSimpleName());
    }

    // ------------------------------------------------------------------------------------------- names

    private Object lookup(String name, Scope scope) throws PyException {
        for (Scope s = scope; s != null; s = s.parent()) {
            if (s.vars().containsKey(name)) return s.vars().get(name);
        }
        if (scope == null && locals.containsKey(name)) return locals.get(name);
        BfclClass inst = instancesByVariable.get(name);
        if (inst != null) return inst;
        Object g = PyBuiltins.global(name);
        if (g != null) return g == PyBuiltins.NONE ? null : g;
        throw new PyException("NameError", "name '" + name + "' is not defined");
    }

    private void assign(String name, Object v, Scope scope) {
        Scope s = scope;
        while (s != null && s.vars().containsKey(PyComprehensions.COMPREHENSION)) s = s.parent();
        if (s != null) s.vars().put(name, v);
    }

    // ------------------------------------------------------------------------------------------- displays

    /** Items of a list/tuple/set display, with {@code *x} unpacked. */
    private ArrayList<Object> collect(List<PyNode> items, Scope scope) throws PyException {
        ArrayList<Object> out = new ArrayList<>(items.size());
        for (PyNode i : items) {
            if (i instanceof PyNode.Starred s) out.addAll(toList(eval(s.value(), scope)));
            else out.add(eval(i, scope));
        }
        return out;
    }

    static LinkedHashSet<Object> setOf(List<Object> items) throws PyException {
        LinkedHashSet<Object> out = new LinkedHashSet<>();
        for (Object v : items) {
            PyOperators.requireHashable(v);
            if (!Py.contains(out, v)) out.add(v);
        }
        return out;
    }

    private Object dict(PyNode.DictExpr d, Scope scope) throws PyException {
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < d.keys().size(); i++) {
            if (d.keys().get(i) == null) {
                Object m = eval(d.values().get(i), scope);
                if (!(m instanceof Map<?, ?> mm)) {
                    throw PyException.typeError("'" + Py.typeName(m) + "' object is not a mapping");
                }
                for (Map.Entry<?, ?> e : mm.entrySet()) putKey(out, e.getKey(), e.getValue());
                continue;
            }
            Object k = eval(d.keys().get(i), scope);
            Object v = eval(d.values().get(i), scope);
            putKey(out, k, v);
        }
        return out;
    }

    static void putKey(Map<Object, Object> m, Object k, Object v) throws PyException {
        PyOperators.requireHashable(k);
        Object existing = null;
        if (m.containsKey(k)) existing = k;
        else for (Object o : m.keySet()) if (Py.eq(o, k)) existing = o;
        m.put(existing != null ? existing : k, v);
    }

    // ------------------------------------------------------------------------------------------- operators

    static Object unary(String op, Object v) throws PyException {
        switch (op) {
            case "-":
                return Py.neg(v);
            case "+":
                if (Py.isNumber(v)) return v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v;
                throw PyException.typeError("bad operand type for unary +: '" + Py.typeName(v) + "'");
            case "~":
                if (Py.isIntOrBool(v)) return Py.intOf(Py.bigOf(v).not());
                throw PyException.typeError("bad operand type for unary ~: '" + Py.typeName(v) + "'");
            default:
                return !truthy(v);
        }
    }

    /** Python truthiness, including the evaluation-only objects. */
    static boolean truthy(Object v) {
        if (v instanceof PyRuntime.Range r) return r.length().signum() != 0;
        if (v instanceof PyRuntime.DictView d) return !d.dict().isEmpty();
        return Py.truthy(v);
    }

    private Object boolOp(PyNode.BoolOp b, Scope scope) throws PyException {
        Object v = null;
        for (PyNode n : b.values()) {
            v = eval(n, scope);
            if (b.op().equals("and") != truthy(v)) return v;
        }
        return v;
    }

    private Object compare(PyNode.Compare c, Scope scope) throws PyException {
        Object left = eval(c.left(), scope);
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(c.comparators().get(i), scope);
            if (!PyOperators.compare(c.ops().get(i), left, right, this)) return false;
            left = right;
        }
        return true;
    }

    private Object index(PyNode index, Scope scope) throws PyException {
        if (index instanceof PyNode.Slice s) {
            return new PyOperators.SliceValue(s.lower() == null ? null : eval(s.lower(), scope),
                    s.upper() == null ? null : eval(s.upper(), scope), s.step() == null ? null : eval(s.step(), scope));
        }
        if (index instanceof PyNode.TupleExpr t) {
            List<Object> items = new ArrayList<>();
            for (PyNode i : t.items()) items.add(index(i, scope));
            return new PyTuple(items);
        }
        return eval(index, scope);
    }

    // ------------------------------------------------------------------------------------------- iteration

    /** An iterator over any iterable value; TypeError {@code 'int' object is not iterable}. */
    PyRuntime.Iter iter(Object v) throws PyException {
        if (v instanceof PyRuntime.Iter it) return it;
        if (v instanceof PyRuntime.Range r) return PyOperators.rangeIter(r);
        List<Object> items = v instanceof PyRuntime.DictView d ? d.items() : Py.iterate(v);
        int[] i = {0};
        return new PyRuntime.Iter("iterator", () -> i[0] < items.size() ? items.get(i[0]++) : PyRuntime.Iter.DONE);
    }

    /** All items of an iterable, within the size bound. */
    ArrayList<Object> toList(Object v) throws PyException {
        if (v instanceof List<?> l) return new ArrayList<>(l);
        if (v instanceof PyRuntime.Range r) PyLimits.checkItems(r.length(), 8, "a list of " + r.pyRepr());
        PyRuntime.Iter it = iter(v);
        ArrayList<Object> out = new ArrayList<>();
        Object o;
        while ((o = it.next()) != PyRuntime.Iter.DONE) {
            tick();
            if (out.size() >= PyLimits.MAX_ITEMS) throw PyLimits.bound("a sequence of more than " + PyLimits.MAX_ITEMS + " items");
            out.add(o);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- calls

    private Object call(PyNode.Call c, Scope scope) throws PyException {
        Object f = eval(c.func(), scope);
        List<Object> args = new ArrayList<>(c.args().size());
        for (PyNode a : c.args()) {
            if (a instanceof PyNode.Starred s) args.addAll(toList(eval(s.value(), scope)));
            else args.add(eval(a, scope));
        }
        LinkedHashMap<String, Object> kwargs = new LinkedHashMap<>();
        for (PyNode.Keyword k : c.keywords()) {
            Object v = eval(k.value(), scope);
            if (k.name() != null) {
                kwargs.put(k.name(), v);
                continue;
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw PyException.typeError(callName(f) + " argument after ** must be a mapping, not "
                        + Py.typeName(v));
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) throw PyException.typeError("keywords must be strings");
                if (kwargs.containsKey(key)) {
                    throw PyException.typeError(callName(f) + " got multiple values for keyword argument '" + key + "'");
                }
                kwargs.put(key, e.getValue());
            }
        }
        return invoke(f, args, kwargs);
    }

    /** How CPython names a callable in argument errors ({@code print()}, {@code GorillaFileSystem.ls()}). */
    private static String callName(Object f) {
        if (f instanceof PyRuntime.BoundMethod b) return b.self().className() + "." + b.method().name() + "()";
        if (f instanceof PyRuntime.Builtin b) return b.name() + "()";
        return Py.typeName(f) + "()";
    }

    /** Calls a callable value with positional and keyword arguments. */
    Object invoke(Object f, List<Object> args, Map<String, Object> kwargs) throws PyException {
        tick();
        if (f instanceof PyRuntime.BoundMethod b) {
            Object[] bound = bind(b.self().className() + "." + b.method().name(), b.method().params(), args, kwargs);
            return b.method().invoke(bound);
        }
        if (f instanceof PyRuntime.Builtin bi) return PyBuiltins.call(bi.name(), args, kwargs, this);
        if (f instanceof PyRuntime.ValueMethod m) return PyMethods.call(m.self(), m.name(), args, kwargs, this);
        if (f instanceof PyRuntime.Lambda l) return callLambda(l, args, kwargs);
        if (f instanceof PyRuntime.Unevaluated u) throw PyLimits.bound(u.pyRepr() + " (a part of BFCL's executor)");
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
            throw PyException.typeError(qualname + "() missing " + missing.size() + " required positional argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + names(missing));
        }
        return out;
    }

    /** {@code 'a'}, {@code 'a' and 'b'}, {@code 'a', 'b', and 'c'}. */
    static String names(List<String> quoted) {
        if (quoted.size() == 1) return quoted.get(0);
        if (quoted.size() == 2) return quoted.get(0) + " and " + quoted.get(1);
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + ", and " + quoted.get(quoted.size() - 1);
    }

    // ------------------------------------------------------------------------------------------- lambdas

    private Object lambda(PyNode.Lambda l, Scope scope) throws PyException {
        List<Object> defaults = new ArrayList<>();
        for (PyNode d : l.params().defaults()) defaults.add(eval(d, scope));
        List<Object> kwDefaults = new ArrayList<>();
        for (PyNode d : l.params().kwDefaults()) kwDefaults.add(d == null ? null : eval(d, scope));
        return new PyRuntime.Lambda(l.params(), defaults, kwDefaults, l.body(), scope);
    }

    /** Calls a lambda: positional, keyword, {@code *args} and {@code **kwargs} binding with CPython's messages. */
    Object callLambda(PyRuntime.Lambda l, List<Object> args, Map<String, Object> kwargs) throws PyException {
        PyNode.LambdaParams p = l.params();
        Map<String, Object> vars = new HashMap<>();
        List<String> positional = new ArrayList<>(p.posOnly());
        positional.addAll(p.args());
        int firstDefault = positional.size() - l.defaults().size();
        if (args.size() > positional.size() && p.vararg() == null) {
            throw PyException.typeError("<lambda>() takes " + positional.size() + " positional argument"
                    + (positional.size() == 1 ? "" : "s") + " but " + args.size() + " " + (args.size() == 1 ? "was" : "were")
                    + " given");
        }
        for (int i = 0; i < Math.min(args.size(), positional.size()); i++) vars.put(positional.get(i), args.get(i));
        if (p.vararg() != null) {
            vars.put(p.vararg(), new PyTuple(args.size() > positional.size()
                    ? args.subList(positional.size(), args.size()) : List.of()));
        }
        LinkedHashMap<Object, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            boolean named = (p.args().contains(e.getKey()) || p.kwOnly().contains(e.getKey()));
            if (named && vars.containsKey(e.getKey())) {
                throw PyException.typeError("<lambda>() got multiple values for argument '" + e.getKey() + "'");
            }
            if (named) vars.put(e.getKey(), e.getValue());
            else if (p.kwarg() != null) extra.put(e.getKey(), e.getValue());
            else throw PyException.typeError("<lambda>() got an unexpected keyword argument '" + e.getKey() + "'");
        }
        if (p.kwarg() != null) vars.put(p.kwarg(), extra);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < positional.size(); i++) {
            if (vars.containsKey(positional.get(i))) continue;
            if (i >= firstDefault) vars.put(positional.get(i), l.defaults().get(i - firstDefault));
            else missing.add("'" + positional.get(i) + "'");
        }
        if (!missing.isEmpty()) {
            throw PyException.typeError("<lambda>() missing " + missing.size() + " required positional argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + names(missing));
        }
        missing.clear();
        for (int i = 0; i < p.kwOnly().size(); i++) {
            String k = p.kwOnly().get(i);
            if (vars.containsKey(k)) continue;
            if (l.kwDefaults().get(i) != null || p.kwDefaults().get(i) != null) vars.put(k, l.kwDefaults().get(i));
            else missing.add("'" + k + "'");
        }
        if (!missing.isEmpty()) {
            throw PyException.typeError("<lambda>() missing " + missing.size() + " required keyword-only argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + names(missing));
        }
        return eval(l.body(), new Scope(vars, l.scope()));
    }

    // ------------------------------------------------------------------------------------------- f-strings

    private Object joined(PyNode.JoinedStr j, Scope scope) throws PyException {
        StringBuilder sb = new StringBuilder();
        for (PyNode part : j.values()) sb.append((String) eval(part, scope));
        return sb.toString();
    }

    private Object formatted(PyNode.Formatted f, Scope scope) throws PyException {
        Object v = eval(f.value(), scope);
        if (f.conversion() == 's') v = PyFormat.str(v);
        else if (f.conversion() == 'r') v = PyFormat.repr(v);
        else if (f.conversion() == 'a') v = PyFormat.ascii(PyFormat.repr(v));
        String spec = f.spec() == null ? "" : (String) eval(f.spec(), scope);
        return PyFormat.format(v, spec);
    }

    /**
     * Evaluates a whole call: on the calling thread, or, for a deeply nested expression (CPython accepts up to about
     * 3000 levels), on a thread with a stack large enough for it.
     */
    public Object evalTop(PyNode node) throws PyException {
        if (PyCompiler.depth(node) <= 300) return eval(node);
        LargeStack.Outcome<Object> o = LargeStack.run("harmonica-deep-eval", () -> eval(node));
        if (o.failure() instanceof PyException e) throw e;
        if (o.failure() instanceof StackOverflowError) {
            throw new PyException("RecursionError", "maximum recursion depth exceeded");
        }
        if (o.failure() instanceof RuntimeException e) throw e;
        if (o.failure() != null) throw new IllegalStateException(o.failure());
        return o.value();
    }
}
