package dev.harmonica.tools.bfcl.call;

import java.util.List;

/** A parsed Python expression (the subset BFCL's {@code eval} meets in call strings). */
public sealed interface PyNode {
    /** A literal: str, int, float, bool, None (already a Python value, see {@link dev.harmonica.tools.bfcl.py.Py}). */
    record Const(Object value) implements PyNode {
    }

    /** A bare name. */
    record Name(String id) implements PyNode {
    }

    /** {@code base.attr}. */
    record Attribute(PyNode base, String attr) implements PyNode {
    }

    /** A keyword argument {@code name=value}. */
    record Keyword(String name, PyNode value) implements PyNode {
    }

    /** {@code func(args..., kw=...)}; positional arguments come first (Python's syntax rule). */
    record Call(PyNode func, List<PyNode> args, List<Keyword> keywords) implements PyNode {
    }

    /** {@code [a, b]}. */
    record ListExpr(List<PyNode> items) implements PyNode {
    }

    /** {@code (a, b)} or {@code a, b}. */
    record TupleExpr(List<PyNode> items) implements PyNode {
    }

    /** {@code {a, b}}. */
    record SetExpr(List<PyNode> items) implements PyNode {
    }

    /** {@code {k: v}}. */
    record DictExpr(List<PyNode> keys, List<PyNode> values) implements PyNode {
    }

    /** Unary {@code -x}, {@code +x}, {@code not x}. */
    record Unary(String op, PyNode operand) implements PyNode {
    }

    /** Binary arithmetic {@code + - * / // % **}. */
    record Binary(String op, PyNode left, PyNode right) implements PyNode {
    }

    /** {@code value[index]}. */
    record Subscript(PyNode value, PyNode index) implements PyNode {
    }
}
