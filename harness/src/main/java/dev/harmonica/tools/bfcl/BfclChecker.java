package dev.harmonica.tools.bfcl;

import dev.harmonica.scenario.bfcl.BfclEntry;
import dev.harmonica.tools.bfcl.backend.BfclClass;
import dev.harmonica.tools.bfcl.py.Py;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BFCL's multi-turn checker ({@code multi_turn_checker} + the runner's pre-checks, ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_checker.py; ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_utils.py):
 * executes the model's decoded calls and the ground truth on fresh instances per side, turn by turn, and applies the
 * empty-turn, state and response checks with BFCL's exact error types and messages. All-or-nothing per entry.
 */
public final class BfclChecker {
    /** The model name used for instance variables when none is given. */
    public static final String DEFAULT_MODEL_NAME = "harmonica";

    private BfclChecker() {
    }

    /** {@code is_empty_execute_response}: {@code []} or {@code [""]}. */
    public static boolean isEmptyStep(List<String> step) {
        return step == null || step.isEmpty() || (step.size() == 1 && step.get(0).isEmpty());
    }

    /** The runner's {@code inference_error} verdict (result was not a list of turns). */
    public static BfclVerdict inferenceError(String id) {
        return new BfclVerdict(id, false, BfclVerdict.INFERENCE_ERROR,
                "Error during inference phase. Model did not output a list of model responses.", null, Map.of());
    }

    /** Checks one entry with fresh instances from {@code runtime} and the default model name. */
    public static BfclVerdict check(BfclEntry entry, List<List<List<String>>> decoded, BfclRuntime runtime) {
        return check(entry, decoded, DEFAULT_MODEL_NAME, runtime.factoryFor(entry));
    }

    /**
     * Checks one entry.
     *
     * @param entry     the entry (with ground truth)
     * @param decoded   the model's decoded calls: {@code decoded[turn][step]} = call strings of that step; steps that
     *                  are empty ({@code []}, {@code [""]}) are dropped, as BFCL drops undecodable/empty steps
     * @param modelName the model-name part of BFCL's instance variables (only visible through the string-literal
     *                  rewrite quirk); usually {@link #DEFAULT_MODEL_NAME}
     * @param factory   creates the backend instances for this entry (one factory call set per side)
     */
    public static BfclVerdict check(BfclEntry entry, List<List<List<String>>> decoded, String modelName,
                                    BfclInstanceFactory factory) {
        List<List<String>> gt = entry.groundTruth();
        if (decoded.size() != gt.size()) {
            return new BfclVerdict(entry.id(), false, BfclVerdict.FORCE_TERMINATED,
                    "Model was force-terminated during inference phase. The length of the model result turns ("
                            + decoded.size() + ") does not match the length of the ground truth turns (" + gt.size()
                            + ").", null, Map.of());
        }
        BfclExecutor model = null;
        BfclExecutor truth = null;
        List<Object> executionResults = new ArrayList<>();
        List<String> allModelResults = new ArrayList<>();
        for (int t = 0; t < gt.size(); t++) {
            List<List<String>> steps = new ArrayList<>();
            for (List<String> s : decoded.get(t)) if (!isEmptyStep(s)) steps.add(s);
            List<Object> uncombined = new ArrayList<>();
            List<String> turnResults = new ArrayList<>();
            for (List<String> step : steps) {
                if (model == null) model = BfclExecutor.modelSide(entry, modelName, factory);
                List<String> r = model.execute(step);
                turnResults.addAll(r);
                uncombined.add(new ArrayList<Object>(r));
            }
            if (truth == null) truth = BfclExecutor.groundTruthSide(entry, modelName, factory);
            List<String> gtResults = truth.execute(gt.get(t));
            allModelResults.addAll(turnResults);
            executionResults.add(Py.dict("model", uncombined, "ground_truth", new ArrayList<Object>(gtResults)));

            if (!gt.get(t).isEmpty() && steps.isEmpty()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("execution_result", executionResults);
                return new BfclVerdict(entry.id(), false, BfclVerdict.EMPTY_TURN,
                        "Model response list is empty for turn " + t, t, details);
            }
            if (gt.get(t).isEmpty()) continue;

            BfclVerdict state = stateCheck(entry.id(), model, truth, t);
            if (state != null) {
                state.details().put("execution_result", executionResults);
                return state;
            }
            List<Object> missing = missingUnordered(gtResults, allModelResults);
            if (!missing.isEmpty()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("missing_items", missing);
                details.put("model_response (including all previous turns)", new ArrayList<Object>(allModelResults));
                details.put("ground_truth_response (only the current turn)", new ArrayList<Object>(gtResults));
                return new BfclVerdict(entry.id(), false, BfclVerdict.RESPONSE_MISMATCH,
                        "Model response execution results so far does not contain all the ground truth response "
                                + "execution results for turn " + t + ".", t, details);
            }
        }
        return BfclVerdict.ok(entry.id());
    }

