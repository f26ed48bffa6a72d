package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

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
        run(c.generators(), 0, newScope(scope), ev.iter(ev.eval(c.generators().get(0).iter(), scope)),
                s -> out.add(ev.eval(c.elt(), s)));
        return c.kind().equals("set") ? PyCallEvaluator.setOf(out) : new ArrayList<>(out);
    }

    Object dictComp(PyNode.DictComp c, PyCallEvaluator.Scope scope) throws PyException {
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        run(c.generators(), 0, newScope(scope), ev.iter(ev.eval(c.generators().get(0).iter(), scope)),
                s -> {
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

    private void run(List<PyNode.Comprehension> gens, int level, PyCallEvaluator.Scope s, PyRuntime.Iter items,
                     Body body) throws PyException {
        PyNode.Comprehension g = gens.get(level);
        Object item;
        while ((item = items.next()) != PyRuntime.Iter.DONE) {
            ev.tick();
            bind(g.target(), item, s);
            boolean ok = true;
            for (PyNode cond : g.ifs()) {
                if (!PyCallEvaluator.truthy(ev.eval(cond, s))) {
                    ok = false;
                    break;
                }
            }
            if (!ok) continue;
            if (level + 1 < gens.size()) {
                run(gens, level + 1, s, ev.iter(ev.eval(gens.get(level + 1).iter(), s)), body);
            } else {
                body.run(s);
            }
        }
    }

    /** A lazy generator expression. */
    private Object generator(PyNode.Comp c, PyCallEvaluator.Scope scope) throws PyException {
        PyRuntime.Iter first = ev.iter(ev.eval(c.generators().get(0).iter(), scope));
        PyCallEvaluator.Scope s = newScope(scope);
        List<Object> buffer = new ArrayList<>();
        boolean[] done = {false};
        // produce in small batches: simple and lazy enough for any()/all()/next()
        List<PyNode.Comprehension> gens = c.generators();
        PyRuntime.Iter[] iters = new PyRuntime.Iter[gens.size()];
        iters[0] = first;
        return new PyRuntime.Iter("generator", () -> {
            while (buffer.isEmpty() && !done[0]) {
                if (!advance(gens, iters, s, buffer, c.elt())) done[0] = true;
            }
            return buffer.isEmpty() ? PyRuntime.Iter.DONE : buffer.remove(0);
        });
    }

    /** Produces at most one item into {@code out}; false when the generator is exhausted. */
    private boolean advance(List<PyNode.Comprehension> gens, PyRuntime.Iter[] iters, PyCallEvaluator.Scope s,
                            List<Object> out, PyNode elt) throws PyException {
        int level = gens.size() - 1;
        while (level >= 0 && iters[level] == null) level--;
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
            boolean ok = true;
            for (PyNode cond : g.ifs()) {
                if (!PyCallEvaluator.truthy(ev.eval(cond, s))) {
                    ok = false;
                    break;
                }
            }
            if (!ok) continue;
            if (level + 1 < gens.size()) {
                level++;
                iters[level] = ev.iter(ev.eval(gens.get(level).iter(), s));
                continue;
            }
            out.add(ev.eval(elt, s));
            return true;
        }
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

    /** Keeps {@link Py} and {@link PyTuple} referenced for unpacking of tuples. */
    static boolean isTuple(Object v) {
        return v instanceof PyTuple || Py.isList(v);
    }
}
