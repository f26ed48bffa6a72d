package dev.harmonica.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.journal.Journal;
import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.scenario.swe.ContextBudget;
import dev.harmonica.scenario.swe.ReplayContext;
import dev.harmonica.scenario.swe.ReplayHints;
import dev.harmonica.scenario.swe.ReplayPrefix;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.tools.RecordedObservations;
import dev.harmonica.tools.ToolSet;
import dev.harmonica.turn.ActionScore;
import dev.harmonica.turn.ActionScorer;
import dev.harmonica.turn.DrivenBy;
import dev.harmonica.turn.DrivenCall;
import dev.harmonica.turn.EndpointFailure;
import dev.harmonica.turn.ModelAction;
import dev.harmonica.turn.TurnRules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays one scenario × variant: the BFCL inference loop (per user turn, model calls until the model stops calling
 * tools or the step limit) or SWE prefix replay (each selected step against the recorded history: teacher forcing).
 * Each model call is a small loop: render → call the endpoint → judge ({@code turn}) → execute tools → journal.
 * Deterministic given the endpoint's answers: nothing depends on time or thread, except the deadline.
 */
public final class ScenarioPlayer {
    /** The canned holdout message of BFCL FC mode, sent when a turn releases functions and has no messages. */
    public static final String HOLDOUT_MESSAGE = "I have updated some more functions you can choose from. What about now?";

    private final PlayServices services;
    private final int attempt;
    private final Consumer<TurnRecord> sink;
    private final Instant deadline;

    /**
     * @param attempt  the scenario × variant's attempt number (1 = first play)
     * @param sink     receives the journal lines of the play's turns, in order
     * @param deadline no model call starts after it (null: none); the rest is not judged (cause {@code deadline})
     */
    ScenarioPlayer(PlayServices services, int attempt, Consumer<TurnRecord> sink) {
        this(services, attempt, sink, null);
    }

    ScenarioPlayer(PlayServices services, int attempt, Consumer<TurnRecord> sink, Instant deadline) {
        this.services = services;
        this.attempt = attempt;
        this.sink = sink;
        this.deadline = deadline;
    }

    public ScenarioRecord play(Scenario scenario, Variant variant) {
        return scenario instanceof MultiTurnScenario m ? new MultiTurnPlay(m, variant).play()
                : new ReplayPlay((ReplayScenario) scenario, variant).play();
    }

    /** How a play ended. */
    private record Ending(ScenarioRecord.Status status, EndpointFailure failure, String error, boolean bfclInferenceError) {
        static final Ending COMPLETED = new Ending(ScenarioRecord.Status.COMPLETED, null, null);
        static final Ending STOPPED = new Ending(ScenarioRecord.Status.STOPPED, null, null);
        static final Ending STEP_LIMIT = new Ending(ScenarioRecord.Status.STEP_LIMIT, null, null);

        Ending(ScenarioRecord.Status status, EndpointFailure failure, String error) {
            this(status, failure, error, false);
        }

        /** BFCL's message for an entry whose result is not a list of turns (bfcl_eval/eval_checker/eval_runner.py). */
        static final String INFERENCE_ERROR_MESSAGE =
                "Error during inference phase. Model did not output a list of model responses.";

        /**
         * BFCL's protocol: what ends the entry when the endpoint gave no answer. Harmonica's own deadline is not
         * BFCL's: work it cut stays not judged; any other endpoint failure fails the entry as BFCL's inference error.
         */
        static Ending ofBfcl(TurnTaker.Taken t) {
            if (t instanceof TurnTaker.Unjudged u && !EndpointFailure.DEADLINE.equals(u.failure().cause())) {
                return inferenceError(u.failure());
            }
            return of(t);
        }

        static Ending inferenceError(EndpointFailure f) {
            return new Ending(ScenarioRecord.Status.INFERENCE_ERROR, f,
                    "BFCL inference error: " + f.cause() + ": " + f.message(), true);
        }

        /**
         * BFCL's protocol, a server that rejected the turn's format: an HTTP error to BFCL (inference error), a judged
         * model failure to Harmonica (the turn is journaled failed), so the entry stops, scored as BFCL scores it.
         */
        static Ending rejectedFormat(TurnTaker.Judged j) {
            var raw = j.turn().raw();
            return new Ending(ScenarioRecord.Status.STOPPED, null, "BFCL inference error: the server rejected the "
                    + "turn's format (HTTP " + raw.httpStatus() + "): " + raw.serverError(), true);
        }

