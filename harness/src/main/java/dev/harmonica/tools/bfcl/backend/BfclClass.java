package dev.harmonica.tools.bfcl.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of a BFCL backend class (GorillaFileSystem, MathAPI, …), a faithful port of BFCL's Python class.
 * Not thread-safe; one instance per (entry, side).
 */
public interface BfclClass {
    /** Python class name, e.g. {@code GorillaFileSystem}. */
    String className();

    /** {@code _load_scenario(deepcopy(config), long_context=...)}. Not called for stateless classes (MathAPI). */
    void loadScenario(Map<String, Object> config, boolean longContext);

    /** Public methods in definition order. */
    List<PyMethod> methods();

    /** Public instance attributes ({@code vars(instance)} minus {@code _} names), in attribute order. */
    LinkedHashMap<String, Object> publicState();
}
