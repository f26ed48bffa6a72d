package dev.harmonica.tools.bfcl;

import dev.harmonica.tools.bfcl.call.PyCallEvaluator;
import dev.harmonica.tools.bfcl.call.PyExprParser;
import dev.harmonica.tools.bfcl.call.PyNode;
import dev.harmonica.tools.bfcl.call.PySyntaxError;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyJson;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** BFCL's decoding of FC-mode tool calls into call strings ({@code convert_to_function_call} in ShishirPatil/gorilla bfcl_eval model_handler/utils.py). */
public final class BfclCalls {
    private BfclCalls() {
    }

    /** A tool call that BFCL could not decode (the whole step is then dropped and the turn ends). */
    public static final class DecodeException extends Exception {
        public DecodeException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code name(k=repr(v),…)} from the JSON arguments (keys in order, no spaces, Python reprs: {@code 5} vs
     * {@code 5.0}, {@code True}, {@code None}, single-quoted strings), decoded by Python's {@code json.loads}
     * ({@link PyJson}): trailing data, comments, single quotes and the like fail as they fail in BFCL, with Python's
     * message (e.g. {@code Extra data: line 1 column 9 (char 8)}).
     */
    public static String toCallString(String name, String argumentsJson) throws DecodeException {
        Object args;
        try {
            args = PyJson.loads(argumentsJson == null ? "" : argumentsJson);
        } catch (PyException e) {
            throw new DecodeException(e.pyStr());
        }
        return callString(name, args);
    }

