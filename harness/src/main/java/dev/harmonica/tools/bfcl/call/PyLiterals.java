package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code ast.literal_eval}: the value of a literal expression (str, bytes, numbers, True/False/None, Ellipsis,
 * lists, tuples, sets, dicts, unary signs); anything else is a ValueError naming the node, as in CPython.
 */
public final class PyLiterals {
    private PyLiterals() {
    }

    public static Object evaluate(PyNode n) throws PyException {
        if (n instanceof PyNode.Const c) return c.value();
        if (n instanceof PyNode.ListExpr l) return items(l.items());
        if (n instanceof PyNode.TupleExpr t) return new PyTuple(items(t.items()));
        if (n instanceof PyNode.SetExpr s) return PyCallEvaluator.setOf(items(s.items()));
        if (n instanceof PyNode.DictExpr d) {
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) {
                if (d.keys().get(i) == null) throw malformed(d);
                PyCallEvaluator.putKey(out, evaluate(d.keys().get(i)), evaluate(d.values().get(i)));
            }
            return out;
        }
        if (n instanceof PyNode.Unary u && (u.op().equals("-") || u.op().equals("+"))
                && u.operand() instanceof PyNode.Const c && Py.isNumber(c.value()) && !(c.value() instanceof Boolean)) {
            return PyCallEvaluator.unary(u.op(), c.value());
        }
        throw malformed(n);
    }

    private static List<Object> items(List<PyNode> nodes) throws PyException {
        List<Object> out = new ArrayList<>(nodes.size());
        for (PyNode i : nodes) out.add(evaluate(i));
        return out;
    }

    private static PyException malformed(PyNode n) {
        return PyException.valueError("malformed node or string: " + n.getClass().getSimpleName());
    }
}
