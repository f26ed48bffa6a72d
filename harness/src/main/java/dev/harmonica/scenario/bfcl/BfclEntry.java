package dev.harmonica.scenario.bfcl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One BFCL multi-turn entry as BFCL prepares it at load time (ShishirPatil/gorilla bfcl_eval data/; {@code load_dataset_entry} +
 * {@code populate_test_cases_with_predefined_functions}).
 *
 * @param id               entry id, e.g. {@code multi_turn_base_0}
 * @param category         its category
 * @param index            0-based line index in the question file (ground truth is aligned by it)
 * @param question         one list of messages per turn; a miss_func holdout turn is the empty list
 * @param initialConfig    the {@code initial_config} object: class name → scenario dict, as JSON (the backends
 *                         turn it into Python values when they load it)
 * @param involvedClasses  backend class names, in the entry's order (decides instance and tool order)
 * @param missedFunction   turn index → names of the functions released at that turn (miss_func only)
 * @param excludedFunction the {@code excluded_function} field (read, but unused, like upstream)
 * @param groundTruth      ground-truth call strings per turn ({@code possible_answer}); same length as question
 * @param functions        the func docs offered at turn 0, in order, with the Python hint appended (Gorilla types)
 * @param heldOutDocs      turn index → the func docs released at that turn (no hint, like upstream)
 */
public record BfclEntry(String id, BfclCategory category, int index, List<List<BfclMessage>> question,
                        JsonNode initialConfig, List<String> involvedClasses,
                        Map<Integer, List<String>> missedFunction, List<String> excludedFunction,
                        List<List<String>> groundTruth, List<JsonNode> functions,
                        Map<Integer, List<JsonNode>> heldOutDocs) {

    /** Whether backends load with {@code long_context=True}. */
    public boolean longContext() {
        return category.longContext();
    }

    /** Number of turns. */
    public int turnCount() {
        return question.size();
    }

    /** The func docs available at a turn: {@link #functions()} plus every holdout released at or before it. */
    public List<JsonNode> functionsAtTurn(int turn) {
        List<JsonNode> out = new ArrayList<>(functions);
        heldOutDocs.entrySet().stream().filter(e -> e.getKey() <= turn).sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.addAll(e.getValue()));
        return out;
    }
}
