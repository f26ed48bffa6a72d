package dev.harmonica.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harmonica.endpoint.Endpoint;
import dev.harmonica.endpoint.EndpointException;
import dev.harmonica.endpoint.ModelRequest;
import dev.harmonica.endpoint.RawTurn;
import dev.harmonica.harmony.FailureMode;
import dev.harmonica.harmony.HarmonyEncoding;
import dev.harmonica.harmony.Message;
import dev.harmonica.harmony.MessageJson;
import dev.harmonica.harmony.ParseOutcome;
import dev.harmonica.harmony.Repair;
import dev.harmonica.harmony.parse.TurnAnalysis;
import dev.harmonica.journal.Digests;
import dev.harmonica.journal.Journal;
import dev.harmonica.journal.ScenarioRecord;
import dev.harmonica.journal.TurnRecord;
import dev.harmonica.scenario.ExpectedCall;
import dev.harmonica.scenario.MultiTurnScenario;
import dev.harmonica.scenario.ReplayScenario;
import dev.harmonica.scenario.Scenario;
import dev.harmonica.scenario.ToolBackend;
import dev.harmonica.scenario.schema.ToolValidator;
import dev.harmonica.scenario.swe.ContextBudget;
import dev.harmonica.scenario.swe.ReplayContext;
import dev.harmonica.scenario.swe.ReplayPrefix;
import dev.harmonica.scenario.swe.SweScenario;
import dev.harmonica.tools.ToolSet;
import dev.harmonica.turn.ActionScorer;
import dev.harmonica.turn.ChatHarmony;
import dev.harmonica.turn.ModelAction;
import dev.harmonica.turn.TurnAnalyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Plays one scenario × variant: the BFCL inference loop (bfcl-multi-turn.md §7) or SWE prefix replay
 * (swe-trajectories.md §4.1), journaling one {@link TurnRecord} per model turn through the sink, and returning the
 * {@link ScenarioRecord}. Deterministic given the endpoint's answers: nothing depends on time or thread.
 */
