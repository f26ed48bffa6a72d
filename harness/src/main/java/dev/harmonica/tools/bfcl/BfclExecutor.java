package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.bfcl.BfclDataException;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.BfclClasses;
import dev.harmonica.tools.bfcl.backend.PyMethod;
import dev.harmonica.tools.bfcl.call.PyCallEvaluator;
import dev.harmonica.tools.bfcl.call.PyExprParser;
import dev.harmonica.tools.bfcl.call.PyFormat;
import dev.harmonica.tools.bfcl.call.PyNode;
import dev.harmonica.tools.bfcl.call.PySyntaxError;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BFCL's {@code execute_multi_turn_func_call} for one (entry, side): persistent instances of the involved classes
 * (created fresh, loaded from a deep copy of {@code initial_config} except stateless classes), and execution of call
 * strings exactly as BFCL does it: the instance-name rewrite of every {@code name(} (also inside string literals),
 * the blocked-name check, evaluation, and the result stringification of ShishirPatil/gorilla bfcl_eval func_source_code (Python semantics). Not thread-safe.
 */
public final class BfclExecutor {
    /** Names BFCL refuses before {@code eval} ({@code Function call <name> is not allowed.}). */
    public static final Set<String> BLOCKED = Set.of("kill", "exit", "quit", "remove", "unlink", "popen", "Popen",
            "run");

    /** The error-string prefix of a failed call. */
    public static final String ERROR_PREFIX = "Error during execution: ";

    private final LinkedHashMap<String, BfclClass> instances = new LinkedHashMap<>();
    private final Map<String, String> methodToVariable = new LinkedHashMap<>();
    private final Map<String, BfclClass> byVariable = new LinkedHashMap<>();
    /** The local variables of {@code execute_multi_turn_func_call} that do not change between calls. */
    private final Map<String, Object> fixedLocals = new LinkedHashMap<>();

    /**
     * @param involvedClasses class names in the entry's order
     * @param initialConfig   the entry's {@code initial_config}: class name → scenario, as JSON (each class loads a
     *                        fresh Python value of it)
     * @param longContext     {@code long_context} flag for {@code _load_scenario}
     * @param modelName       BFCL's model-name part of the instance variables ({@code <model>_eval} on the
     *                        checker's model side, {@code <model>_ground_truth_eval} on its ground-truth side)
     * @param entryId         the entry id
     * @param factory         creates the instances
     */
    public BfclExecutor(List<String> involvedClasses, JsonNode initialConfig, boolean longContext,
                        String modelName, String entryId, BfclInstanceFactory factory) {
        for (String cls : involvedClasses) {
            if (instances.containsKey(cls)) continue;
            BfclClass inst;
            try {
                inst = factory.create(cls);
            } catch (IllegalArgumentException e) {
                throw new BfclDataException(entryId + ": involved class '" + cls + "': " + e.getMessage(), e);
            }
            if (!BfclClasses.STATELESS.contains(cls)) {
                JsonNode cfg = initialConfig.get(cls);
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = cfg != null && cfg.isObject() ? (Map<String, Object>) Py.fromJson(cfg)
                        : new LinkedHashMap<>();
                try {
                    inst.loadScenario(copy, longContext);
                } catch (RuntimeException e) {
                    throw new BfclDataException(entryId + ": initial_config." + cls + " cannot be loaded: " + e
                            + "; check the scenario keys against the backend class", e);
                }
            }
            instances.put(cls, inst);
            String var = BfclNames.instanceVariable(modelName, entryId, cls);
            byVariable.put(var, inst);
            List<String> names = new ArrayList<>();
            for (PyMethod m : inst.methods()) if (!m.name().startsWith("_")) names.add(m.name());
            Collections.sort(names);
            for (String name : names) methodToVariable.put(name, var);
        }
        fixedLocals.putAll(BfclExecutorLocals.fixed(involvedClasses, initialConfig, longContext, modelName, entryId,
                instances, byVariable, methodToVariable));
    }

    /**
     * The instances for an entry: model side of the checker ({@code <folder>_eval}).
     *
     * @param modelName the model's result folder name ({@link BfclNames#resultFolder}), BFCL's checker model name
     */
    public static BfclExecutor modelSide(BfclEntry entry, String modelName, BfclInstanceFactory factory) {
        return new BfclExecutor(entry.involvedClasses(), entry.initialConfig(), entry.longContext(),
                BfclNames.checkerModelSide(modelName), entry.id(), factory);
    }

    /** The instances for an entry: ground-truth side of the checker ({@code <folder>_ground_truth_eval}). */
    public static BfclExecutor groundTruthSide(BfclEntry entry, String modelName, BfclInstanceFactory factory) {
        return new BfclExecutor(entry.involvedClasses(), entry.initialConfig(), entry.longContext(),
                BfclNames.checkerGroundTruthSide(modelName), entry.id(), factory);
    }

    /**
     * The instances for an entry during inference.
     *
     * @param modelName the name BFCL's generation loop passes ({@link BfclNames#inferenceModel} of the API model name)
     */
    public static BfclExecutor inferenceSide(BfclEntry entry, String modelName, BfclInstanceFactory factory) {
        return new BfclExecutor(entry.involvedClasses(), entry.initialConfig(), entry.longContext(), modelName,
                entry.id(), factory);
    }

    /** Class name → instance, in involved-class order (live objects; do not mutate). */
    public Map<String, BfclClass> instances() {
        return Collections.unmodifiableMap(instances);
    }

    /** Executes the calls of one step in order ({@code execute_multi_turn_func_call}); one result string per call. */
    public List<String> execute(List<String> calls) {
        List<Object> results = new ArrayList<>(calls.size());
        for (String c : calls) results.add(execute(c, calls, results));
        List<String> out = new ArrayList<>(results.size());
        for (Object r : results) out.add((String) r);
        return out;
    }

    /** Executes one call string as a step of its own and returns BFCL's result string (never throws for bad input). */
    public String execute(String call) {
        return execute(call, List.of(call), new ArrayList<>());
    }

    /**
     * One call of a step: the rewrite, the blocked-name check, {@code eval} (with the executor's local variables
     * visible, as BFCL's {@code eval} sees them) and the stringification.
     *
     * @param step    the step's call strings ({@code func_call_list})
     * @param results the results of the step's earlier calls ({@code execution_results})
     */
    private String execute(String call, List<String> step, List<Object> results) {
        String rewritten = rewrite(call);
        String head = rewritten;
        int paren = head.indexOf('(');
        if (paren >= 0) head = head.substring(0, paren);
        if (head.contains(".")) head = head.split("\\.", -1)[1];
        if (BLOCKED.contains(head)) return ERROR_PREFIX + "Function call " + head + " is not allowed.";
        PyNode node;
        try {
            node = PyExprParser.parseForEval(rewritten);
        } catch (PySyntaxError e) {
            return ERROR_PREFIX + e.getMessage();
        }
        Map<String, Object> locals = new LinkedHashMap<>(fixedLocals);
        locals.put("func_call_list", new ArrayList<Object>(step));
        locals.put("execution_results", results);
        locals.put("func_call", rewritten);
        locals.put("func_call_copy", head);
        try {
            return stringify(new PyCallEvaluator(byVariable, locals).evalTop(node));
        } catch (PyException e) {
            return ERROR_PREFIX + e.pyStr();
        } catch (RuntimeException e) {
            return ERROR_PREFIX + "internal error in the simulated backend: " + e;
        }
    }

    /**
     * BFCL's result stringification: str as is; dict → {@code json.dumps}, else {@code str(dict)}; anything else →
     * {@code str(x)}. Converting an int of more than 4300 digits raises ValueError, as in CPython 3.11.
     */
    public static String stringify(Object result) throws PyException {
        if (result instanceof String s) return s;
        if (result instanceof Map<?, ?>) {
            try {
                PyFormat.checkIntDigits(result);
                return Py.jsonDumps(result);
            } catch (PyException e) {
                return PyFormat.str(result);
            }
        }
        return PyFormat.str(result);
    }

    /** {@code _process_method_calls}: see {@link BfclNames#rewrite}. */
    String rewrite(String call) {
        return BfclNames.rewrite(call, methodToVariable::get);
    }
}
