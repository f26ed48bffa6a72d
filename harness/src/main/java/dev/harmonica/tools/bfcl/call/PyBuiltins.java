package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names BFCL's {@code eval} finds in {@code builtins} and in its executor module's globals, and the builtins
 * Harmonica evaluates, with CPython 3.11's argument errors (measured, e.g. {@code len() takes no keyword arguments},
 * {@code 'folder' is an invalid keyword argument for print()}, {@code __import__() missing required argument 'name'
 * (pos 1)}). Builtins that would reach outside the simulated backends ({@code open}, {@code exec}, {@code eval},
 * {@code __import__} with valid arguments, {@code input}, ...) and those whose result shows a memory address
 * ({@code id}) are not evaluated: they raise a {@link PyLimits#BOUND} error that says so.
 */
final class PyBuiltins {
    /** Stands for a global whose value is None. */
    static final Object NONE = new Object();

    private static final Set<String> TYPES = Set.of("bool", "bytearray", "bytes", "classmethod", "complex", "dict",
            "enumerate", "filter", "float", "frozenset", "int", "list", "map", "memoryview", "object", "property",
            "range", "reversed", "set", "slice", "staticmethod", "str", "super", "tuple", "type", "zip");
    private static final Set<String> EVALUATED = Set.of("print", "len", "str", "int", "float", "bool", "abs", "round",
            "min", "max", "sum", "sorted", "list", "tuple", "dict", "set", "range", "repr", "type", "isinstance",
            "enumerate", "zip", "reversed", "any", "all", "hex", "oct", "bin", "chr", "ord", "divmod", "pow",
            "callable", "format", "map", "filter", "iter", "next", "ascii", "__import__", "id", "hash");
    private static final String EXECUTOR = "bfcl_eval.eval_checker.multi_turn_eval.multi_turn_utils";
    /**
     * Where a module's repr says it was loaded from: CPython prints the absolute path of the installation, which
     * differs between machines; Harmonica prints this placeholder prefix instead (docs/bfcl.md).
     */
    static final String STDLIB = "/usr/lib/python3.11/";

    private PyBuiltins() {
    }

    /** The value of a global or builtin name, {@link #NONE} for None, or null when it does not exist. */
    static Object global(String name) {
        Object m = moduleGlobal(name);
        if (m != null) return m;
        if (!Names.BUILTINS.contains(name)) return null;
        if (name.equals("True")) return Boolean.TRUE;
        if (name.equals("False")) return Boolean.FALSE;
        if (name.equals("None")) return NONE;
        if (name.equals("Ellipsis")) return Py.ELLIPSIS;
        if (name.equals("__debug__")) return Boolean.TRUE;
        if (TYPES.contains(name) || Character.isUpperCase(name.charAt(0))) {
            return Character.isUpperCase(name.charAt(0)) && !EVALUATED.contains(name)
                    ? new PyRuntime.TypeObject(name) : new PyRuntime.Builtin(name, true);
        }
        return new PyRuntime.Builtin(name, false);
    }

    /** The globals of {@code multi_turn_utils} other than the backend instances. */
    private static Object moduleGlobal(String name) {
        return switch (name) {
            case "__name__" -> EXECUTOR;
            case "__package__" -> "bfcl_eval.eval_checker.multi_turn_eval";
            case "__doc__" -> NONE;
            case "STATELESS_CLASSES" -> new ArrayList<Object>(List.of("MathAPI"));
            case "CLASS_FILE_PATH_MAPPING" -> classFilePathMapping();
            case "copy", "importlib", "inspect", "json", "re" -> new PyRuntime.Unevaluated("module",
                    "<module '" + name + "' from '" + STDLIB + (name.equals("copy") || name.equals("inspect")
                            ? name + ".py" : name + "/__init__.py") + "'>");
            case "execute_multi_turn_func_call", "is_empty_execute_response", "_process_method_calls" ->
                    new PyRuntime.Unevaluated("function", "<function " + name + " at " + PyRuntime.ADDRESS + ">");
            default -> null;
        };
    }

    private static LinkedHashMap<Object, Object> classFilePathMapping() {
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        for (String c : List.of("GorillaFileSystem", "MathAPI", "MessageAPI", "TwitterAPI", "TicketAPI", "TradingBot",
                "TravelAPI", "VehicleControlAPI")) {
            m.put(c, PyRuntime.moduleOf(c));
        }
        String base = "bfcl_eval.eval_checker.multi_turn_eval.func_source_code.";
        m.put("WebSearchAPI", base + "web_search");
        m.put("MemoryAPI_kv", base + "memory_kv");
        m.put("MemoryAPI_vector", base + "memory_vector");
        m.put("MemoryAPI_rec_sum", base + "memory_rec_sum");
        return m;
    }

    // ------------------------------------------------------------------------------------------- argument checks

    private static void noKeywords(String name, Map<String, Object> kwargs) throws PyException {
        if (!kwargs.isEmpty()) throw PyException.typeError(name + "() takes no keyword arguments");
    }

    /** {@code len()}-style: no keywords, exactly one argument. */
    private static Object one(String name, List<Object> args, Map<String, Object> kwargs) throws PyException {
        noKeywords(name, kwargs);
        if (args.size() != 1) {
            throw PyException.typeError(name + "() takes exactly one argument (" + args.size() + " given)");
        }
        return args.get(0);
    }

    /** {@code _PyArg_CheckPositional}: {@code name expected [at least|at most] N argument(s), got M}. */
    private static void positional(String name, List<Object> args, int min, int max) throws PyException {
        int n = args.size();
        if (n < min) {
            throw PyException.typeError(name + " expected " + (min == max ? "" : "at least ") + min + " argument"
                    + (min == 1 ? "" : "s") + ", got " + n);
        }
        if (n > max) {
            throw PyException.typeError(name + " expected " + (min == max ? "" : "at most ") + max + " argument"
                    + (max == 1 ? "" : "s") + ", got " + n);
        }
    }

    /**
     * Argument Clinic's {@code _PyArg_UnpackKeywords}: too many arguments, then missing required ones by position,
     * then unknown keywords. {@code params} are the keyword names in order ({@code null} for positional-only).
     *
     * @return one value per parameter (null when not given)
     */
    private static Object[] clinic(String name, List<Object> args, Map<String, Object> kwargs, String[] params,
                                   int required, int positionalOnly) throws PyException {
        int max = params.length;
        int given = args.size() + kwargs.size();
        if (given > max) {
            throw PyException.typeError(name + "() takes at most " + max + " " + (args.isEmpty() ? "keyword " : "")
                    + "argument" + (max == 1 ? "" : "s") + " (" + given + " given)");
        }
        if (args.size() < positionalOnly) {
            throw PyException.typeError(name + "() takes at least " + positionalOnly + " positional argument"
                    + (positionalOnly == 1 ? "" : "s") + " (" + args.size() + " given)");
        }
        Object[] out = new Object[max];
        for (int i = 0; i < args.size(); i++) out[i] = args.get(i);
        int used = 0;
        for (int i = args.size(); i < max; i++) {
            if (params[i] != null && kwargs.containsKey(params[i])) {
                out[i] = kwargs.get(params[i]);
                used++;
            } else if (i < required) {
                throw PyException.typeError(name + "() missing required argument '" + params[i] + "' (pos " + (i + 1)
                        + ")");
            }
        }
        if (used < kwargs.size()) {
            for (String k : kwargs.keySet()) {
                boolean known = false;
                for (int i = args.size(); i < max; i++) known |= k.equals(params[i]);
                if (!known) throw PyException.typeError("'" + k + "' is an invalid keyword argument for " + name + "()");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- dispatch

    static Object call(String name, List<Object> args, Map<String, Object> kwargs, PyCallEvaluator ev)
            throws PyException {
        if (!EVALUATED.contains(name)) {
            throw PyLimits.bound(name + "() (BFCL's eval would call the real builtin)");
        }
        switch (name) {
            case "print":
                return print(args, kwargs);
            case "len":
                return PyMethods.len(one(name, args, kwargs), ev);
            case "repr":
                return PyFormat.repr(one(name, args, kwargs));
            case "ascii":
                return PyFormat.ascii(PyFormat.repr(one(name, args, kwargs)));
            case "abs":
                return Py.abs(one(name, args, kwargs));
            case "callable":
                Object c = one(name, args, kwargs);
                return c instanceof PyRuntime.Builtin || c instanceof PyRuntime.BoundMethod
                        || c instanceof PyRuntime.ValueMethod || c instanceof PyRuntime.Lambda
                        || c instanceof PyRuntime.TypeObject;
            case "any":
            case "all":
                return anyAll(name.equals("any"), one(name, args, kwargs), ev);
            case "hex":
            case "oct":
            case "bin":
                return radix(name, one(name, args, kwargs));
            case "chr":
                return chr(one(name, args, kwargs));
            case "ord":
                return ord(one(name, args, kwargs));
            case "id":
            case "hash":
                one(name, args, kwargs);
                throw PyLimits.bound(name + "() (its value differs from run to run in CPython)");
            default:
                return PyBuiltinTypes.call(name, args, kwargs, ev);
        }
    }

    private static Object print(List<Object> args, Map<String, Object> kwargs) throws PyException {
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            String k = e.getKey();
            if (!Set.of("sep", "end", "file", "flush").contains(k)) {
                throw PyException.typeError("'" + k + "' is an invalid keyword argument for print()");
            }
            Object v = e.getValue();
            if ((k.equals("sep") || k.equals("end")) && v != null && !(v instanceof String)) {
                throw PyException.typeError(k + " must be None or a string, not " + Py.typeName(v));
            }
            if (k.equals("file") && v != null) {
                throw new PyException("AttributeError", "'" + Py.typeName(v) + "' object has no attribute 'write'");
            }
        }
        for (Object a : args) PyFormat.str(a);
        return null;
    }

    private static Object anyAll(boolean any, Object iterable, PyCallEvaluator ev) throws PyException {
        PyRuntime.Iter it = ev.iter(iterable);
        Object o;
        while ((o = it.next()) != PyRuntime.Iter.DONE) {
            ev.tick();
            if (PyCallEvaluator.truthy(o) == any) return any;
        }
        return !any;
    }

    private static Object radix(String name, Object v) throws PyException {
        if (!Py.isIntOrBool(v)) {
            throw PyException.typeError("'" + Py.typeName(v) + "' object cannot be interpreted as an integer");
        }
        BigInteger b = Py.bigOf(v);
        String prefix = switch (name) {
            case "hex" -> "0x";
            case "oct" -> "0o";
            default -> "0b";
        };
        int r = switch (name) {
            case "hex" -> 16;
            case "oct" -> 8;
            default -> 2;
        };
        return (b.signum() < 0 ? "-" : "") + prefix + b.abs().toString(r);
    }

    private static Object chr(Object v) throws PyException {
        if (!Py.isIntOrBool(v)) {
            throw PyException.typeError("'" + Py.typeName(v) + "' object cannot be interpreted as an integer");
        }
        BigInteger b = Py.bigOf(v);
        if (b.bitLength() > 31) throw new PyException("OverflowError", "Python int too large to convert to C int");
        int cp = b.intValue();
        if (cp < 0 || cp > 0x10FFFF) throw PyException.valueError("chr() arg not in range(0x110000)");
        return new String(Character.toChars(cp));
    }

    private static Object ord(Object v) throws PyException {
        if (v instanceof String s) {
            int n = s.codePointCount(0, s.length());
            if (n != 1) {
                throw PyException.typeError("ord() expected a character, but string of length " + n + " found");
            }
            return (long) s.codePointAt(0);
        }
        throw PyException.typeError("ord() expected string of length 1, but " + Py.typeName(v) + " found");
    }

    /** Arguments of the clinic-parsed builtins that {@link PyBuiltinTypes} uses. */
    static Object[] clinicArgs(String name, List<Object> args, Map<String, Object> kwargs, String[] params,
                               int required, int positionalOnly) throws PyException {
        return clinic(name, args, kwargs, params, required, positionalOnly);
    }

    static void checkPositional(String name, List<Object> args, int min, int max) throws PyException {
        positional(name, args, min, max);
    }

    static void checkNoKeywords(String name, Map<String, Object> kwargs) throws PyException {
        noKeywords(name, kwargs);
    }

    /** CPython 3.11's names: {@code dir(builtins)} and {@code dir()} of the built-in types (python311-names.txt). */
    static final class Names {
        static final Set<String> BUILTINS;
        static final Map<String, Set<String>> ATTRIBUTES;

        static {
            Map<String, Set<String>> m = new HashMap<>();
            try (InputStream in = PyBuiltins.class.getResourceAsStream("python311-names.txt")) {
                if (in == null) throw new IllegalStateException("resource python311-names.txt not found");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    int colon = line.indexOf(':');
                    m.put(line.substring(0, colon), Set.of(line.substring(colon + 1).trim().split(" ")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            BUILTINS = m.remove("builtins");
            ATTRIBUTES = Collections.unmodifiableMap(m);
        }

        private Names() {
        }
    }
}