    /**
     * Every turn's checks, without stopping at the first failure (the model's calls keep running on its own state).
     * {@code turns.get(t).passed()} for all t up to the first failure agrees with {@link #check}.
     */
    public static List<BfclTurnCheck> checkTurns(BfclEntry entry, List<List<List<String>>> decoded, String modelName,
                                                 BfclInstanceFactory factory) {
        List<List<String>> gt = entry.groundTruth();
        BfclExecutor model = BfclExecutor.modelSide(entry, modelName, factory);
        BfclExecutor truth = BfclExecutor.groundTruthSide(entry, modelName, factory);
        List<String> all = new ArrayList<>();
        List<BfclTurnCheck> out = new ArrayList<>();
        for (int t = 0; t < Math.min(gt.size(), decoded.size()); t++) {
            int steps = 0;
            for (List<String> s : decoded.get(t)) {
                if (isEmptyStep(s)) continue;
                steps++;
                all.addAll(model.execute(s));
            }
            List<String> gtResults = truth.execute(gt.get(t));
            boolean checked = !gt.get(t).isEmpty();
            List<String> mismatched = new ArrayList<>();
            for (Map.Entry<String, BfclClass> e : truth.instances().entrySet()) {
                Map<String, Object> g = e.getValue().publicState();
                Map<String, Object> m = model.instances().get(e.getKey()).publicState();
                for (Map.Entry<String, Object> a : g.entrySet()) {
                    if (!Py.eq(m.get(a.getKey()), a.getValue())) {
                        mismatched.add(e.getKey());
                        break;
                    }
                }
            }
            List<String> missing = new ArrayList<>();
            for (Object o : missingUnordered(gtResults, all)) missing.add((String) o);
            out.add(new BfclTurnCheck(t, checked, steps, checked && steps == 0, mismatched.isEmpty(),
                    List.copyOf(mismatched), List.copyOf(missing)));
        }
        return out;
    }

    private static BfclVerdict stateCheck(String id, BfclExecutor model, BfclExecutor truth, int turn) {
        for (Map.Entry<String, BfclClass> e : truth.instances().entrySet()) {
            BfclClass m = model.instances().get(e.getKey());
            Map<String, Object> gtState = e.getValue().publicState();
            Map<String, Object> mState = m.publicState();
            LinkedHashMap<String, Object> differences = new LinkedHashMap<>();
            for (Map.Entry<String, Object> a : gtState.entrySet()) {
                Object mv = mState.get(a.getKey());
                if (!Py.eq(mv, a.getValue())) {
                    differences.put(a.getKey(), Py.dict("model", mv, "ground_truth", a.getValue()));
                }
            }
            if (!differences.isEmpty()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("differences", differences);
                details.put("model_instance_state", new LinkedHashMap<>(mState));
                details.put("ground_truth_instance_state", new LinkedHashMap<>(gtState));
                return new BfclVerdict(id, false, BfclVerdict.STATE_MISMATCH, "Model instance for " + e.getKey()
                        + " does not match the state with ground truth instance.", turn, details);
            }
        }
        return null;
    }

    /** {@code _is_subsequence_unordered}: items of {@code wanted} not found in {@code have}, one use per match. */
    static List<Object> missingUnordered(List<String> wanted, List<String> have) {
        List<String> pool = new ArrayList<>(have);
        List<Object> missing = new ArrayList<>();
        for (String w : wanted) {
            if (!pool.remove(w)) missing.add(w);
        }
        return missing;
    }
}
