/**
 * BFCL multi-turn, reproduced exactly (reference: ShishirPatil/gorilla bfcl_eval).
 *
 * <ul>
 *   <li>{@link dev.harmonica.scenario.bfcl.BfclDataset#load(java.nio.file.Path, String)} → {@link dev.harmonica.scenario.bfcl.BfclEntry}
 *       (questions, ground truth, tool docs with BFCL's hint, miss_func holdouts, initial config).</li>
 *   <li>{@link dev.harmonica.tools.bfcl.BfclRuntime#factoryFor(dev.harmonica.scenario.bfcl.BfclEntry)}: backend instances per entry
 *       (long-context constants, pinned clock and time zone).</li>
 *   <li>{@link dev.harmonica.tools.bfcl.BfclExecutor}: BFCL's {@code execute_multi_turn_func_call} on call strings.</li>
 *   <li>{@link dev.harmonica.tools.bfcl.BfclToolBackend}: the runner's {@link dev.harmonica.scenario.ToolBackend} (FC calls
 *       as name + JSON arguments → BFCL's result string), keeping the executed call strings.</li>
 *   <li>{@link dev.harmonica.tools.bfcl.BfclChecker#check}: BFCL's verdict ({@link dev.harmonica.tools.bfcl.BfclVerdict}) for
 *       decoded calls {@code [turn][step][call]}; {@link dev.harmonica.tools.bfcl.BfclScores}: accuracy and
 *       {@code data_multi_turn.csv}.</li>
 *   <li>{@link dev.harmonica.tools.bfcl.BfclPrompts}: OpenAI {@code tools} JSON per turn, holdout messages, prompting-mode
 *       prompts; {@link dev.harmonica.tools.bfcl.BfclCalls}: FC arguments → BFCL call strings.</li>
 * </ul>
 */
package dev.harmonica.tools.bfcl;

