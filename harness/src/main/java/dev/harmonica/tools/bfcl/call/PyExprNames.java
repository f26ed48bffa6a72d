package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;

import java.util.List;

/**
 * CPython 3.11's names for expressions in error messages ({@code _PyPegen_get_expr_name}) and its search for the
 * part of an expression that cannot be an assignment target ({@code _PyPegen_get_invalid_target}), from
 * https://github.com/python/cpython/blob/3.11/Parser/action_helpers.c.
 */
final class PyExprNames {
    private PyExprNames() {
    }

    /** E.g. "function call", "literal", "attribute". */
    static String of(PyNode e) {
        if (e instanceof PyNode.Attribute) return "attribute";
        if (e instanceof PyNode.Subscript) return "subscript";
        if (e instanceof PyNode.Starred) return "starred";
        if (e instanceof PyNode.Name) return "name";
        if (e instanceof PyNode.ListExpr) return "list";
        if (e instanceof PyNode.TupleExpr) return "tuple";
        if (e instanceof PyNode.Lambda) return "lambda";
        if (e instanceof PyNode.Call) return "function call";
        if (e instanceof PyNode.BoolOp || e instanceof PyNode.Binary || e instanceof PyNode.Unary) return "expression";
        if (e instanceof PyNode.Comp c) {
            return switch (c.kind()) {
                case "list" -> "list comprehension";
                case "set" -> "set comprehension";
                default -> "generator expression";
            };
        }
        if (e instanceof PyNode.Yield) return "yield expression";
        if (e instanceof PyNode.Await) return "await expression";
        if (e instanceof PyNode.DictComp) return "dict comprehension";
        if (e instanceof PyNode.DictExpr) return "dict literal";
        if (e instanceof PyNode.SetExpr) return "set display";
        if (e instanceof PyNode.JoinedStr || e instanceof PyNode.Formatted) return "f-string expression";
        if (e instanceof PyNode.Const c) {
            Object v = c.value();
            if (v == null) return "None";
            if (Boolean.TRUE.equals(v)) return "True";
            if (Boolean.FALSE.equals(v)) return "False";
            if (v == Py.ELLIPSIS) return "ellipsis";
            return "literal";
        }
        if (e instanceof PyNode.Compare) return "comparison";
        if (e instanceof PyNode.IfExp) return "conditional expression";
        if (e instanceof PyNode.NamedExpr) return "named expression";
        return "expression";
    }

    /**
     * The first sub-expression of {@code e} that cannot be assigned to, or null when {@code e} is a valid target;
     * {@code forTarget} is the {@code FOR_TARGETS} mode ({@code x in y} is searched on its left side).
     */
    static PyNode invalidTarget(PyNode e, boolean forTarget) {
        if (e == null) return null;
        if (e instanceof PyNode.ListExpr l) return firstInvalid(l.items(), forTarget);
        if (e instanceof PyNode.TupleExpr t) return firstInvalid(t.items(), forTarget);
        if (e instanceof PyNode.Starred s) return invalidTarget(s.value(), forTarget);
        if (e instanceof PyNode.Compare c) {
            if (forTarget) return c.ops().get(0).equals("in") ? invalidTarget(c.left(), true) : null;
            return e;
        }
        if (e instanceof PyNode.Name || e instanceof PyNode.Subscript || e instanceof PyNode.Attribute) return null;
        return e;
    }

    private static PyNode firstInvalid(List<PyNode> items, boolean forTarget) {
        for (PyNode i : items) {
            PyNode bad = invalidTarget(i, forTarget);
            if (bad != null) return bad;
        }
        return null;
    }
}
