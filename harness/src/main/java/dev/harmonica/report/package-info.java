/**
 * Reports: pure functions of a run directory ({@code run.json} + {@code journal.jsonl} / {@code journal-<shard>.jsonl}).
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.harmonica.report.Reports#writeAll(java.nio.file.Path)}: writes every report into the run directory
 *       and returns the path of {@code index.html} and the one-line headline ({@code harmonica report RUN_DIR}).</li>
 *   <li>{@link dev.harmonica.report.Reports#headline(java.nio.file.Path)}: the headline alone.</li>
 *   <li>{@link dev.harmonica.report.Reports#compare}: two runs, paired where possible, with {@code --fail-if}
 *       gates ({@code harmonica compare RUN_A RUN_B --out DIR}).</li>
 *   <li>{@link dev.harmonica.report.SyntheticJournal}: a seeded synthetic run for tests and
 *       {@code harmonica bench report}.</li>
 * </ul>
 *
 * <h2>Outputs</h2>
 * {@code turns.csv} (one row per model turn), {@code failure_modes.csv} (variant × mode: seen / under strict / under
 * lenient), {@code depth.csv} (failure rate by conversation depth and by prompt tokens), {@code census.csv} (error
 * signatures × variant), {@code summary.csv}, {@code summary.json}, {@code summary.md}, {@code bfcl_scores.csv}
 * (BFCL's {@code data_multi_turn.csv} layout), {@code junit.xml} (one case per scenario × variant) and a
 * self-contained {@code index.html} (inline CSS and SVG, no scripts, a CSP that forbids every external load).
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li>A turn with an endpoint error that is not a format error produced no output: it is counted, shown in the
 *       census as {@code [endpoint] …}, and excluded from the parse-failure denominators ("evaluable turns").</li>
 *   <li>Strict failure: the strict parse failed or the server rejected the output with a harmony error. Lenient and
 *       harmony-non-strict failures likewise; a parse the journal lacks (chat mode) takes the strict outcome.</li>
 *   <li>Failure modes count "under strict" when the turn failed under strict (tool-level modes always count), and
 *       "under lenient" when it still failed under lenient.</li>
 *   <li>Resumed runs: a repeated (turn, step) within an open scenario attempt starts a new attempt and the old one
 *       is dropped (counted as superseded); turns without a scenario record form {@code incomplete} scenarios.</li>
 * </ul>
 *
 * <h2>Statistics</h2>
 * 95% Wilson score intervals for rates; A/B pairs scenarios by id and turns by (scenario id, turn, step). Paired:
 * McNemar's exact test on scenario outcomes with a seeded percentile bootstrap over paired scenarios for the rate
 * difference. Unpaired: two-proportion z-test (Fisher's exact test when an expected count is below 5) with Newcombe's
 * hybrid score interval. Every p is printed with its n and test; small or underpowered comparisons say so.
 *
 * <h2>Gate rules ({@code --fail-if})</h2>
 * See {@link dev.harmonica.report.GateRule}: {@code METRIC[:COND[,COND...]]} with metrics
 * {@code strict-rate-increase}, {@code lenient-rate-increase}, {@code non-strict-rate-increase},
 * {@code bfcl-accuracy-drop}, {@code swe-agreement-drop}, {@code new-signature} and conditions {@code p<X},
 * {@code >X} (points), {@code >=N} (new-signature count).
 */
package dev.harmonica.report;
