package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;
import dev.harmonica.tools.bfcl.py.PyRandom;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared plumbing of the backend ports: Python-shaped dict literals, scenario lookups, seeded RNGs. */
abstract class Backend implements BfclClass {
    protected final BfclModules modules;
    private List<PyMethod> methods = List.of();

    Backend(BfclModules modules) {
        this.modules = modules;
    }

    protected final void define(Method... ms) {
        this.methods = List.of(ms);
    }

    @Override
    public final List<PyMethod> methods() {
        return methods;
    }

    @Override
    public final void loadScenario(Map<String, Object> config, boolean longContext) {
        @SuppressWarnings("unchecked")
        Map<String, Object> scenario = config == null ? new LinkedHashMap<>()
                : (Map<String, Object>) PyOps.deepCopy(config);
        try {
            load(scenario, longContext);
        } catch (PyException e) {
            throw new IllegalArgumentException(className() + " initial_config: " + e.pyType() + ": " + e.pyStr(), e);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(className() + " initial_config: unexpected value type: "
                    + e.getMessage(), e);
        }
    }

    /** {@code _load_scenario(scenario, long_context)}; {@code scenario} is already a private deep copy. */
    protected abstract void load(Map<String, Object> scenario, boolean longContext) throws PyException;

    /** {@code scenario.get(key, default)}; the default is deep-copied like {@code deepcopy(DEFAULT_STATE)}. */
    static Object get(Map<String, Object> scenario, String key, Object dflt) {
        return scenario.containsKey(key) ? scenario.get(key) : PyOps.deepCopy(dflt);
    }

    /** {@code random.Random(seed)} for the seed values BFCL configs can hold (ints). */
    static PyRandom rng(Object seed) throws PyException {
        if (seed instanceof Boolean b) return new PyRandom(b ? 1 : 0);
        if (seed instanceof Long || seed instanceof Integer) return new PyRandom(((Number) seed).longValue());
        if (seed instanceof BigInteger b) return new PyRandom(b);
        throw PyException.typeError("random_seed of type '" + Py.typeName(seed)
                + "' is not supported by this port (only int seeds)");
    }

    static LinkedHashMap<Object, Object> dict(Object... kv) {
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    static Map<Object, Object> error(String message) {
        return dict("error", message);
    }

    /** {@code s.add(x)} on a value that should be a set. */
    @SuppressWarnings("unchecked")
    static void setAdd(Object set, Object x) throws PyException {
        if (!(set instanceof Set<?> s)) throw Py.attributeError(set, "add");
        PyOps.requireHashable(x);
        if (!PyOps.containsInSet(s, x)) ((Set<Object>) s).add(x);
    }

    /** {@code l.append(x)}. */
    static void append(Object list, Object x) throws PyException {
        PyOps.asList(list, "append").add(x);
    }

    /** {@code str.zfill(width)}. */
    static String zfill(String s, int width) {
        if (s.length() >= width) return s;
        String pad = "0".repeat(width - s.length());
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) return s.charAt(0) + pad + s.substring(1);
        return pad + s;
    }

    /** {@code list(d.items())[0]} as a pair. */
    static Object[] firstItem(Object d) throws PyException {
        Map<Object, Object> m = PyOps.asDict(d, "items");
        if (m.isEmpty()) throw new PyException("IndexError", "list index out of range");
        Map.Entry<Object, Object> e = m.entrySet().iterator().next();
        return new Object[] {e.getKey(), e.getValue()};
    }
}
