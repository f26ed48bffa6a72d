package dev.harmonica.tools.bfcl;

import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyObject;
import dev.harmonica.tools.bfcl.py.PyReprObject;
import dev.harmonica.tools.bfcl.py.PyTuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backend state as plain JSON-ready values, in the encoding of {@code gt_exec_fixtures_base_miss_func.jsonl}
 * (BFCL's own execution of the ground truth): tuples → lists, dict keys → strings (as json.dumps converts them), sets →
 * {@code {"__set__": [sorted elements]}}, backend objects → their {@link PyObject#snapshot()}, other non-JSON values →
 * {@code {"__repr__": repr}}.
 */
public final class BfclState {
    private BfclState() {
    }

    /** Class name → attribute → encoded value, for every instance in order. */
    public static LinkedHashMap<Object, Object> snapshot(Map<String, BfclClass> instances) {
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, BfclClass> e : instances.entrySet()) {
            LinkedHashMap<Object, Object> attrs = new LinkedHashMap<>();
            for (Map.Entry<String, Object> a : e.getValue().publicState().entrySet()) {
                attrs.put(a.getKey(), encode(a.getValue()));
            }
            out.put(e.getKey(), attrs);
        }
        return out;
    }

    /** One value in the fixture encoding. */
    public static Object encode(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || Py.isNumber(v)) return v;
        if (v instanceof PyObject o) return encode(o.snapshot());
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(encode(o));
            return out;
        }
        if (v instanceof PyTuple t) return encode(t.items());
        if (v instanceof Map<?, ?> m) {
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(keyString(e.getKey()), encode(e.getValue()));
            return out;
        }
        if (v instanceof Set<?> s) {
            List<Object> items;
            try {
                items = Py.sorted(new ArrayList<>(s));
            } catch (PyException e) {
                items = new ArrayList<>(s);
                items.sort((a, b) -> Py.compareCodePoints(Py.repr(a), Py.repr(b)));
            }
            LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
            out.put("__set__", encode(items));
            return out;
        }
        if (v instanceof Collection<?> c) return encode(new ArrayList<>(c));
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        out.put("__repr__", v instanceof PyReprObject r ? r.repr() : Py.repr(v));
        return out;
    }

    private static String keyString(Object k) {
        if (k instanceof String s) return s;
        if (k instanceof Boolean b) return b ? "true" : "false";
        if (k == null) return "null";
        if (Py.isFloat(k)) return Py.floatRepr(Py.toDouble(k));
        if (Py.isInt(k)) return k.toString();
        return Py.repr(k);
    }
}
