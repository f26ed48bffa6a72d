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
 *   <li>{@link dev.harmonica.report.Trend#write}: runs over time with a change test per run
 *       ({@code harmonica trend RUN_DIR… --out DIR}; {@link dev.harmonica.report.ClusteredChange}).</li>
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
 * Echo fidelity ({@link dev.harmonica.report.EchoFigures}) and log-probability margins
 * ({@link dev.harmonica.report.MarginFigures}) add turns.csv columns, a {@code summary.json} object per variant and an
 * index.html section each (docs/reading-figures.md).
 *
 * <h2>Definitions</h2>
 * Every column and denominator is in docs/reports.md; in short:
 * <ul>
 *   <li>Three outcomes per turn (journal {@code outcome}): judged, not judged (the endpoint gave no output; by
 *       {@code not_judged.cause}), harness error. Every rate is over judged turns only; the other two are counted
 *       beside every rate ({@link dev.harmonica.report.JudgedLine}); when nothing was judged no rate is printed.</li>
 *   <li>Verdicts of judged turns (ok, rescued, rescued with loss, failed) come from the journal, or for older
 *       journals from {@code turn.Verdict.of}: strict failure = not ok, lenient failure = failed.</li>
 *   <li>Failure modes: "seen" = the turn shows the mode; "under strict" / "under lenient" = the mode is in the turn's
 *       {@code strict_failure_modes} / {@code lenient_failure_modes}. Journals written before those fields existed
 *       fall back, with a warning, to the older rule: format modes count under a parser when its parse failed,
 *       tool-level modes under both.</li>
 *   <li>A scenario × variant is complete iff its {@code scenario} line exists; the last attempt counts (earlier ones
 *       that ended not judged are listed, not counted). It is scored only when all of its turns were judged; BFCL
 *       accuracy is correct / scored entries with the not-scored count beside it.</li>
 *   <li>Resampled draws ({@code driven_by} = {@code resampled}) are rows in turns.csv and counted, but in no rate.</li>
 *   <li>Baseline: the first variant of run.json's {@code config.variants}; never journal order.</li>
 *   <li>Untrusted text: every CSV cell is formula-guarded; every HTML value is escaped, bidi-isolated when it has
 *       anything beyond ASCII, with invisible and control characters made visible.</li>
 * </ul>
 *
 * <h2>Statistics</h2>
 * 95% Wilson score intervals for rates. A/B ({@link dev.harmonica.report.Comparison}, docs/statistics.md) pairs
 * scenarios by id over the scenarios judged on both sides. A failure rate's headline is the mean over paired
 * scenarios of the per-scenario difference (failed judged turns / judged turns), with a seeded cluster bootstrap
 * interval and the sign-flip permutation test of the same differences (exact up to 20 differing scenarios, Monte
 * Carlo above); beside it the minimal detectable difference, a depth-stratified Cochran–Mantel–Haenszel test with
 * the Mantel–Haenszel odds ratio, Kaplan–Meier curves of turns until the first strict failure with a log-rank test,
 * and, labelled secondary, McNemar's exact test on "any failure". BFCL accuracy: McNemar's exact test (the exact
 * sign-flip test of the paired 0/1 outcomes). Unpaired: two-proportion z-test (Fisher's exact test when an expected
 * count is below 5) with Newcombe's hybrid score interval. Every p is printed with its n and test; small or
 * underpowered comparisons say so. The computations are in {@link dev.harmonica.report.stats}.
 *
 * <h2>Gate rules ({@code --fail-if})</h2>
 * See {@link dev.harmonica.report.GateRule}: {@code METRIC[:COND[,COND...]]} with metrics
 * {@code strict-rate-increase}, {@code lenient-rate-increase}, {@code non-strict-rate-increase},
 * {@code bfcl-accuracy-drop}, {@code swe-agreement-drop}, {@code new-signature} and conditions {@code p<X},
 * {@code >X} (points), {@code >=N} (new-signature count); at least one condition per rule.
 */
package dev.harmonica.report;

