package dev.harmonica.tools.bfcl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's verdict on one entry (ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_checker.py).
 *
 * @param id           entry id
 * @param valid        whether the entry passed
 * @param errorType    e.g. {@code multi_turn:instance_state_mismatch}; null when valid
 * @param errorMessage BFCL's exact message; for {@code force_terminated} and {@code inference_error} BFCL uses a
 *                     one-element list, see {@link #errorMessageValue()}
 * @param turn         the failing turn, or null (valid, force_terminated, inference_error)
 * @param details      BFCL's {@code details} as Python values (missing_items, differences, execution_result, …)
 */
public record BfclVerdict(String id, boolean valid, String errorType, String errorMessage, Integer turn,
                          Map<String, Object> details) {
    public static final String INFERENCE_ERROR = "multi_turn:inference_error";
    public static final String FORCE_TERMINATED = "multi_turn:force_terminated";
    public static final String EMPTY_TURN = "multi_turn:empty_turn_model_response";
    public static final String STATE_MISMATCH = "multi_turn:instance_state_mismatch";
    public static final String RESPONSE_MISMATCH = "multi_turn:execution_response_mismatch";

    public static BfclVerdict ok(String id) {
        return new BfclVerdict(id, true, null, null, null, Map.of());
    }

    /**
     * The verdict in the shape of BFCL's checker output: {@code {"valid": true}} or {@code {"valid", "error_message",
     * "error_type", "details"}}, with {@code execution_result} next to {@code details} for a state mismatch (as BFCL
     * places it). Values are Python values; serialise with {@link BfclScores#jsonLenient(Object)}.
     */
    public LinkedHashMap<Object, Object> bfclResult() {
        LinkedHashMap<Object, Object> out = new LinkedHashMap<>();
        out.put("valid", valid);
        if (valid) return out;
        out.put("error_message", errorMessageValue());
        out.put("error_type", errorType);
        LinkedHashMap<Object, Object> d = new LinkedHashMap<>(details);
        Object exec = STATE_MISMATCH.equals(errorType) ? d.remove("execution_result") : null;
        if (!d.isEmpty() || !(FORCE_TERMINATED.equals(errorType) || INFERENCE_ERROR.equals(errorType))) {
            out.put("details", d);
        }
        if (exec != null) out.put("execution_result", exec);
        return out;
    }

    /** The error message as BFCL stores it: a one-element list for force_terminated / inference_error. */
    public Object errorMessageValue() {
        if (errorMessage == null) return null;
        if (FORCE_TERMINATED.equals(errorType) || INFERENCE_ERROR.equals(errorType)) return List.of(errorMessage);
        return errorMessage;
    }
}
