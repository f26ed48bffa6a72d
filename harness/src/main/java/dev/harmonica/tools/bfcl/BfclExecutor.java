package dev.harmonica.tools.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harmonica.scenario.bfcl.BfclDataException;
import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.backend.BfclClasses;
import dev.harmonica.tools.bfcl.backend.PyMethod;
import dev.harmonica.tools.bfcl.call.PyCallEvaluator;
import dev.harmonica.tools.bfcl.call.PyExprParser;
import dev.harmonica.tools.bfcl.call.PyNode;
import dev.harmonica.tools.bfcl.call.PySyntaxError;
import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BFCL's {@code execute_multi_turn_func_call} for one (entry, side): persistent instances of the involved classes
 * (created fresh, loaded from a deep copy of {@code initial_config} except stateless classes), and execution of call
 * strings exactly as BFCL does it: the instance-name rewrite of every {@code name(} (also inside string literals),
 * the blocked-name check, evaluation, and the result stringification of bfcl-multi-turn.md §6.1. Not thread-safe.
 */
public final class BfclExecutor {
    /** Names BFCL refuses before {@code eval} ({@code Function call <name> is not allowed.}). */
    public static final Set<String> BLOCKED = Set.of("kill", "exit", "quit", "remove", "unlink", "popen", "Popen",
            "run");

    /** The error-string prefix of a failed call. */
    public static final String ERROR_PREFIX = "Error during execution: ";

    private final LinkedHashMap<String, BfclClass> instances = new LinkedHashMap<>();
    private final Map<String, String> methodToVariable = new HashMap<>();
    private final PyCallEvaluator evaluator;

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
        Map<String, BfclClass> byVariable = new HashMap<>();
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
            for (PyMethod m : inst.methods()) {
                if (!m.name().startsWith("_")) methodToVariable.put(m.name(), var);
            }
        }
        this.evaluator = new PyCallEvaluator(byVariable);
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

    /** Executes calls in order; one result string per call. */
    public List<String> execute(List<String> calls) {
        List<String> out = new ArrayList<>(calls.size());
        for (String c : calls) out.add(execute(c));
        return out;
    }

    /** Executes one call string and returns BFCL's result string (never throws for bad input). */
    public String execute(String call) {
        String rewritten = rewrite(call);
        String head = rewritten;
        int paren = head.indexOf('(');
        if (paren >= 0) head = head.substring(0, paren);
        if (head.contains(".")) head = head.split("\\.", -1)[1];
        if (BLOCKED.contains(head)) return ERROR_PREFIX + "Function call " + head + " is not allowed.";
        PyNode node;
        try {
            node = PyExprParser.parse(rewritten);
        } catch (PySyntaxError e) {
            return ERROR_PREFIX + e.getMessage();
        } catch (StackOverflowError e) {
            return ERROR_PREFIX + "too many nested parentheses (<string>, line 1)";
        }
        try {
            return stringify(evaluator.eval(node));
        } catch (PyException e) {
            return ERROR_PREFIX + e.pyStr();
        } catch (RuntimeException e) {
            return ERROR_PREFIX + "internal error in the simulated backend: " + e;
        } catch (StackOverflowError e) {
            return ERROR_PREFIX + "maximum recursion depth exceeded";
        }
    }

    /** BFCL's result stringification: str as is; dict → json.dumps, else str(dict); anything else → str(x). */
    public static String stringify(Object result) {
        if (result instanceof String s) return s;
        if (result instanceof Map<?, ?>) {
            try {
                return Py.jsonDumps(result);
            } catch (PyException e) {
                return Py.str(result);
            }
        }
        if (result instanceof BfclClass c) return "<" + c.className() + " object>";
        return Py.str(result);
    }

    /** {@code _process_method_calls}: see {@link BfclNames#rewrite}. */
    String rewrite(String call) {
        return BfclNames.rewrite(call, methodToVariable::get);
    }
}
