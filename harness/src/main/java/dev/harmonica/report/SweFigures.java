package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SWE replay figures of one variant, per trajectory source format (the importer that read the trajectory, journaled
 * as the scenario's {@code category}: {@code sweagent}, {@code mini-v1}, {@code mini-v2}, {@code openhands},
 * {@code openhands-v1}, {@code messages}) and per depth (the replayed step's index, bucketed like depth.csv). Filled
 * by {@link RunAggregator} one closed scenario at a time (its last complete attempt); written by {@link SweReport}.
 *
 * <p>Definitions (docs/swe.md "Reading the SWE report"):
 * <ul>
 *   <li><b>judged step</b>: a replayed step whose scoring turn (the journal line carrying {@code replay}) was judged;
 *       only judged steps are in any rate. A step the endpoint did not answer is counted beside the rate as
 *       <i>not judged</i>, never as a disagreement.</li>
 *   <li><b>agreement</b>: the step agrees ({@code exact}, {@code equivalent}, or both message-only); every other level
 *       ({@code same_target}, {@code same_program}, {@code same_tool}, {@code different}, {@code no_action}) is a
 *       disagreement. Rate = agreeing / judged steps, with a 95% Wilson interval.</li>
 *   <li><b>action-format error</b>: the reply's action could not be read in the trajectory's own action format
 *       ({@code replay.action_format_errors}, e.g. two fenced blocks where mini-swe-agent wants one).
 *       <b>harmony format error</b>: a request of the step failed the strict harmony parse (or the server rejected
 *       the output with a harmony error); <i>unrecovered</i>: the lenient parse failed too. The two are counted
 *       separately: a turn can be perfect harmony and still break the agent's action syntax, and the reverse.</li>
 *   <li><b>first divergence</b>: per trajectory, the depth of its first judged step that disagrees. A trajectory
 *       whose judged steps all agree has <i>never diverged</i> when its replay completed, and is <i>censored</i>
 *       (unknown) when the endpoint cut it short (or, stopped early, it has no judged step); the median is over
 *       diverged trajectories.</li>
 * </ul>
 */
public final class SweFigures {
    /** The format key of the figures over every format. */
    public static final String ALL_FORMATS = "(all formats)";

    private final Map<String, Format> formats = new TreeMap<>();
    private final Format all = new Format();

    /** The journal's {@code replay} object of a turn line, as the reports keep it. */
    public record Step(String agreement, boolean agrees, boolean actionFormatError, String actionFormat) {
        /** From a turn line's {@code replay} field; null when absent or not an object. */
        static Step from(JsonNode replay) {
            if (replay == null || !replay.isObject()) return null;
            JsonNode errors = replay.get("action_format_errors");
            return new Step(TurnRow.clip(TurnRow.textOf(replay.get("agreement")), 40),
                    replay.path("agrees").asBoolean(false), errors != null && errors.isArray() && !errors.isEmpty(),
                    TurnRow.clip(TurnRow.textOf(replay.get("action_format")), 200));
        }
    }

    /** Counts over the replayed steps of one (format, depth) cell, or of a whole format. */
    public static final class Cell {
        long judged, notJudged, agree, exact, equivalent, message, sameTarget, sameProgram, sameTool, otherTool,
                noAction, actionFormatErrors, harmonyFormatErrors, harmonyUnrecovered, firstDivergences;

        void add(Step s, boolean strictFailed, boolean lenientFailed) {
            judged++;
            if (s.agrees()) agree++;
            String level = s.agreement() == null ? "" : s.agreement();
            switch (level) {
                case "exact" -> exact++;
                case "equivalent" -> equivalent++;
                case "message" -> message++;
                case "same_target" -> sameTarget++;
                case "same_program" -> sameProgram++;
                case "same_tool" -> sameTool++;
                case "no_action" -> noAction++;
                default -> otherTool++; // "different", or a level this reader does not know
            }
            if (s.actionFormatError()) actionFormatErrors++;
            if (strictFailed) harmonyFormatErrors++;
            if (lenientFailed) harmonyUnrecovered++;
        }

        /** Agreeing / judged steps; null when no step was judged. */
        public Double rate() {
            return judged == 0 ? null : (double) agree / judged;
        }

        public Stats.Interval interval() {
            return Stats.wilson(agree, judged);
        }

        public long judged() {
            return judged;
        }

        public long notJudged() {
            return notJudged;
        }

        public long agree() {
            return agree;
        }

        /** Judged steps that do not agree (every level below {@code equivalent}). */
        public long disagree() {
            return judged - agree;
        }

        boolean isEmpty() {
            return judged == 0 && notJudged == 0 && firstDivergences == 0;
        }
    }

    /** The figures of one source format (or of all of them). */
    public static final class Format {
        final Cell total = new Cell();
        final Cell[] depth = new Cell[VariantStats.DEPTH_BOUNDS.length];
        final Set<String> actionFormats = new TreeSet<>();
        final List<Integer> firstDivergence = new ArrayList<>();
        long trajectories, neverDiverged, censored;

        Format() {
            for (int i = 0; i < depth.length; i++) depth[i] = new Cell();
        }

        Cell at(int step) {
            return depth[VariantStats.bucket(VariantStats.DEPTH_BOUNDS, step)];
        }

        /** Median depth of the first divergence over the diverged trajectories; null when none diverged. */
        public Double medianFirstDivergence() {
            if (firstDivergence.isEmpty()) return null;
            List<Integer> s = new ArrayList<>(firstDivergence);
            Collections.sort(s);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
        }

        public Cell total() {
            return total;
        }

        public long trajectories() {
            return trajectories;
        }

        public long diverged() {
            return firstDivergence.size();
        }

        public long neverDiverged() {
            return neverDiverged;
        }

        public long censored() {
            return censored;
        }
    }

    /** One replayed step as its turn lines say: the scoring line's {@code replay}, and harmony errors on any request. */
    private static final class StepLines {
        Step scored;
        boolean strictFailed, lenientFailed;
    }

    /** Adds one closed scenario × variant (its last complete attempt); scenarios that are not SWE replays are ignored. */
    void add(ScenarioResult sr, List<TurnRow> rows) {
        Map<Integer, StepLines> steps = new LinkedHashMap<>();
        boolean cut = sr.status().equals("not_judged") || sr.status().equals("harness_error");
        // a replay scores its steps (journal "replay"); older journals did not, and give no SWE figures
        boolean replay = "swe".equals(sr.source()) && cut;
        int lastStep = -1;
        for (TurnRow r : rows) {
            if (r.resampled()) continue;
            StepLines s = steps.computeIfAbsent(r.step(), k -> new StepLines());
            s.strictFailed |= r.strictFailed();
            s.lenientFailed |= r.lenientFailed();
            if (r.replay() != null) {
                s.scored = r.replay();
                replay = true;
            }
            lastStep = r.step();
        }
        if (!replay) return;
        String name = sr.category() == null ? "unknown" : sr.category();
        for (Format f : List.of(formats.computeIfAbsent(name, k -> new Format()), all)) {
            addTo(f, steps, cut ? lastStep : -1, sr.status());
        }
    }

    private static void addTo(Format f, Map<Integer, StepLines> steps, int unjudgedStep, String status) {
        f.trajectories++;
        int first = -1;
        boolean scored = false;
        for (Map.Entry<Integer, StepLines> e : steps.entrySet()) {
            StepLines s = e.getValue();
            if (s.scored == null) continue;
            scored = true;
            f.total.add(s.scored, s.strictFailed, s.lenientFailed);
            f.at(e.getKey()).add(s.scored, s.strictFailed, s.lenientFailed);
            if (s.scored.actionFormat() != null) f.actionFormats.add(s.scored.actionFormat());
            if (!s.scored.agrees() && (first < 0 || e.getKey() < first)) first = e.getKey();
        }
        if (unjudgedStep >= 0 && (steps.get(unjudgedStep) == null || steps.get(unjudgedStep).scored == null)) {
            f.total.notJudged++;
            f.at(unjudgedStep).notJudged++;
        }
        if (first >= 0) {
            f.firstDivergence.add(first);
            f.total.firstDivergences++;
            f.at(first).firstDivergences++;
        } else if (scored && status.equals("completed")) {
            f.neverDiverged++;
        } else {
            f.censored++;
        }
    }

    /** True when the variant replayed no SWE trajectory. */
    public boolean isEmpty() {
        return all.trajectories == 0;
    }

    /** Per source format, in name order, then {@link #ALL_FORMATS}. */
    public Map<String, Format> formats() {
        Map<String, Format> out = new LinkedHashMap<>(formats);
        out.put(ALL_FORMATS, all);
        return out;
    }

    public Format all() {
        return all;
    }
}