        static Ending of(TurnTaker.Taken t) {
            if (t instanceof TurnTaker.Unjudged u) {
                return new Ending(ScenarioRecord.Status.NOT_JUDGED, u.failure(),
                        "not judged: " + u.failure().cause() + ": " + u.failure().message());
            }
            return new Ending(ScenarioRecord.Status.HARNESS_ERROR, null,
                    "internal error: " + TurnJournaling.describe(((TurnTaker.Broken) t).error()));
        }

        boolean judged() {
            return status.judged();
        }

        boolean scored() {
            return status.scored();
        }
    }

    private TurnTaker taker() {
        return new TurnTaker(services, new TurnJournaling(services.runId(), services.shard()), sink, deadline);
    }

    private ScenarioRecord record(Scenario s, Variant v, Ending e, PlayTally t, Verdicts verdicts) {
        ScenarioRecord r = new ScenarioRecord(ScenarioRecord.TYPE, services.runId(), services.shard(), s.id(),
                s.source(), s.category(), v.name(), e.status().jsonName(), e.error(), t.turns, t.strictFailures,
                t.lenientFailures, t.firstStrictFailureDepth, verdicts.bfcl(), verdicts.sweAgreement(), null,
                verdicts.bfclTurnsPassed(), attempt > 1 ? attempt : null, t.judged, t.unjudged,
                e.scored() ? null : Boolean.FALSE, e.failure() == null ? null : TurnRecord.NotJudged.of(e.failure()));
        return Journal.withDigest(r);
    }

    /** A play's verdicts: BFCL's checker, or SWE agreement; all null when the play was not scored. */
    private record Verdicts(ScenarioRecord.BfclVerdict bfcl, List<Boolean> bfclTurnsPassed, Double sweAgreement) {
        static final Verdicts NONE = new Verdicts(null, null, null);
    }

    private static TurnRules rules(ToolSet tools, Variant v) {
        return new TurnRules(tools, v.mode().isChat(), v.toolChoice(), v.parallelToolCalls());
    }

    /** Appends the driving reading of a turn to the history (chat: the message a server would hold). */
    private static void appendAssistant(Conversation conv, TurnTaker.Judged j) {
        if (!j.drive().continues()) return;
        if (!j.turn().output().chat()) {
            conv.assistant(j.turn().output().messages(j.drive().lenient()), null);
        } else if (j.turn().output().chatMessage() != null) {
            conv.assistant(List.of(), DrivenCall.chatHistoryMessage(j.turn(), j.drive(), j.calls()));
        }
    }

    // ------------------------------------------------------------------ BFCL-style multi-turn

    /** One play of a multi-turn scenario: BFCL's inference loop against fresh backends, then BFCL's checker. */
    private final class MultiTurnPlay {
        private final MultiTurnScenario s;
        private final Variant v;
        private final MultiTurnScenario.Play env;
        private final Conversation conv;
        private final PlayTally tally = new PlayTally();
        private final TurnTaker taker = taker();
        private final List<List<List<ExpectedCall>>> modelCalls = new ArrayList<>();
        private ToolSet tools;
        private int depth;

        MultiTurnPlay(MultiTurnScenario s, Variant v) {
            this.s = s;
            this.v = v;
            this.env = s.environment().start();
            this.tools = ToolSet.of(s.tools());
            this.conv = Conversation.create(v, services.renderers(), services.config().system());
            conv.setup(tools, null);
        }

        ScenarioRecord play() {
            Ending e = userTurns();
            Verdicts verdicts = Verdicts.NONE;
            if (e.bfclInferenceError()) {
                verdicts = new Verdicts(new ScenarioRecord.BfclVerdict(false, BFCL_INFERENCE_ERROR,
                        Ending.INFERENCE_ERROR_MESSAGE, null), null, null);
            } else if (e.judged()) {
                MultiTurnScenario.Verdict vd = env.check(modelCalls);
                verdicts = new Verdicts(new ScenarioRecord.BfclVerdict(vd.valid(), vd.errorType(), vd.errorMessage(),
                        vd.turn()), vd.turnsPassed(), null);
            }
            return record(s, v, e, tally, verdicts);
        }

        private Ending userTurns() {
            for (int t = 0; t < s.turns().size(); t++) {
                Ending e = userTurn(t, s.turns().get(t));
                if (e != null) return e;
            }
            return Ending.COMPLETED;
        }

