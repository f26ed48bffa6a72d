package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.PyException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * List, set, dict comprehensions and generator expressions as CPython 3.11 runs them: each in its own scope, the
 * first iterable evaluated in the enclosing scope, targets unpacked with CPython's messages; generator expressions
 * produce their items lazily (so {@code any(...)} stops early, as in CPython).
 */
final class PyComprehensions {
    /** Marks a comprehension's scope (an assignment expression binds in the enclosing one). */
    static final String COMPREHENSION = "\0comprehension";

    private final PyCallEvaluator ev;

    PyComprehensions(PyCallEvaluator ev) {
        this.ev = ev;
    }

    Object comp(PyNode.Comp c, PyCallEvaluator.Scope scope) throws PyException {
        if (c.kind().equals("generator")) return generator(c, scope);
        List<Object> out = new ArrayList<>();
        runAll(c.generators(), scope, s -> out.add(ev.eval(c.elt(), s)));
        return c.kind().equals("set") ? PyCallEvaluator.setOf(out) : new ArrayList<>(out);
    }

    Object dictComp(PyNode.DictComp c, PyCallEvaluator.Scope scope) throws PyException {
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        runAll(c.generators(), scope, s -> {
            Object k = ev.eval(c.key(), s);
            Object v = ev.eval(c.value(), s);
            PyCallEvaluator.putKey(out, k, v);
        });
        return out;
    }

    private static PyCallEvaluator.Scope newScope(PyCallEvaluator.Scope parent) {
        Map<String, Object> vars = new HashMap<>();
        vars.put(COMPREHENSION, Boolean.TRUE);
        return new PyCallEvaluator.Scope(vars, parent);
    }

    /** What to do with each innermost binding. */
    private interface Body {
        void run(PyCallEvaluator.Scope s) throws PyException;
    }

    /** Runs {@code body} for every binding, eagerly (list, set and dict comprehensions). */
    private void runAll(List<PyNode.Comprehension> gens, PyCallEvaluator.Scope scope, Body body) throws PyException {
        PyRuntime.Iter[] iters = new PyRuntime.Iter[gens.size()];
        iters[0] = ev.iter(ev.eval(gens.get(0).iter(), scope));
        PyCallEvaluator.Scope s = newScope(scope);
        while (advance(gens, iters, s, body)) {
            // one binding per step
        }
    }

    /** A lazy generator expression: produces one item at a time, so any()/all()/next() stop early as in CPython. */
    private Object generator(PyNode.Comp c, PyCallEvaluator.Scope scope) throws PyException {
        List<PyNode.Comprehension> gens = c.generators();
        PyRuntime.Iter[] iters = new PyRuntime.Iter[gens.size()];
        iters[0] = ev.iter(ev.eval(gens.get(0).iter(), scope));
        PyCallEvaluator.Scope s = newScope(scope);
        List<Object> buffer = new ArrayList<>(1);
        boolean[] done = {false};
        Body produce = b -> buffer.add(ev.eval(c.elt(), b));
        return new PyRuntime.Iter("generator", () -> {
            if (buffer.isEmpty() && !done[0] && !advance(gens, iters, s, produce)) done[0] = true;
            return buffer.isEmpty() ? PyRuntime.Iter.DONE : buffer.remove(0);
        });
    }

    /**
     * Runs {@code body} for the next binding of the nested loops whose iterators are {@code iters} (null where a loop
     * has not started or has ended); false when the outermost loop is exhausted.
     */
    private boolean advance(List<PyNode.Comprehension> gens, PyRuntime.Iter[] iters, PyCallEvaluator.Scope s,
                            Body body) throws PyException {
        int level = gens.size() - 1;
        while (level >= 0 && iters[level] == null) level--;
        if (level < 0) return false;
        while (true) {
            Object item = iters[level].next();
            if (item == PyRuntime.Iter.DONE) {
                iters[level] = null;
                if (level == 0) return false;
                level--;
                continue;
            }
            ev.tick();
            PyNode.Comprehension g = gens.get(level);
            bind(g.target(), item, s);
            if (!passes(g, s)) continue;
            if (level + 1 < gens.size()) {
                level++;
                iters[level] = ev.iter(ev.eval(gens.get(level).iter(), s));
                continue;
            }
            body.run(s);
            return true;
        }
    }

    private boolean passes(PyNode.Comprehension g, PyCallEvaluator.Scope s) throws PyException {
        for (PyNode cond : g.ifs()) {
            if (!PyCallEvaluator.truthy(ev.eval(cond, s))) return false;
        }
        return true;
    }

    /** Assigns an item to a target: a name, or a tuple/list of targets (one starred) unpacking an iterable. */
    void bind(PyNode target, Object value, PyCallEvaluator.Scope s) throws PyException {
        if (target instanceof PyNode.Name n) {
            s.vars().put(n.id(), value);
            return;
        }
        List<PyNode> targets = target instanceof PyNode.TupleExpr t ? t.items()
                : target instanceof PyNode.ListExpr l ? l.items() : null;
        if (targets == null) throw PyLimits.bound("assignment to " + PyExprNames.of(target) + " in a comprehension");
        List<Object> items = ev.toList(value);
        int star = -1;
        for (int i = 0; i < targets.size(); i++) if (targets.get(i) instanceof PyNode.Starred) star = i;
        if (star < 0) {
            if (items.size() != targets.size()) {
                throw PyException.valueError(items.size() > targets.size()
                        ? "too many values to unpack (expected " + targets.size() + ")"
                        : "not enough values to unpack (expected " + targets.size() + ", got " + items.size() + ")");
            }
            for (int i = 0; i < targets.size(); i++) bind(targets.get(i), items.get(i), s);
            return;
        }
        int after = targets.size() - star - 1;
        if (items.size() < targets.size() - 1) {
            throw PyException.valueError("not enough values to unpack (expected at least " + (targets.size() - 1)
                    + ", got " + items.size() + ")");
        }
        for (int i = 0; i < star; i++) bind(targets.get(i), items.get(i), s);
        bind(((PyNode.Starred) targets.get(star)).value(),
                new ArrayList<>(items.subList(star, items.size() - after)), s);
        for (int i = 0; i < after; i++) bind(targets.get(star + 1 + i), items.get(items.size() - after + i), s);
    }
}
