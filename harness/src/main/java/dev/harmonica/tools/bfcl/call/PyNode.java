package dev.harmonica.tools.bfcl.call;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Python expression: the nodes of CPython 3.11's {@code ast} module that {@code eval} mode can produce
 * (names as in {@code ast}, e.g. {@link Binary} is {@code BinOp}). Lists are unmodifiable.
 */
public sealed interface PyNode {
    /** A literal: str, int, float, bool, None, Ellipsis, bytes or complex, already a Python value. */
    record Const(Object value) implements PyNode {
    }

    /** A bare name. */
    record Name(String id) implements PyNode {
    }

    /** {@code base.attr}. */
    record Attribute(PyNode base, String attr) implements PyNode {
    }

    /** A keyword argument {@code name=value}, or {@code **value} when {@code name} is null. */
    record Keyword(String name, PyNode value) implements PyNode {
    }

    /** {@code func(args..., keywords...)}; {@code args} may hold {@link Starred}. */
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

    /** {@code {k: v}}; a null key is {@code **value}. */
    record DictExpr(List<PyNode> keys, List<PyNode> values) implements PyNode {
    }

    /** Unary {@code -x}, {@code +x}, {@code ~x}, {@code not x}. */
    record Unary(String op, PyNode operand) implements PyNode {
    }

    /** Binary {@code + - * / // % ** @ << >> & | ^}. */
    record Binary(String op, PyNode left, PyNode right) implements PyNode {
    }

    /** {@code a and b and c} / {@code a or b}. */
    record BoolOp(String op, List<PyNode> values) implements PyNode {
    }

    /** {@code a < b <= c}: ops are {@code == != < <= > >= in not in is is not}. */
    record Compare(PyNode left, List<String> ops, List<PyNode> comparators) implements PyNode {
    }

    /** {@code body if test else orelse}. */
    record IfExp(PyNode test, PyNode body, PyNode orelse) implements PyNode {
    }

    /** {@code lambda params: body}. */
    record Lambda(LambdaParams params, PyNode body) implements PyNode {
    }

    /** {@code *value}. */
    record Starred(PyNode value) implements PyNode {
    }

    /** {@code target := value}. */
    record NamedExpr(Name target, PyNode value) implements PyNode {
    }

    /** {@code value[index]}. */
    record Subscript(PyNode value, PyNode index) implements PyNode {
    }

    /** {@code lower:upper:step} inside a subscript; absent parts are null. */
    record Slice(PyNode lower, PyNode upper, PyNode step) implements PyNode {
    }

    /** {@code [elt for ...]}, {@code {elt for ...}} or {@code (elt for ...)}: {@code kind} is list, set or generator. */
    record Comp(String kind, PyNode elt, List<Comprehension> generators) implements PyNode {
    }

    /** {@code {key: value for ...}}. */
    record DictComp(PyNode key, PyNode value, List<Comprehension> generators) implements PyNode {
    }

    /** {@code yield value} / {@code yield from value} ({@code from} true). */
    record Yield(PyNode value, boolean from) implements PyNode {
    }

    /** {@code await value}. */
    record Await(PyNode value) implements PyNode {
    }

    /** An f-string: literal parts ({@link Const} str) and {@link Formatted} parts. */
    record JoinedStr(List<PyNode> values) implements PyNode {
    }

    /** {@code {value!conversion:spec}} inside an f-string; conversion is 's', 'r', 'a' or 0; spec may be null. */
    record Formatted(PyNode value, int conversion, PyNode spec) implements PyNode {
    }

    /** One {@code for target in iter if ...} clause. */
    record Comprehension(PyNode target, PyNode iter, List<PyNode> ifs, boolean isAsync) {
    }

    /** A lambda's parameters: positional-only, positional, defaults (for the last ones), *vararg, keyword-only. */
    record LambdaParams(List<String> posOnly, List<String> args, List<PyNode> defaults, String vararg,
                        List<String> kwOnly, List<PyNode> kwDefaults, String kwarg) {
        /** Every parameter name in order. */
        public List<String> names() {
            ArrayList<String> out = new ArrayList<>(posOnly);
            out.addAll(args);
            if (vararg != null) out.add(vararg);
            out.addAll(kwOnly);
            if (kwarg != null) out.add(kwarg);
            return out;
        }
    }
}