        /** One user turn: model calls until it stops calling tools; null when the scenario goes on. */
        private Ending userTurn(int t, MultiTurnScenario.UserTurn turn) {
            if (!turn.addedTools().isEmpty()) {
                tools = tools.plus(turn.addedTools());
                conv.setup(tools, null);
            }
            boolean holdout = turn.userMessages().isEmpty() && !turn.addedTools().isEmpty();
            for (String u : holdout ? List.of(HOLDOUT_MESSAGE) : turn.userMessages()) conv.user(u);
            List<List<ExpectedCall>> turnCalls = new ArrayList<>();
            modelCalls.add(turnCalls);
            List<ExpectedCall> remaining = new ArrayList<>(turn.groundTruth());
            for (int step = 0; ; step++) {
                TurnContext c = new TurnContext(s, v, attempt, t, step, depth++, null);
                TurnTaker.Taken taken = taker.take(c, conv, rules(tools, v), expectedForBfcl(remaining), tally);
                if (!(taken instanceof TurnTaker.Judged j)) return v.bfclCompat() ? Ending.ofBfcl(taken) : Ending.of(taken);
                if (v.bfclCompat() && j.turn().raw().serverError() != null) { // BFCL: an HTTP error, the entry fails
                    taker.journal(c, j, TurnJournaling.CallResults.NONE);
                    return Ending.rejectedFormat(j);
                }
                if (v.bfclCompat()) conv.assistant(List.of(), j.turn().raw().chatMessage());
                else appendAssistant(conv, j);
                if (j.drive().by() == DrivenBy.STOPPED) {
                    taker.journal(c, j, TurnJournaling.CallResults.NONE);
                    return Ending.STOPPED;
                }
                List<ExpectedCall> stepCalls = asExpected(j.calls());
                if (!stepCalls.isEmpty() && !env.decodes(stepCalls)) {
                    // BFCL: "Error decoding the model response. Proceed to next turn." Nothing is executed.
                    taker.journal(c, j, TurnJournaling.CallResults.NONE);
                    return null;
                }
                List<String> results = execute(j.calls(), remaining);
                taker.journal(c, j, new TurnJournaling.CallResults(results, List.of()));
                if (j.calls().isEmpty()) return null; // the model stopped calling tools: the user turn ends
                turnCalls.add(stepCalls);
                for (int i = 0; i < results.size(); i++) conv.toolResult(history(j.calls().get(i)), results.get(i));
                if (step + 1 > services.config().stepLimit()) return Ending.STEP_LIMIT; // BFCL's force-quit
            }
        }

        private List<String> execute(List<DrivenCall> calls, List<ExpectedCall> remaining) {
            List<String> results = new ArrayList<>(calls.size());
            for (DrivenCall c : calls) {
                results.add(env.backend().execute(c.name(), c.arguments()));
                removeMatching(remaining, c.name(), c.arguments());
            }
            return results;
        }
    }

    /** BFCL's error type for an entry whose inference failed. */
    static final String BFCL_INFERENCE_ERROR = "multi_turn:inference_error";

    private static List<ExpectedCall> asExpected(List<DrivenCall> calls) {
        List<ExpectedCall> out = new ArrayList<>(calls.size());
        for (DrivenCall c : calls) out.add(new ExpectedCall(c.name(), c.arguments()));
        return out;
    }

    private static Conversation.CallForHistory history(DrivenCall c) {
        return new Conversation.CallForHistory(c.id(), c.historyName(), c.arguments());
    }