public final class ScenarioPlayer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The canned holdout message of BFCL FC mode (bfcl-multi-turn.md §9.4), sent when a turn has no messages. */
    public static final String HOLDOUT_MESSAGE = "I have updated some more functions you can choose from. What about now?";

    private final String runId;
    private final String shard;
    private final RunConfig config;
    private final Endpoint endpoint;
    private final TurnAnalyzer analyzer;
    private final RendererFactory renderers;
    private final Sink sink;

    /** Receives journal records of one scenario, in order. */
    public interface Sink {
        void turn(TurnRecord record);
    }

    public ScenarioPlayer(String runId, String shard, RunConfig config, Endpoint endpoint, TurnAnalyzer analyzer,
                          RendererFactory renderers, Sink sink) {
        this.runId = runId;
        this.shard = shard;
        this.config = config;
        this.endpoint = endpoint;
        this.analyzer = analyzer;
        this.renderers = renderers;
        this.sink = sink;
    }

    public ScenarioRecord play(Scenario scenario, Variant variant) {
        return scenario instanceof MultiTurnScenario m ? playMultiTurn(m, variant) : playReplay((ReplayScenario) scenario, variant);
    }

    // ------------------------------------------------------------------ BFCL-style multi-turn

    private ScenarioRecord playMultiTurn(MultiTurnScenario s, Variant v) {
        Stats st = new Stats();
        MultiTurnScenario.Play play = s.environment().start();
        ToolBackend backend = play.backend();
        ToolSet tools = ToolSet.of(s.tools());
        Conversation conv = Conversation.create(v, renderers);
        conv.setup(tools, null);
        List<List<List<ExpectedCall>>> modelCalls = new ArrayList<>();
        String status = "completed";
        String error = null;
        int depth = 0;
        turns:
        for (int t = 0; t < s.turns().size(); t++) {
            MultiTurnScenario.UserTurn turn = s.turns().get(t);
            if (!turn.addedTools().isEmpty()) {
                tools = tools.plus(turn.addedTools());
                conv.setup(tools, null);
            }
            List<String> userMessages = turn.userMessages().isEmpty() && !turn.addedTools().isEmpty()
                    ? List.of(HOLDOUT_MESSAGE) : turn.userMessages();
            for (String u : userMessages) conv.user(u);
            List<List<ExpectedCall>> turnCalls = new ArrayList<>();
            modelCalls.add(turnCalls);
            List<ExpectedCall> remaining = new ArrayList<>(turn.groundTruth());
            for (int step = 0; ; step++) {
                JsonNode expected = expectedForBfcl(remaining);
                StepResult r = step(s, v, conv, tools, t, step, depth, expected, st, true, null);
                depth++;
                if (r.endpointError != null) {
                    status = "error";
                    error = r.endpointError;
                    break turns;
                }
                if (r.stopped) {
                    r.emit();
                    status = "stopped";
                    break turns;
                }
                List<ExpectedCall> executed = new ArrayList<>();
                List<ExpectedCall> stepCalls = new ArrayList<>();
                for (PendingCall c : r.calls) stepCalls.add(new ExpectedCall(c.execName, c.args));
                if (!r.calls.isEmpty() && !play.decodes(stepCalls)) {
                    // BFCL: "Error decoding the model response. Proceed to next turn." Nothing is executed.
                    r.emit();
                    break;
                }
                for (PendingCall c : r.calls) {
                    String result = backend.execute(c.execName, c.args);
                    c.result = result;
                    executed.add(new ExpectedCall(c.execName, c.args));
                    removeMatching(remaining, c.execName, c.args);
                }
                r.emit();
                if (r.calls.isEmpty()) break; // the model stopped calling tools: the turn ends
                turnCalls.add(executed);
                for (PendingCall c : r.calls) conv.toolResult(c.history, c.result);
                if (step + 1 > config.stepLimit()) { // BFCL: count += 1; if count > MAXIMUM_STEP_LIMIT: force-quit
                    status = "step_limit";
                    break turns;
                }
            }
        }
        ScenarioRecord.BfclVerdict verdict;
        List<Boolean> turnsPassed = null;
        if ("error".equals(status)) {
            verdict = new ScenarioRecord.BfclVerdict(false, "multi_turn:inference_error",
                    "Error during inference phase. Model did not output a list of model responses.", null);
        } else {
            MultiTurnScenario.Verdict vd = play.check(modelCalls);
            verdict = new ScenarioRecord.BfclVerdict(vd.valid(), vd.errorType(), vd.errorMessage(), vd.turn());
            turnsPassed = vd.turnsPassed();
        }
        return scenarioRecord(s, v, status, error, st, verdict, null, turnsPassed);
    }

    /** The simulator's hint: the next ground-truth call of the turn, or a short final answer once all are made. */
    static JsonNode expectedForBfcl(List<ExpectedCall> remaining) {
        ArrayNode out = MAPPER.createArrayNode();
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
        JsonNode a = readJson(args);
        for (int i = 0; i < remaining.size(); i++) {
            ExpectedCall e = remaining.get(i);
            if (e.name().equals(name) && a != null && jsonEquals(a, readJson(e.argumentsJson()))) {
                remaining.remove(i);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ SWE prefix replay

    private ScenarioRecord playReplay(ReplayScenario s, Variant v) {
        Stats st = new Stats();
        SweScenario t = s.trajectory();
        ToolSet tools = ToolSet.of(s.tools());
        ReplayContext context = s.context();
        ActionScorer scorer = new ActionScorer(t);
        ContextBudget budget = config.sweBudget(v);
        ReplayHistory history = new ReplayHistory(v, renderers, tools);
        List<Integer> selected = config.swePlan().select(t.steps().size());
        if (config.sweMaxSteps() > 0 && selected.size() > config.sweMaxSteps()) {
            selected = selected.subList(0, config.sweMaxSteps());
        }
        String status = "completed";
        String error = null;
        int agreed = 0;
        int replayed = 0;
        for (int k : selected) {
            SweScenario.Step rec = t.steps().get(k);
            ReplayPrefix prefix = context.prefix(k, budget);
            Conversation conv = history.sync(prefix.messages());
            TurnRecord.ReplayContext journaled = new TurnRecord.ReplayContext(
                    budget.isUnlimited() ? 0 : budget.maxPromptTokens(), prefix.tokensBefore(), prefix.tokensAfter(),
                    prefix.elidedSteps(), prefix.elidedObservations(), prefix.overBudget());
            // teacher forcing: the model's answer is scored, never appended; the next prefix is the recording's
            StepResult r = step(s, v, conv, tools, 0, k, k, recordedAsHarmony(rec, s.textActions()), st, false,
                    journaled);
            if (r.endpointError != null) {
                status = "error";
                error = r.endpointError;
                break;
            }
            replayed++;
            if (!r.stopped) {
                boolean agrees = scorer.score(k, r.parsed ? ModelAction.fromHarmony(r.driving) : ModelAction.unparsed())
                        .agrees();
                if (agrees) agreed++;
                for (PendingCall c : r.calls) c.agrees = agrees;
            }
            r.emit();
            if (r.stopped) {
                status = "stopped";
                break;
            }
        }
        Double agreement = replayed == 0 ? null : agreed / (double) replayed;
        return scenarioRecord(s, v, status, error, st, null, agreement, null);
    }

    /** The simulator's hint for a replayed step: the recorded action as harmony messages. */
    private static JsonNode recordedAsHarmony(SweScenario.Step rec, boolean textActions) {
        ArrayNode out = MAPPER.createArrayNode();
        if (rec.toolCalls().isEmpty() || textActions) {
            out.add(MessageJson.write(Message.text("assistant", rec.assistantText()).withChannel("final")));
            return out;
        }
        if (!rec.assistantText().isBlank()) {
            out.add(MessageJson.write(Message.text("assistant", rec.assistantText()).withChannel("analysis")));
        }
        for (SweScenario.ToolCall c : rec.toolCalls()) {
            out.add(MessageJson.write(Message.toolCall(c.name(), c.arguments())));
        }
        return out;
    }

    // ------------------------------------------------------------------ one model turn

    /** A call the driving view made, on its way to execution and the journal. */
    private static final class PendingCall {
        final ToolValidator.Validation validation;
        final String view;
        final Boolean validNameStrict;
        final String execName;
        final String args;
        final Conversation.CallForHistory history;
        String result;
        Boolean agrees;

        PendingCall(ViewCall c, String view, Boolean validNameStrict, Conversation.CallForHistory history) {
            this.validation = c.validation;
            this.view = view;
            this.validNameStrict = validNameStrict;
            this.execName = c.validation.name();
            this.args = c.validation.arguments();
            this.history = history;
        }
    }

    /** The outcome of one model turn; {@link #emit} journals it once results are known. */
    private static final class StepResult {
        final List<PendingCall> calls = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();
        String endpointError;
        boolean stopped;
        /** The driving parse's messages (empty when stopped). */
        List<Message> driving = List.of();
        /** The turn parsed at all (the driving parse has messages or the lenient parse succeeded). */
        boolean parsed;

        void emit() {
            for (Runnable r : pending) r.run();
            pending.clear();
        }
    }

    /** One call as one view reads it: the recipient as written, its validation under that view. */
    private record ViewCall(String recipient, ToolValidator.Validation validation, boolean validNameStrict) {
    }

    /**
     * One parser's view of the turn's calls: STRICT reads names exactly, LENIENT sanitises them
     * ({@link ToolValidator#sanitizedName}); see {@link TurnRecord} for how the per-view failure modes are built.
     */
    private record View(List<ViewCall> calls, Set<FailureMode> toolModes, List<String> calledNames) {
        static View of(List<Message> messages, ToolValidator tools, boolean lenient, boolean chat, Variant v) {
            List<ViewCall> calls = new ArrayList<>();
            Set<FailureMode> modes = EnumSet.noneOf(FailureMode.class);
            List<String> names = new ArrayList<>();
            for (Message m : messages) {
                if (!"assistant".equals(m.role()) && !chat) continue;
                if (m.recipient() == null || m.recipient().equals("assistant") || m.recipient().equals("user")) continue;
                String exact = ToolValidator.exactName(m.recipient());
                boolean exactDeclared = tools.declares(exact);
                String name = exact;
                if (!exactDeclared) {
                    String sanitized = ToolValidator.sanitizedName(m.recipient());
                    if (tools.declares(sanitized)) {
                        if (lenient) name = sanitized;
                        else modes.add(FailureMode.TOOL_NAME_LEAK);
                    }
                }
                ToolValidator.Validation val = tools.validate(name, m.text());
                for (String code : val.failureModes()) addCode(modes, code);
                calls.add(new ViewCall(m.recipient(), val, exactDeclared));
                names.add(name);
            }
            if (chat) {
                for (String code : ToolSet.toolChoiceModes(v.toolChoice(), v.parallelToolCalls(), names)) {
                    addCode(modes, code);
                }
            }
            return new View(calls, modes, names);
        }
    }

    private StepResult step(Scenario s, Variant v, Conversation conv, ToolSet tools, int turn, int step, int depth,
                            JsonNode expected, Stats st, boolean appendToHistory, TurnRecord.ReplayContext replayContext) {
        StepResult out = new StepResult();
        for (int sample = 0; ; sample++) {
            ModelRequest.Sampling sampling = v.sampling();
            String hintId = s.id();
            if (sample > 0) {
                long base = sampling.seed() == null ? 0L : sampling.seed();
                sampling = new ModelRequest.Sampling(sampling.maxTokens(), sampling.temperature(), sampling.topP(),
                        base + sample);
                hintId = s.id() + "#resample" + sample;
            }
            ModelRequest req = conv.request(config.endpoint().model(), v, sampling,
                    new ModelRequest.SimHint(hintId, depth, expected));
            String requestDigest = requestDigest(req);
            RawTurn raw;
            try {
                raw = endpoint.complete(req);
            } catch (EndpointException e) {
                String msg = e.getMessage();
                out.endpointError = msg;
                TurnRecord tr = new TurnRecord(TurnRecord.TYPE, runId, shard, s.id(), s.source(), s.category(),
                        v.name(), turn, step, depth, conv.lastPromptTokens(), 0, 0.0, e.attempts(), false,
                        requestDigest, null, new TurnRecord.EndpointError(e.status(), msg, false), null, null, null,
                        null, List.of(), List.of(), List.of(), "none", null, null, null, replayContext);
                st.turns++;
                sink.turn(withDigest(tr));
                return out;
            }
            boolean chat = v.mode().isChat();
            TurnAnalysis analysis;
            int[] completionTokens = null;
            String completionText = null;
            JsonNode chatMessage = raw.chatMessage();
            if (chat) {
                analysis = chatAnalysis(raw);
            } else {
                completionTokens = raw.completionTokens();
                completionText = raw.completionText();
                if (completionTokens == null) {
                    completionTokens = HarmonyEncoding.get().encodeWithSpecials(completionText == null ? "" : completionText);
                }
                if (completionText == null) completionText = HarmonyEncoding.get().decode(completionTokens);
                analysis = analyzer.analyze(completionTokens);
            }
            boolean strictOk = analysis.strict().isOk() && raw.serverError() == null;
            boolean lenientOk = analysis.lenient().isOk();
            Set<FailureMode> format = EnumSet.noneOf(FailureMode.class);
            for (String code : analysis.failureModes()) addCode(format, code);
            if (raw.serverError() != null) format.add(FailureMode.SERVER_FORMAT_ERROR);
            boolean empty = chat ? isEmptyChat(chatMessage) : completionTokens.length == 0;
            boolean emptyOutput = empty && raw.serverError() == null;

            // both views of the turn's calls
            View strictView = View.of(analysis.strict().messages(), tools.validator(), false, chat, v);
            View lenientView = View.of(analysis.lenient().messages(), tools.validator(), true, chat, v);
            Set<FailureMode> strictExtra = EnumSet.noneOf(FailureMode.class);
            strictExtra.addAll(strictView.toolModes());
            strictExtra.removeAll(lenientView.toolModes());
            Set<FailureMode> strictModes = EnumSet.noneOf(FailureMode.class);
            if (!strictOk || !strictView.toolModes().isEmpty()) strictModes.addAll(format); // the turn broke: say why
            strictModes.addAll(strictView.toolModes());
            Set<FailureMode> lenientModes = EnumSet.noneOf(FailureMode.class);
            if (!lenientOk) lenientModes.addAll(format);
            lenientModes.addAll(lenientView.toolModes());
            if (emptyOutput) {
                strictModes.add(FailureMode.EMPTY_OUTPUT);
                lenientModes.add(FailureMode.EMPTY_OUTPUT);
            }
            Set<FailureMode> all = EnumSet.copyOf(format);
            all.addAll(strictModes);
            all.addAll(lenientModes);

            // the driving view: strict when it parsed (and, for the lenient drivers, read the calls as well as lenient)
            String drivenBy;
            List<Message> driving;
            View drivingView;
            if (strictOk && (v.driving() == Variant.Driving.STOP || strictExtra.isEmpty())) {
                drivenBy = "strict";
                driving = analysis.strict().messages();
                drivingView = strictView;
            } else if (strictOk) { // parsed, but the lenient reading recovers a call the strict one gets wrong
                drivenBy = "lenient";
                driving = analysis.lenient().messages();
                drivingView = lenientView;
            } else if (v.driving() == Variant.Driving.STOP) {
                drivenBy = "stopped";
                driving = List.of();
                drivingView = null;
                out.stopped = true;
            } else if (v.driving() == Variant.Driving.RESAMPLE && sample < v.resamples()) {
                drivenBy = "resampled";
                driving = null;
                drivingView = null;
            } else {
                drivenBy = "lenient";
                driving = analysis.lenient().messages();
                drivingView = lenientView;
            }
            if (!strictOk) st.strictFail(depth);
            if (!lenientOk || raw.serverError() != null) st.lenientFailures++;

            List<PendingCall> calls = new ArrayList<>();
            if (drivingView != null) {
                List<JsonNode> chatCalls = chat && chatMessage != null && chatMessage.path("tool_calls").isArray()
                        ? toList(chatMessage.get("tool_calls")) : List.of();
                String viewName = drivingView == strictView ? "strict" : "lenient";
                // valid_name_strict: the strict parse's reading of the same call (by position), when it has one
                boolean paired = strictOk && strictView.calls().size() == drivingView.calls().size();
                for (int ci = 0; ci < drivingView.calls().size(); ci++) {
                    ViewCall c = drivingView.calls().get(ci);
                    Boolean validNameStrict = paired ? strictView.calls().get(ci).validNameStrict() : null;
                    String id = null;
                    if (chat && ci < chatCalls.size()) id = chatCalls.get(ci).path("id").asText(null);
                    if (id == null || id.isEmpty()) id = "call_" + depth + "_" + ci;
                    // chat: the history echoes the server's name; completions: the tool the driving view called
                    String historyName = chat ? ToolValidator.exactName(c.recipient()) : c.validation().name();
                    calls.add(new PendingCall(c, viewName, validNameStrict,
                            new Conversation.CallForHistory(id, historyName, c.validation().arguments())));
                }
            }
            if (driving != null && appendToHistory) {
                if (chat) {
                    if (chatMessage != null && !chatMessage.isNull()) conv.assistant(driving, withCallIds(chatMessage, calls));
                } else {
                    conv.assistant(driving, null);
                }
            }
            final TurnAnalysis fa = analysis;
            final List<String> fmodes = codes(all);
            final List<String> fstrict = codes(strictModes);
            final List<String> flenient = codes(lenientModes);
            final int promptTokens = conv.lastPromptTokens() >= 0 ? conv.lastPromptTokens() : raw.promptTokens();
            final int[] ftokens = completionTokens;
            final String ftext = completionText;
            final String fdriven = drivenBy;
            final int fsample = sample;
            st.turns++;
            Runnable journal = () -> {
                List<TurnRecord.ToolCall> tcs = new ArrayList<>(calls.size());
                for (PendingCall c : calls) {
                    ToolValidator.Validation val = c.validation;
                    tcs.add(new TurnRecord.ToolCall(c.execName, c.args, val.validName(), val.validJson(),
                            val.schemaValid(), val.schemaErrors().isEmpty() ? null : val.schemaErrors(), c.result,
                            c.agrees, c.view, c.validNameStrict));
                }
                TurnRecord.Raw rawRec = chat
                        ? new TurnRecord.Raw(null, null, chatMessage, raw.finishReason())
                        : new TurnRecord.Raw(ftext, ftokens, null, raw.finishReason());
                int completionCount = raw.completionTokenCount() >= 0 ? raw.completionTokenCount()
                        : ftokens == null ? 0 : ftokens.length;
                TurnRecord tr = new TurnRecord(TurnRecord.TYPE, runId, shard, s.id(), s.source(), s.category(),
                        v.name(), turn, step, depth, promptTokens, completionCount, raw.latencyMillis(),
                        raw.attempts(), raw.cached(), requestDigest, rawRec,
                        raw.serverError() == null ? null : new TurnRecord.EndpointError(raw.httpStatus(), raw.serverError(), true),
                        parse(fa.strict(), raw.serverError()), parse(fa.nonStrict(), raw.serverError()),
                        parse(fa.lenient(), null), fa.strictSignature(), fmodes, tcs, raw.injectedFaults(),
                        fdriven + (fsample > 0 ? "#" + fsample : ""), null, fstrict, flenient, replayContext);
                sink.turn(withDigest(tr));
            };
            if (driving == null) { // a discarded sample: journal it now and draw again
                journal.run();
                continue;
            }
            out.driving = driving;
            out.parsed = !driving.isEmpty() || lenientOk;
            out.calls.addAll(calls);
            out.pending.add(journal);
            return out;
        }
    }

    private static void addCode(Set<FailureMode> modes, String code) {
        FailureMode m = FailureMode.byCode(code);
        if (m == null) throw new IllegalStateException("unknown failure mode code '" + code + "'");
        modes.add(m);
    }

    /** Codes in {@link FailureMode} declaration order (format modes first, then tool level). */
    private static List<String> codes(Set<FailureMode> modes) {
        List<String> out = new ArrayList<>(modes.size());
        for (FailureMode m : modes) out.add(m.code());
        return out;
    }

    private static ObjectNode withCallIds(JsonNode chatMessage, List<PendingCall> calls) {
        ObjectNode m = chatMessage != null && chatMessage.isObject() ? ((ObjectNode) chatMessage).deepCopy()
                : MAPPER.createObjectNode();
        JsonNode tc = m.get("tool_calls");
        if (tc != null && tc.isArray()) {
            for (int i = 0; i < tc.size() && i < calls.size(); i++) {
                if (tc.get(i).isObject() && !tc.get(i).path("id").isTextual()) {
                    ((ObjectNode) tc.get(i)).put("id", calls.get(i).history.id());
                }
            }
        }
        return m;
    }

    /** Chat mode: the server parsed; its message is turned into harmony messages so all journals have one shape. */
    private static TurnAnalysis chatAnalysis(RawTurn raw) {
        if (raw.serverError() != null) {
            ParseOutcome failed = ParseOutcome.failed(raw.serverError());
            return new TurnAnalysis(failed, failed, failed, List.of(), null);
        }
        List<Message> msgs = ChatHarmony.toHarmony(raw.chatMessage());
        ParseOutcome ok = ParseOutcome.ok(msgs);
        return new TurnAnalysis(ok, ok, ok, List.of(), null);
    }

    private static boolean isEmptyChat(JsonNode m) {
        if (m == null || m.isNull()) return true;
        boolean content = m.hasNonNull("content") && !m.get("content").asText().isEmpty();
        boolean calls = m.path("tool_calls").isArray() && !m.get("tool_calls").isEmpty();
        boolean reasoning = m.hasNonNull("reasoning") || m.hasNonNull("reasoning_content");
        return !content && !calls && !reasoning;
    }

    private static List<JsonNode> toList(JsonNode arr) {
        List<JsonNode> out = new ArrayList<>(arr.size());
        arr.forEach(out::add);
        return out;
    }

    private static TurnRecord.Parse parse(ParseOutcome o, String serverError) {
        ArrayNode repairs = null;
        if (!o.repairs().isEmpty()) {
            repairs = MAPPER.createArrayNode();
            for (Repair r : o.repairs()) {
                repairs.addObject().put("code", r.code()).put("offset", r.offset()).put("before", r.before())
                        .put("after", r.after());
            }
        }
        String error = o.error() != null ? o.error() : serverError;
        return new TurnRecord.Parse(error == null, error, MessageJson.writeAll(o.messages()), repairs);
    }

    private static String requestDigest(ModelRequest r) {
        String sampling = r.sampling() == null ? "" : r.sampling().toString();
        if (r.mode() == ModelRequest.Mode.COMPLETIONS) {
            return Digests.tokens(r.promptTokens(), r.model() + "|" + sampling);
        }
        return Digests.sha256Hex16(r.model() + "|" + r.messages() + "|" + r.tools() + "|" + r.toolChoice() + "|"
                + r.parallelToolCalls() + "|" + r.stream() + "|" + sampling);
    }

    /** The record digest covers everything except timing (latency) so that identical runs give identical digests. */
    static TurnRecord withDigest(TurnRecord t) {
        TurnRecord forDigest = new TurnRecord(t.type(), t.runId(), t.shard(), t.scenarioId(), t.source(), t.category(),
                t.variant(), t.turn(), t.step(), t.depth(), t.promptTokens(), t.completionTokens(), 0.0, t.attempts(),
                t.cached(), t.requestDigest(), t.raw(), t.endpointError(), t.strict(), t.harmonyNonStrict(),
                t.lenient(), t.strictSignature(), t.failureModes(), t.toolCalls(), t.injectedFaults(), t.drivenBy(),
                null, t.strictFailureModes(), t.lenientFailureModes(), t.replayContext());
        String d;
        try {
            d = Digests.sha256Hex16(Journal.MAPPER.writeValueAsString(forDigest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new TurnRecord(t.type(), t.runId(), t.shard(), t.scenarioId(), t.source(), t.category(), t.variant(),
                t.turn(), t.step(), t.depth(), t.promptTokens(), t.completionTokens(), t.latencyMs(), t.attempts(),
                t.cached(), t.requestDigest(), t.raw(), t.endpointError(), t.strict(), t.harmonyNonStrict(),
                t.lenient(), t.strictSignature(), t.failureModes(), t.toolCalls(), t.injectedFaults(), t.drivenBy(), d,
                t.strictFailureModes(), t.lenientFailureModes(), t.replayContext());
    }

    private ScenarioRecord scenarioRecord(Scenario s, Variant v, String status, String error, Stats st,
                                          ScenarioRecord.BfclVerdict verdict, Double agreement,
                                          List<Boolean> turnsPassed) {
        ScenarioRecord r = new ScenarioRecord(ScenarioRecord.TYPE, runId, shard, s.id(), s.source(), s.category(),
                v.name(), status, error, st.turns, st.strictFailures, st.lenientFailures, st.firstStrictDepth,
                verdict, agreement, null, turnsPassed);
        String d;
        try {
            d = Digests.sha256Hex16(Journal.MAPPER.writeValueAsString(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ScenarioRecord(r.type(), r.runId(), r.shard(), r.scenarioId(), r.source(), r.category(), r.variant(),
                r.status(), r.error(), r.modelTurns(), r.strictFailures(), r.lenientFailures(),
                r.firstStrictFailureDepth(), r.bfcl(), r.sweAgreement(), d, r.bfclTurnsPassed());
    }

    private static final class Stats {
        int turns;
        int strictFailures;
        int lenientFailures;
        Integer firstStrictDepth;

        void strictFail(int depth) {
            strictFailures++;
            if (firstStrictDepth == null) firstStrictDepth = depth;
        }
    }

    // ------------------------------------------------------------------ JSON helpers

    static JsonNode readJson(String s) {
        if (s == null) return null;
        try {
            return MAPPER.readTree(s.isBlank() ? "{}" : s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.equals(b)) return 0;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        return 1;
    };

    /** JSON equality where 5 and 5.0 are equal (Python's {@code ==} on decoded JSON). */
    static boolean jsonEquals(JsonNode a, JsonNode b) {
        return a != null && b != null && a.equals(NUMERIC, b);
    }
}
