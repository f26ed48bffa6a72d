package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.harmonica.tools.bfcl.call.PyCallEvaluator;
import dev.harmonica.tools.bfcl.call.PyExprParser;
import dev.harmonica.tools.bfcl.call.PyNode;
import dev.harmonica.tools.bfcl.call.PySyntaxError;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** BFCL's decoding of FC-mode tool calls into call strings ({@code convert_to_function_call}, §9.2). */
public final class BfclCalls {
    /** Like Python's json.loads: NaN and Infinity are accepted. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

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
     * {@code 5.0}, {@code True}, {@code None}, single-quoted strings).
     */
    public static String toCallString(String name, String argumentsJson) throws DecodeException {
        JsonNode args;
        try {
            args = JSON.readTree(argumentsJson == null ? "" : argumentsJson);
        } catch (JsonProcessingException e) {
            throw new DecodeException("Expecting value: the arguments of '" + name + "' are not valid JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (args == null || args.isMissingNode()) {
            throw new DecodeException("Expecting value: the arguments of '" + name + "' are empty");
        }
        if (!args.isObject()) {
            throw new DecodeException("'" + Py.typeName(Py.fromJson(args)) + "' object has no attribute 'items'");
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        Iterator<Map.Entry<String, JsonNode>> it = args.fields();
        boolean first = true;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!first) sb.append(',');
            first = false;
            sb.append(e.getKey()).append('=').append(Py.repr(Py.fromJson(e.getValue())));
        }
        return sb.append(')').toString();
    }

    /**
     * Decodes one raw FC step as stored in BFCL result files: a list of {@code {name: arguments}} objects (arguments
     * a JSON string or an object). A text step (a JSON string) or any undecodable call gives a DecodeException.
     */
    public static List<String> decodeFcStep(JsonNode step) throws DecodeException {
        if (step.isTextual()) throw new DecodeException("'str' object has no attribute 'items'");
        List<JsonNode> items = new ArrayList<>();
        if (step.isObject()) items.add(step);
        else if (step.isArray()) step.forEach(items::add);
        else throw new DecodeException("unsupported step: " + step.getNodeType());
        List<String> out = new ArrayList<>();
        for (JsonNode call : items) {
            if (call.isTextual()) {
                out.add(call.textValue());
                continue;
            }
            if (!call.isObject()) throw new DecodeException("a call must be an object {name: arguments}");
            Iterator<Map.Entry<String, JsonNode>> it = call.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                out.add(toCallString(e.getKey(), v.isTextual() ? v.textValue() : v.toString()));
            }
        }
        return out;
    }

    /**
     * BFCL's prompting-mode decoding of a model's text ({@code default_decode_execute_prompting}, §9.3): strip
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
            body = PyExprParser.parse(t);
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
            StringBuilder sb = new StringBuilder(funcName(c.func())).append('(');
            boolean first = true;
            for (PyNode.Keyword k : c.keywords()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append(k.name()).append('=').append(nested(resolve(k.value())));
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
