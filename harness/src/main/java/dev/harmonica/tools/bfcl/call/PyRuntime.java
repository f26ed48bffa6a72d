package dev.harmonica.tools.bfcl.call;

import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.PyMethod;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Python objects that only evaluation creates (functions, types, ranges, views, iterators), printed as CPython
 * 3.11 prints them. Objects whose {@code repr} shows a memory address in CPython (functions, bound methods,
 * iterators, generators) print {@link #ADDRESS} instead: BFCL's own result would differ from run to run there.
 */
public final class PyRuntime {
    /** The address printed for objects CPython prints with their (run-dependent) memory address. */
    static final String ADDRESS = "0x7f0000000000";

    private PyRuntime() {
    }

    /** The module bfcl-eval imports a backend class from ({@code CLASS_FILE_PATH_MAPPING}, its {@code __module__}). */
    public static String moduleOf(String className) {
        String file = switch (className) {
            case "GorillaFileSystem" -> "gorilla_file_system";
            case "MathAPI" -> "math_api";
            case "MessageAPI" -> "message_api";
            case "TwitterAPI" -> "posting_api";
            case "TicketAPI" -> "ticket_api";
            case "TradingBot" -> "trading_bot";
            case "TravelAPI" -> "travel_booking";
            case "VehicleControlAPI" -> "vehicle_control";
            default -> className.toLowerCase(Locale.ROOT);
        };
        return "bfcl_eval.eval_checker.multi_turn_eval.func_source_code." + file;
    }

    /** A value that is not a plain Python value: only printed and compared by identity. */
    interface Opaque extends PyObject {
        @Override
        default Object snapshot() {
            return pyRepr();
        }
    }

    /** A builtin function ({@code len}) or type ({@code str}) of the {@code builtins} module. */
    record Builtin(String name, boolean isType) implements Opaque {
        @Override
        public String pyTypeName() {
            return isType ? "type" : "builtin_function_or_method";
        }

        @Override
        public String pyRepr() {
            return isType ? "<class '" + name + "'>" : "<built-in function " + name + ">";
        }
    }

    /** A type object that is not a builtin name ({@code type(x)} of a value, e.g. {@code <class 'NoneType'>}). */
    record TypeObject(String name) implements Opaque {
        @Override
        public String pyTypeName() {
            return "type";
        }

        @Override
        public String pyRepr() {
            return "<class '" + name + "'>";
        }
    }

    /** A backend instance's bound method. */
    record BoundMethod(BfclClass self, PyMethod method) implements Opaque {
        @Override
        public String pyTypeName() {
            return "method";
        }

        @Override
        public String pyRepr() {
            return "<bound method " + self.className() + "." + method.name() + " of " + instanceRepr(self) + ">";
        }
    }

    /** {@code repr} of a backend instance: {@code <module.Class object at 0x...>}. */
    static String instanceRepr(BfclClass c) {
        return "<" + moduleOf(c.className()) + "." + c.className() + " object at " + ADDRESS + ">";
    }

    /** A method of a plain value, bound to it ({@code 'a'.upper}). */
    record ValueMethod(Object self, String name) implements Opaque {
        @Override
        public String pyTypeName() {
            return "builtin_function_or_method";
        }

        @Override
        public String pyRepr() {
            return "<built-in method " + name + " of " + Py.typeName(self) + " object at " + ADDRESS + ">";
        }
    }

    /** A lambda: parameters, body and the scope it closes over. */
    record Lambda(PyNode.LambdaParams params, List<Object> defaults, List<Object> kwDefaults, PyNode body,
                  PyCallEvaluator.Scope scope) implements Opaque {
        @Override
        public String pyTypeName() {
            return "function";
        }

        @Override
        public String pyRepr() {
            return "<function <lambda> at " + ADDRESS + ">";
        }
    }

    /** {@code range(start, stop, step)}. */
    record Range(BigInteger start, BigInteger stop, BigInteger step) implements Opaque {
        @Override
        public String pyTypeName() {
            return "range";
        }

        @Override
        public String pyRepr() {
            return "range(" + start + ", " + stop + (step.equals(BigInteger.ONE) ? "" : ", " + step) + ")";
        }

        /** The number of items. */
        BigInteger length() {
            BigInteger span = stop.subtract(start);
            if (step.signum() > 0) {
                return span.signum() <= 0 ? BigInteger.ZERO : span.add(step).subtract(BigInteger.ONE).divide(step);
            }
            return span.signum() >= 0 ? BigInteger.ZERO : span.add(step).add(BigInteger.ONE).divide(step);
        }

        @Override
        public boolean pyContains(Object item) {
            if (!Py.isIntOrBool(item)) return false;
            BigInteger v = Py.bigOf(item);
            BigInteger[] qr = v.subtract(start).divideAndRemainder(step);
            return qr[1].signum() == 0 && qr[0].signum() >= 0 && qr[0].compareTo(length()) < 0;
        }

        @Override
        public boolean pyEquals(Object other) {
            if (!(other instanceof Range r)) return false;
            BigInteger n = length();
            if (!n.equals(r.length())) return false;
            if (n.signum() == 0) return true;
            return start.equals(r.start) && (n.equals(BigInteger.ONE) || step.equals(r.step));
        }
    }

    /** {@code dict.keys()}, {@code dict.values()} or {@code dict.items()}: a live view of the dict. */
    record DictView(Map<Object, Object> dict, String kind) implements Opaque {
        @Override
        public String pyTypeName() {
            return "dict_" + kind;
        }

        @Override
        public String pyRepr() {
            return "dict_" + kind + "(" + Py.repr(items()) + ")";
        }

        @Override
        public boolean pyContains(Object item) throws PyException {
            if (kind.equals("keys")) return Py.contains(dict, item);
            for (Object o : items()) if (Py.eq(o, item)) return true;
            return false;
        }

        /** The view's items as a list. */
        List<Object> items() {
            List<Object> out = new ArrayList<>();
            for (Map.Entry<Object, Object> e : dict.entrySet()) {
                out.add(switch (kind) {
                    case "keys" -> e.getKey();
                    case "values" -> e.getValue();
                    default -> Py.tuple(e.getKey(), e.getValue());
                });
            }
            return out;
        }
    }

    /**
     * An iterator ({@code zip}, {@code map}, {@code filter}, {@code enumerate}, {@code reversed}, a generator):
     * items produced on demand, once.
     */
    static final class Iter implements Opaque {
        /** Produces the next item, or {@link #DONE}. */
        interface Source {
            Object next() throws PyException;
        }

        static final Object DONE = new Object();

        private final String typeName;
        private final Source source;
        private boolean exhausted;

        Iter(String typeName, Source source) {
            this.typeName = typeName;
            this.source = source;
        }

        Object next() throws PyException {
            if (exhausted) return DONE;
            Object o = source.next();
            if (o == DONE) exhausted = true;
            return o;
        }

        @Override
        public String pyTypeName() {
            return typeName;
        }

        @Override
        public boolean pyContains(Object item) throws PyException {
            Object o;
            while ((o = next()) != DONE) if (Py.eq(o, item)) return true;
            return false;
        }

        @Override
        public String pyRepr() {
            return typeName.equals("generator") ? "<generator object <genexpr> at " + ADDRESS + ">"
                    : "<" + typeName + " object at " + ADDRESS + ">";
        }
    }

    /** A module or function of BFCL's executor that Harmonica names but does not run ({@code json}, {@code re}). */
    record Unevaluated(String typeName, String repr) implements Opaque {
        @Override
        public String pyTypeName() {
            return typeName;
        }

        @Override
        public String pyRepr() {
            return repr;
        }
    }
}