    /** The simulator's hint: the next ground-truth call of the turn, or a short final answer once all are made. */
    static JsonNode expectedForBfcl(List<ExpectedCall> remaining) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (remaining.isEmpty()) {
            out.add(MessageJson.write(Message.text("assistant", "The request is complete.").withChannel("final")));
            return out;
        }
        ExpectedCall next = remaining.get(0);
        out.add(MessageJson.write(Message.text("assistant", "I should call " + next.name() + ".").withChannel("analysis")));
        out.add(MessageJson.write(Message.toolCall(next.name(), next.argumentsJson())));
        return out;
    }

    private static void removeMatching(List<ExpectedCall> remaining, String name, String args) {
        JsonNode a = JsonValues.read(args);
        for (int i = 0; i < remaining.size(); i++) {
            ExpectedCall e = remaining.get(i);
            if (e.name().equals(name) && a != null && JsonValues.pythonEquals(a, JsonValues.read(e.argumentsJson()))) {
                remaining.remove(i);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ SWE prefix replay

    /** One replay of a trajectory: every selected step against its recorded prefix; answers are scored, never kept. */
    private final class ReplayPlay {
        private final ReplayScenario s;
        private final Variant v;
        private final SweScenario t;
        private final ToolSet tools;
        private final ContextBudget budget;
        private final ReplayHistory history;
        private final ActionScorer scorer;
        private final PlayTally tally = new PlayTally();
        private final TurnTaker taker = taker();
        private int agreed;
        private int replayed;

        ReplayPlay(ReplayScenario s, Variant v) {
            this.s = s;
            this.v = v;
            this.t = s.trajectory();
            this.tools = ToolSet.of(s.tools());
            this.budget = services.config().sweBudget(v);
            this.history = new ReplayHistory(v, services.renderers(), tools, services.config().system());
            this.scorer = new ActionScorer(t);
        }

        ScenarioRecord play() {
            Ending e = steps();
            Double agreement = !e.judged() || replayed == 0 ? null : agreed / (double) replayed;
            return record(s, v, e, tally, new Verdicts(null, null, agreement));
        }

        private Ending steps() {
            RunSpec rc = services.config();
            List<Integer> selected = rc.swePlan().select(t.steps().size());
            if (rc.sweMaxSteps() > 0 && selected.size() > rc.sweMaxSteps()) selected = selected.subList(0, rc.sweMaxSteps());
            for (int k : selected) {
                Ending e = step(k);
                if (e != null) return e;
            }
            return Ending.COMPLETED;
        }

        /**
         * One replayed step against its recorded prefix (teacher forcing: the model's answer is scored, never kept).
         * gpt-oss ends a turn at its first call, so a step with parallel recorded calls takes one request per call:
         * the model's call and its recorded observation go into the history before the next request. The combined
         * reply is scored once ({@link ActionScorer}). Null when the replay goes on.
         */
        private Ending step(int k) {
            ReplayPrefix prefix = s.context().prefix(k, budget);
            Conversation conv = history.sync(prefix.messages());
            RecordedObservations observations = new RecordedObservations(t, k);
            List<ModelAction> parts = new ArrayList<>();
            int made = 0;
            for (int request = 0; ; request++) {
                TurnContext c = new TurnContext(s, v, attempt, request, k, k, journaled(prefix));
                JsonNode hint = MessageJson.writeAll(ReplayHints.recordedReplyAfter(t, k, made));
                TurnTaker.Taken taken = taker.take(c, conv, rules(tools, v), hint, tally);
                if (!(taken instanceof TurnTaker.Judged j)) return Ending.of(taken);
                if (j.drive().by() == DrivenBy.STOPPED) { // scored as no action: replayed, never agreeing
                    replayed++;
                    taker.journalScored(c, j, scorer.score(k, ModelAction.unparsed()), request + 1);
                    return Ending.STOPPED;
                }
                parts.add(action(j));
                made += j.calls().size();
                if (!j.calls().isEmpty() && ReplayHints.callsLeft(t, k, made) > 0) {
                    List<String> results = new ArrayList<>();
                    for (DrivenCall call : j.calls()) results.add(observations.execute(call.name(), call.arguments()));
                    taker.journal(c, j, new TurnJournaling.CallResults(results, List.of()));
                    appendAssistant(conv, j);
                    for (int i = 0; i < results.size(); i++) conv.toolResult(history(j.calls().get(i)), results.get(i));
                    history.invalidate(); // the next step's prefix no longer extends this conversation
                    continue;
                }
                ActionScore score = scorer.score(k, ModelAction.combine(parts));
                replayed++;
                if (score.agrees()) agreed++;
                taker.journalScored(c, j, score, request + 1);
                return null;
            }
        }

        private ModelAction action(TurnTaker.Judged j) {
            if (!j.drive().continues()) return ModelAction.unparsed();
            List<Message> msgs = j.turn().output().messages(j.drive().lenient());
            return !msgs.isEmpty() || j.turn().output().lenientParsed() ? ModelAction.fromHarmony(msgs)
                    : ModelAction.unparsed();
        }

        private TurnRecord.ReplayContext journaled(ReplayPrefix p) {
            return new TurnRecord.ReplayContext(budget.isUnlimited() ? 0 : budget.maxPromptTokens(),
                    p.tokensBefore(), p.tokensAfter(), p.elidedSteps(), p.elidedObservations(), p.overBudget());
        }
    }
}
