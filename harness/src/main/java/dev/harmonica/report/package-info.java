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
 * (BFCL's {@code data_multi_turn.csv} layout), {@code swe_agreement.csv} (SWE replay agreement per trajectory format
 * and depth, over judged steps: {@link dev.harmonica.report.SweFigures}), {@code junit.xml} (one case per scenario × variant) and a
 * self-contained {@code index.html} (inline CSS and SVG, no scripts, a CSP that forbids every external load).
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li>A turn with an endpoint error that is not a format error produced no output: it is counted, shown in the
 *       census as {@code [endpoint] …}, and excluded from the parse-failure denominators ("evaluable turns").</li>
 *   <li>Strict failure: the strict parse failed or the server rejected the output with a harmony error. Lenient and
 *       harmony-non-strict failures likewise; a parse the journal lacks (chat mode) takes the strict outcome.</li>
 *   <li>Failure modes: "seen" = the turn shows the mode; "under strict" / "under lenient" = the mode is in the turn's
 *       {@code strict_failure_modes} / {@code lenient_failure_modes} (the runner's per-parser view: a leaked tool-name
 *       suffix lenient cuts off counts as {@code unknown_tool} under strict only). Journals written before those
 *       fields existed fall back, with a warning, to the older rule: format modes count under a parser when its parse
 *       failed, tool-level modes under both.</li>
 *   <li>Completeness is keyed on the scenario record: a scenario × variant is complete iff its {@code scenario} line
 *       exists; turns without one (a run interrupted or still running) form {@code incomplete} scenarios, with a
 *       warning. Legacy journals (before the runner compacted on resume) may repeat a (turn, step) with a
 *       non-resampled line: that starts a new attempt and the earlier lines are counted as superseded.</li>
 *   <li>Resampled draws ({@code driven_by} = {@code resampled}, discarded by the runner and re-drawn at the same
 *       (turn, step)) are rows in turns.csv and the drill-down and are counted ("resampled draws" in summary.csv,
 *       summary.json, summary.md, index.html), but excluded from every rate, failure-mode count, the census, latency
 *       and pairing: rates describe the draws that drove the conversation.</li>
 *   <li>Baseline: the first variant of run.json's {@code config.variants}; never journal order (thread timing).
 *       Variants run.json does not declare follow in name order, with a warning.</li>
 *   <li>BFCL: "BFCL accuracy (entries run)" = correct / total over the entries this run has, with per-category
 *       numbers; "BFCL overall (absent categories count as 0, as BFCL does)" is BFCL's own four-category mean, the
 *       number {@code bfcl_scores.csv} carries in BFCL's layout.</li>
 *   <li>CSV formula injection: text columns that hold untrusted text (scenario id, source, category, finish reason,
 *       endpoint and parser errors, error signatures, injected-fault and failure-mode codes) get a single quote
 *       prefixed when they start with {@code = + - @}, tab or CR (OWASP); numeric columns are never touched.</li>
 * </ul>
 *
 * <h2>Statistics</h2>
 * 95% Wilson score intervals for rates; A/B pairs scenarios by id and turns by (scenario id, turn, step). Paired:
 * McNemar's exact test on scenario outcomes with a seeded percentile bootstrap over paired scenarios (in scenario-id
 * order) for the rate difference; when no scenario pair is discordant, the headline adds the turn-level paired view
 * (discordant turns keyed by scenario, turn, step, with McNemar's exact test on them, marked indicative because turns
 * within a scenario are correlated). Unpaired: two-proportion z-test (Fisher's exact test when an expected count is below 5) with Newcombe's
 * hybrid score interval. Every p is printed with its n and test; small or underpowered comparisons say so.
 *
 * <h2>Gate rules ({@code --fail-if})</h2>
 * See {@link dev.harmonica.report.GateRule}: {@code METRIC[:COND[,COND...]]} with metrics
 * {@code strict-rate-increase}, {@code lenient-rate-increase}, {@code non-strict-rate-increase},
 * {@code bfcl-accuracy-drop}, {@code swe-agreement-drop}, {@code new-signature} and conditions {@code p<X},
 * {@code >X} (points), {@code >=N} (new-signature count).
 */
package dev.harmonica.report;