    /** One call of {@code convert_to_function_call}: {@code f"{key}({','.join(f'{k}={repr(v)}' ...)})"}. */
    private static String callString(Object name, Object args) throws DecodeException {
        if (!(args instanceof Map<?, ?> m)) {
            throw new DecodeException("'" + Py.typeName(args) + "' object has no attribute 'items'");
        }
        StringBuilder sb = new StringBuilder(Py.str(name)).append('(');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(Py.str(e.getKey())).append('=').append(Py.repr(e.getValue()));
        }
        return sb.append(')').toString();
    }

    /**
     * BFCL's FC decoding of one step as stored in a result file ({@code convert_to_function_call}, on the Python
     * value {@code json.loads} gave): a dict {@code {name: arguments}} or a list of them; arguments a JSON string
     * (decoded by {@code json.loads}) or a dict. Anything else fails as it fails in Python: a text step iterates its
     * characters ({@code 'str' object has no attribute 'items'}), a number is not iterable.
     */
    public static List<String> decodeFcStep(Object step) throws DecodeException {
        List<?> calls;
        if (step instanceof Map<?, ?>) calls = List.of(step);
        else if (step instanceof List<?> l) calls = l;
        else if (step instanceof String str) calls = str.codePoints().mapToObj(Character::toString).toList();
        else throw new DecodeException("'" + Py.typeName(step) + "' object is not iterable");
        List<String> out = new ArrayList<>();
        for (Object call : calls) {
            if (!(call instanceof Map<?, ?> m)) {
                throw new DecodeException("'" + Py.typeName(call) + "' object has no attribute 'items'");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object value = e.getValue();
                if (value instanceof String str) {
                    try {
                        value = PyJson.loads(str);
                    } catch (PyException ex) {
                        throw new DecodeException(ex.pyStr());
                    }
                }
                out.add(callString(e.getKey(), value));
            }
        }
        return out;
    }

    /**
     * BFCL's prompting-mode decoding of a model's text ({@code default_decode_execute_prompting} in bfcl_eval model_handler/utils.py): strip
     * backticks, newlines and spaces, wrap in {@code [...]}, parse, keep only keyword arguments (positional ones are
     * silently dropped, as in BFCL) and re-serialise each call as {@code name(k=v, …)} with BFCL's value rendering.
     * Text that is not a list of calls gives a DecodeException (BFCL then ends the turn).
     */
    public static List<String> decodePrompting(String text) throws DecodeException {
        String t = stripChars(text, "`\n ");
        if (!t.startsWith("[")) t = "[" + t;
        if (!t.endsWith("]")) t = t + "]";
        t = stripChars(Py.strip(t), "'");
        PyNode body;
        try {
            body = PyExprParser.parseAst(t);
        } catch (PySyntaxError e) {
            throw new DecodeException(e.getMessage());
        }
        List<PyNode> calls = new ArrayList<>();
        if (body instanceof PyNode.Call) calls.add(body);
        else if (body instanceof PyNode.ListExpr l) calls.addAll(l.items());
        else if (body instanceof PyNode.TupleExpr tu) calls.addAll(tu.items());
        else throw new DecodeException("'" + body.getClass().getSimpleName() + "' object has no attribute 'elts'");
        List<String> out = new ArrayList<>();
        for (PyNode n : calls) {
            if (!(n instanceof PyNode.Call c)) throw new DecodeException("AssertionError");
            // resolve_ast_call: a dict of keyword → value (a repeated keyword keeps its first place, last value)
            LinkedHashMap<String, Object> args = new LinkedHashMap<>();
            for (PyNode.Keyword k : c.keywords()) args.put(k.name() == null ? "None" : k.name(), resolve(k.value()));
            StringBuilder sb = new StringBuilder(funcName(c.func())).append('(');
            boolean first = true;
            for (Map.Entry<String, Object> a : args.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append(a.getKey()).append('=').append(nested(a.getValue()));
            }
            out.add(sb.append(')').toString());
        }
        return out;
    }

    private static String stripChars(String s, String chars) {
        int b = 0;
        int e = s.length();
        while (b < e && chars.indexOf(s.charAt(b)) >= 0) b++;
        while (e > b && chars.indexOf(s.charAt(e - 1)) >= 0) e--;
        return s.substring(b, e);
    }

    private static String funcName(PyNode f) {
        if (f instanceof PyNode.Name n) return n.id();
        if (f instanceof PyNode.Attribute a) {
            String base = funcName(a.base());
            return base.isEmpty() ? a.attr() : base + "." + a.attr();
        }
        return "";
    }

    /** {@code resolve_ast_by_type}. */
    private static Object resolve(PyNode v) throws DecodeException {
        try {
            if (v instanceof PyNode.Const c) {
                return c.value() == Py.ELLIPSIS ? "..." : c.value();
            }
            if (v instanceof PyNode.Unary u) {
                if (!(u.operand() instanceof PyNode.Const c)) {
                    throw new DecodeException("'" + u.operand().getClass().getSimpleName()
                            + "' object has no attribute 'value'");
                }
                return Py.neg(c.value()); // BFCL negates whatever the unary operator is
            }
            if (v instanceof PyNode.ListExpr l) {
                ArrayList<Object> out = new ArrayList<>();
                for (var i : l.items()) out.add(resolve(i));
                return out;
            }
            if (v instanceof PyNode.TupleExpr tu) {
                ArrayList<Object> out = new ArrayList<>();
                for (var i : tu.items()) out.add(resolve(i));
                return new PyTuple(out);
            }
            if (v instanceof PyNode.DictExpr d) {
                LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) out.put(resolve(d.keys().get(i)), resolve(d.values().get(i)));
                return out;
            }
            if (v instanceof PyNode.Name n) return n.id();
            if (v instanceof PyNode.Binary) {
                return new PyCallEvaluator(Map.of()).eval(v);
            }
            if (v instanceof PyNode.Call c) {
                if (c.keywords().isEmpty()) return unparse(c);
                LinkedHashMap<Object, Object> args = new LinkedHashMap<>();
                for (var k : c.keywords()) args.put(k.name(), resolve(k.value()));
                LinkedHashMap<Object, Object> call = new LinkedHashMap<>();
                call.put(funcName(c.func()), args);
                return call;
            }
            if (v instanceof PyNode.Subscript s) return unparse(s);
        } catch (PyException e) {
            throw new DecodeException(e.pyStr());
        }
        throw new DecodeException("Unsupported AST type: " + v.getClass().getSimpleName());
    }

    /** {@code parse_nested_value}: calls as {@code f(k=v)}, dicts with quoted keys, everything else repr. */
    private static String nested(Object v) throws DecodeException {
        if (v instanceof Map<?, ?> m) {
            boolean allDicts = true;
            for (Object x : m.values()) allDicts &= x instanceof Map;
            StringBuilder sb = new StringBuilder();
            if (allDicts) {
                if (m.isEmpty()) throw new DecodeException("list index out of range");
                Map.Entry<?, ?> e = m.entrySet().iterator().next();
                sb.append(e.getKey()).append('(');
                boolean first = true;
                for (Map.Entry<?, ?> a : ((Map<?, ?>) e.getValue()).entrySet()) {
                    if (!first) sb.append(", ");
                    first = false;
                    sb.append(a.getKey()).append('=').append(nested(a.getValue()));
                }
                return sb.append(')').toString();
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> a : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append('\'').append(Py.str(a.getKey())).append("': ").append(nested(a.getValue()));
            }
            return sb.append('}').toString();
        }
        return Py.repr(v);
    }

    /** An approximation of {@code ast.unparse} for argument-less-keyword calls and subscripts. */
    private static String unparse(PyNode n) throws DecodeException {
        if (n instanceof PyNode.Call c) {
            StringBuilder sb = new StringBuilder(funcName(c.func())).append('(');
            for (int i = 0; i < c.args().size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(unparse(c.args().get(i)));
            }
            return sb.append(')').toString();
        }
        if (n instanceof PyNode.Subscript s) {
            return unparse(s.value()) + "[" + unparse(s.index()) + "]";
        }
        if (n instanceof PyNode.Name nm) return nm.id();
        if (n instanceof PyNode.Attribute a) return funcName(a);
        return Py.repr(resolve(n));
    }
}
