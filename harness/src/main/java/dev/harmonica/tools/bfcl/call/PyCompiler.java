package dev.harmonica.tools.bfcl.call;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The errors CPython 3.11's {@code compile()} raises after parsing an {@code eval} expression, in its order: the AST
 * optimizer's recursion limit ({@code Python/ast_opt.c}), the symbol table ({@code Python/symtable.c}: duplicate
 * lambda parameters, {@code yield} inside a comprehension), then code generation ({@code Python/compile.c}:
 * repeated keyword arguments, {@code yield} and {@code await} outside a function).
 *
 * <p>CPython's recursion limit counts the Python frames of the caller too (three per frame, against a limit of 3000),
 * so the exact nesting depth at which {@code eval} gives up depends on where BFCL calls it; Harmonica uses
 * {@link #MAX_DEPTH} (docs/bfcl.md, "Bounds").
 */
final class PyCompiler {
    /** AST nesting beyond which compiling fails with RecursionError (CPython: 3000 minus 3 per caller frame). */
    static final int MAX_DEPTH = 2940;

    private final IdentityHashMap<Object, Integer> lines;

    private PyCompiler(IdentityHashMap<Object, Integer> lines) {
        this.lines = lines;
    }

    /** Raises what {@code compile(source, '<string>', 'eval')} would raise for this parsed tree, if anything. */
    static void check(PyParser.Result parsed) throws PySyntaxError {
        if (depth(parsed.tree()) > MAX_DEPTH) {
            throw new PySyntaxError(PySyntaxError.Type.RECURSION_ERROR,
                    "maximum recursion depth exceeded during compilation", -1);
        }
        PyCompiler c = new PyCompiler(parsed.lines());
        c.symtable(parsed.tree(), null);
        c.codegen(parsed.tree(), false);
    }

    /** The nesting depth of the tree (counted without recursion, so any depth can be measured). */
    static int depth(PyNode root) {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 1});
        int max = 0;
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            int d = (int) top[1];
            max = Math.max(max, d);
            for (PyNode child : children((PyNode) top[0])) stack.push(new Object[]{child, d + 1});
        }
        return max;
    }

    /** The direct sub-expressions of a node, in evaluation order. */
    static List<PyNode> children(PyNode n) {
        List<PyNode> out = new ArrayList<>();
        if (n instanceof PyNode.Attribute a) out.add(a.base());
        else if (n instanceof PyNode.Keyword k) out.add(k.value());
        else if (n instanceof PyNode.Call c) {
            if (c.func() != null) out.add(c.func());
            out.addAll(c.args());
            out.addAll(c.keywords());
        } else if (n instanceof PyNode.ListExpr l) out.addAll(l.items());
        else if (n instanceof PyNode.TupleExpr t) out.addAll(t.items());
        else if (n instanceof PyNode.SetExpr s) out.addAll(s.items());
        else if (n instanceof PyNode.DictExpr d) {
            for (int i = 0; i < d.keys().size(); i++) {
                if (d.keys().get(i) != null) out.add(d.keys().get(i));
                out.add(d.values().get(i));
            }
        } else if (n instanceof PyNode.Unary u) out.add(u.operand());
        else if (n instanceof PyNode.Binary b) {
            out.add(b.left());
            out.add(b.right());
        } else if (n instanceof PyNode.BoolOp b) out.addAll(b.values());
        else if (n instanceof PyNode.Compare c) {
            out.add(c.left());
            out.addAll(c.comparators());
        } else if (n instanceof PyNode.IfExp i) {
            out.add(i.test());
            out.add(i.body());
            out.add(i.orelse());
        } else if (n instanceof PyNode.Lambda l) {
            out.addAll(l.params().defaults());
            for (PyNode d : l.params().kwDefaults()) if (d != null) out.add(d);
            out.add(l.body());
        } else {
            moreChildren(n, out);
        }
        return out;
    }

    private static void moreChildren(PyNode n, List<PyNode> out) {
        if (n instanceof PyNode.Starred s) out.add(s.value());
        else if (n instanceof PyNode.NamedExpr e) out.add(e.value());
        else if (n instanceof PyNode.Subscript s) {
            out.add(s.value());
            out.add(s.index());
        } else if (n instanceof PyNode.Slice s) {
            if (s.lower() != null) out.add(s.lower());
            if (s.upper() != null) out.add(s.upper());
            if (s.step() != null) out.add(s.step());
        } else if (n instanceof PyNode.Comp c) {
            out.add(c.elt());
            comprehensionChildren(c.generators(), out);
        } else if (n instanceof PyNode.DictComp c) {
            out.add(c.key());
            out.add(c.value());
            comprehensionChildren(c.generators(), out);
        } else if (n instanceof PyNode.Yield y) {
            if (y.value() != null) out.add(y.value());
        } else if (n instanceof PyNode.Await a) out.add(a.value());
        else if (n instanceof PyNode.JoinedStr j) out.addAll(j.values());
        else if (n instanceof PyNode.Formatted f) {
            out.add(f.value());
            if (f.spec() != null) out.add(f.spec());
        }
    }

    private static void comprehensionChildren(List<PyNode.Comprehension> gens, List<PyNode> out) {
        for (PyNode.Comprehension g : gens) {
            out.add(g.target());
            out.add(g.iter());
            out.addAll(g.ifs());
        }
    }

    private int line(Object node) {
        Integer l = lines.get(node);
        return l == null ? 1 : l;
    }

    /** Symbol-table errors; {@code comprehension} names the innermost comprehension kind, or null. */
    private void symtable(PyNode n, String comprehension) throws PySyntaxError {
        if (n instanceof PyNode.Lambda l) {
            Set<String> seen = new HashSet<>();
            for (String name : l.params().names()) {
                if (!seen.add(name)) {
                    throw PySyntaxError.at(line(n), "duplicate argument '" + name + "' in function definition");
                }
            }
            for (PyNode c : children(n)) symtable(c, c == l.body() ? null : comprehension);
            return;
        }
        if (n instanceof PyNode.Yield && comprehension != null) {
            throw PySyntaxError.at(line(n), "'yield' inside " + comprehension);
        }
        String inner = comprehension;
        if (n instanceof PyNode.Comp c) {
            inner = switch (c.kind()) {
                case "list" -> "list comprehension";
                case "set" -> "set comprehension";
                default -> "generator expression";
            };
        } else if (n instanceof PyNode.DictComp) {
            inner = "dict comprehension";
        }
        for (PyNode c : children(n)) symtable(c, inner);
    }

    /** Code-generation errors; {@code inFunction} is true inside a lambda. */
    private void codegen(PyNode n, boolean inFunction) throws PySyntaxError {
        if (n instanceof PyNode.Call c) validateKeywords(c.keywords());
        if (n instanceof PyNode.Yield && !inFunction) throw PySyntaxError.at(line(n), "'yield' outside function");
        if (n instanceof PyNode.Await) {
            throw PySyntaxError.at(line(n), inFunction ? "'await' outside async function" : "'await' outside function");
        }
        if (n instanceof PyNode.Comp c && !c.kind().equals("generator")) {
            comprehension(c.generators(), List.of(c.elt()), inFunction);
            return;
        }
        if (n instanceof PyNode.DictComp c) {
            comprehension(c.generators(), List.of(c.key(), c.value()), inFunction);
            return;
        }
        if (n instanceof PyNode.Comp c) {
            comprehension(c.generators(), List.of(c.elt()), true);
            return;
        }
        boolean fn = inFunction || n instanceof PyNode.Lambda;
        for (PyNode c : children(n)) codegen(c, fn);
    }

    /**
     * {@code validate_keywords}: for each keyword in order, the first later one with the same name is the error
     * ({@code f(a=1, b=1, b=2, a=2)} reports {@code a}); {@code __debug__} cannot be a keyword.
     */
    private void validateKeywords(List<PyNode.Keyword> keywords) throws PySyntaxError {
        for (int i = 0; i < keywords.size(); i++) {
            PyNode.Keyword k = keywords.get(i);
            if (k.name() == null) continue;
            if (k.name().equals("__debug__")) throw PySyntaxError.at(line(k), "cannot assign to __debug__");
            for (int j = i + 1; j < keywords.size(); j++) {
                if (k.name().equals(keywords.get(j).name())) {
                    throw PySyntaxError.at(line(keywords.get(j)), "keyword argument repeated: " + k.name());
                }
            }
        }
    }

    /**
     * A comprehension: the outermost iterable is compiled in the enclosing scope, the rest in the comprehension's
     * own function; an {@code await} in a list, set or dict comprehension (but not in a generator expression, which
     * becomes an asynchronous generator) makes it asynchronous, which is an error outside an async function.
     */
    private void comprehension(List<PyNode.Comprehension> gens, List<PyNode> elts, boolean generator)
            throws PySyntaxError {
        codegen(gens.get(0).iter(), false);
        boolean first = true;
        for (PyNode.Comprehension g : gens) {
            if (g.target() instanceof PyNode.Starred s) {
                throw PySyntaxError.at(line(s), "starred assignment target must be in a list or tuple");
            }
            if (!first) codegenInComprehension(g.iter(), generator);
            for (PyNode i : g.ifs()) codegenInComprehension(i, generator);
            first = false;
        }
        for (PyNode e : elts) codegenInComprehension(e, generator);
    }

    private void codegenInComprehension(PyNode n, boolean generator) throws PySyntaxError {
        if (n instanceof PyNode.Await a) {
            if (!generator) {
                throw PySyntaxError.at(line(a), "asynchronous comprehension outside of an asynchronous function");
            }
            codegenInComprehension(a.value(), true);
            return;
        }
        if (n instanceof PyNode.Comp || n instanceof PyNode.DictComp || n instanceof PyNode.Lambda) {
            codegen(n, true);
            return;
        }
        codegen(n, true);
    }
}
